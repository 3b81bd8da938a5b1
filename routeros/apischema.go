package routeros

import (
	"errors"
	"fmt"
	"slices"
)

// This file exposes the parser's menu schemas to the embedded router's API
// server (emulator/api), which validates `add` and `set` arguments the
// same way the .rsc parser validates `add` commands.

// ErrUnknownProperty is wrapped by CheckProperty for a property the menu
// does not know.
var ErrUnknownProperty = errors.New("unknown property")

// HasItemSchema reports whether menu (canonical slash form) holds items
// that this package validates: the firewall tables, address lists and the
// queue menus.
func HasItemSchema(menu string) bool {
	e := lookupMenu(menu)
	return e != nil && e.path == menu && e.schema != nil
}

// PropertyNames returns the sorted property names menu's items accept, or
// nil for a menu without a schema.
func PropertyNames(menu string) []string {
	if !HasItemSchema(menu) {
		return nil
	}
	return slices.Clone(lookupMenu(menu).schema.names)
}

// CheckProperty checks one property of an item of menu. An unknown key
// gives an error wrapping ErrUnknownProperty; a bad value an error that
// describes it ("unknown action \"foo\"", "invalid number \"x\"").
func CheckProperty(menu, key, value string) error {
	if !HasItemSchema(menu) {
		return fmt.Errorf("%s has no item schema", menu)
	}
	s := lookupMenu(menu).schema
	c, ok := s.props[key]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownProperty, s.unknown(key))
	}
	if c == nil {
		return nil
	}
	return c(value)
}

// CheckItem validates a whole item of a menu with a schema: every property
// and the rules that involve several (required properties, an action's
// companions). The error is an ErrorList; nil means the item is valid.
func CheckItem(it *Item) error {
	if !HasItemSchema(it.Menu) {
		return fmt.Errorf("%s has no item schema", it.Menu)
	}
	return lookupMenu(it.Menu).schema.validate(it, true).err()
}

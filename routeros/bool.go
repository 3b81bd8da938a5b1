package routeros

import "fmt"

// RouterOS writes a boolean as yes|no in exports and the CLI and as
// true|false in API replies; both are accepted everywhere. These functions
// are the one place that reads and writes them: callers never compare
// "yes" or "true" themselves.

// ParseBool reads a RouterOS boolean: yes or true, no or false.
func ParseBool(v string) (bool, error) {
	switch v {
	case "yes", "true":
		return true, nil
	case "no", "false":
		return false, nil
	}
	return false, fmt.Errorf("invalid boolean %q (use yes or no)", v)
}

// IsTrue reports whether v is yes or true. Anything else, the empty
// string (an unset property) included, is false: use it for values a
// schema has checked, or where unset means no.
func IsTrue(v string) bool { return v == "yes" || v == "true" }

// YesNo renders b as exports and the CLI write it.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// TrueFalse renders b as API replies print it.
func TrueFalse(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Bool reports whether the item's property key is set to yes or true
// (unset is false).
func (it *Item) Bool(key string) bool {
	v, _ := it.Get(key)
	return IsTrue(v)
}

// Disabled reports whether the item is disabled=yes.
func (it *Item) Disabled() bool { return it.Bool("disabled") }

package routeros

import (
	"strings"
)

// Canonical paths of the menus this package knows by name. Item.Menu always
// holds the slash form used here.
const (
	MenuFilter      = "/ip/firewall/filter"
	MenuMangle      = "/ip/firewall/mangle"
	MenuNAT         = "/ip/firewall/nat"
	MenuAddressList = "/ip/firewall/address-list"
	MenuQueueTree   = "/queue/tree"
	MenuQueueSimple = "/queue/simple"
	MenuQueueType   = "/queue/type"
	MenuService     = "/ip/service"
	MenuUser        = "/user"
)

// Prop is one property of an item, as RouterOS stores it: a name and a
// string value. Values are kept exactly as written after unquoting
// (including a leading "!" of a negated matcher); typed views decode them.
type Prop struct{ Key, Value string }

// Item is one entry of a RouterOS menu, such as a firewall rule or a queue.
// It is the unit the RouterOS API works with, which is why the model is
// untyped: DecodeRule and DecodeQueueTree give typed views of it.
type Item struct {
	Menu  string // canonical slash form: "/ip/firewall/filter", "/queue/tree", ...
	Props []Prop // in the order written; keys are unique within an item
	File  string // script the item came from; "" for items built in code
	Line  int    // 1-based line where the command started (at its path, if written on the same line); 0 if unknown
	Col   int    // 1-based column of that start; 0 if unknown
	// Builtin marks a built-in entry the script edits (an /ip service, the
	// default admin user), identified by its "name" property: deployers
	// `set` it by name, never add or remove it.
	Builtin bool

	// pos[i] is where Props[i] was written, so that errors found after
	// parsing (DecodeRule called by the translator) still point at the
	// property. It may be shorter than Props (Set appends no position).
	pos []propPos
}

// propPos is where one property was written: its key and its value.
type propPos struct{ keyLine, keyCol, valLine, valCol int }

// Get returns the value of the property key and whether it is present.
func (it *Item) Get(key string) (string, bool) {
	for _, p := range it.Props {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

// Set replaces the value of the property key, or appends the property if
// the item does not have it yet.
func (it *Item) Set(key, value string) {
	for i := range it.Props {
		if it.Props[i].Key == key {
			it.Props[i].Value = value
			return
		}
	}
	it.Props = append(it.Props, Prop{Key: key, Value: value})
}

// clone returns a deep copy of it.
func (it *Item) clone() *Item {
	c := *it
	c.Props = append([]Prop(nil), it.Props...)
	c.pos = append([]propPos(nil), it.pos...)
	return &c
}

// keyPos returns where the key of property key was written, falling back to
// the start of the command for properties without a recorded position.
func (it *Item) keyPos(key string) (line, col int) {
	for i, p := range it.Props {
		if p.Key == key && i < len(it.pos) && it.pos[i].keyLine > 0 {
			return it.pos[i].keyLine, it.pos[i].keyCol
		}
	}
	return it.Line, it.Col
}

// valuePos is like keyPos for the property's value.
func (it *Item) valuePos(key string) (line, col int) {
	for i, p := range it.Props {
		if p.Key == key && i < len(it.pos) && it.pos[i].valLine > 0 {
			return it.pos[i].valLine, it.pos[i].valCol
		}
	}
	return it.Line, it.Col
}

// Notice is something the parser accepted but did not turn into an item,
// or a likely mistake that RouterOS itself would accept. Notices are not
// errors; callers usually print them as warnings.
type Notice struct {
	File string
	Line int
	// Kind says what the notice is about, for callers that treat kinds
	// differently (lint reports only NoticeMistake and NoticeScripting).
	Kind NoticeKind
	// Menu is the menu of a NoticeIgnored or NoticeReadOnly command, in
	// canonical form ("/routing/table"); "" for other kinds.
	Menu string
	Msg  string
}

// NoticeKind classifies a Notice. Callers branch on it, never on the
// message's words.
type NoticeKind int

const (
	// NoticeMistake is a likely mistake RouterOS accepts: rules in a
	// chain nothing jumps to, a find that matches nothing, a user group
	// the script does not add.
	NoticeMistake NoticeKind = iota
	// NoticeIgnored is a command of a menu qosbench does not model (it
	// does not change the packet path, or the lab replaces it); the
	// command is skipped (see Config.Ignored).
	NoticeIgnored
	// NoticeReadOnly is a print or export: it changes nothing.
	NoticeReadOnly
	// NoticeScripting is a harmless scripting command (:log, :local, ...)
	// that qosbench does not run.
	NoticeScripting
)

// String formats the notice as "FILE:LINE: MSG".
func (n Notice) String() string {
	return location(n.File, n.Line, 0) + n.Msg
}

// Config is a parsed RouterOS configuration: the items of the menus this
// package models, in script order.
type Config struct {
	Source          string   // file name used in messages
	RouterOSVersion string   // from the export header ("6.48", "7.14.2"); "" if absent
	Items           []*Item  // final state of the script's list items: added in script order, then edited by set/remove/enable/disable
	Notices         []Notice // lines that were skipped, and other warnings, in script order
	// Settings are the singleton menus the script sets ("/ip settings set
	// allow-fast-path=no"), one Item per menu with the merged properties, in
	// the order each menu was first set. The embedded router does not model
	// them; the API deployer applies them to real routers.
	Settings []*Item
	// Rejected holds, in Terminal mode only (ParseOptions), the errors of
	// the commands left out, in script order. An error's position is where
	// the problem is in its command: the command's line, or one of its
	// continuation lines.
	Rejected ErrorList
	// Ignored holds the commands of menus skipped with a Notice that could
	// still be parsed into items: `add k=v ...` and `set k=v ...` of a
	// singleton ("/ip address add address=192.168.88.1/24
	// interface=ether2", "/ip dhcp-client add interface=ether1", "/ip dns
	// set servers=1.1.1.1"). Their properties are as written, unchecked;
	// Menu, Props, File, Line and Col are set. They are read-only input for
	// tools that want to know the router's surroundings (the linter, the
	// interface mapper); the embedded router and deployers ignore them.
	Ignored []*Item
}

// Menu returns the items of one menu, in script order. path may be written
// in either slash ("/queue/tree") or space ("/queue tree") form.
func (c *Config) Menu(path string) []*Item {
	path = CanonicalMenu(path)
	var out []*Item
	for _, it := range c.Items {
		if it.Menu == path {
			out = append(out, it)
		}
	}
	return out
}

// Clone returns a deep copy of c: editing the copy's items or properties
// does not affect c.
func (c *Config) Clone() *Config {
	d := *c
	d.Items = make([]*Item, len(c.Items))
	for i, it := range c.Items {
		d.Items[i] = it.clone()
	}
	d.Notices = append([]Notice(nil), c.Notices...)
	d.Rejected = append(ErrorList(nil), c.Rejected...)
	if c.Ignored != nil {
		d.Ignored = make([]*Item, len(c.Ignored))
		for i, it := range c.Ignored {
			d.Ignored[i] = it.clone()
		}
	}
	if c.Settings != nil {
		d.Settings = make([]*Item, len(c.Settings))
		for i, it := range c.Settings {
			d.Settings[i] = it.clone()
		}
	}
	return &d
}

// CanonicalMenu returns the canonical slash form of a menu path written in
// any of the forms RouterOS accepts: "/ip firewall filter",
// "/ip/firewall/filter", "ip firewall filter" and mixtures of them all give
// "/ip/firewall/filter". It does not check that the menu exists.
func CanonicalMenu(path string) string {
	words := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == ' ' || r == '\t' })
	return "/" + strings.Join(words, "/")
}

// spaceMenu renders a canonical menu path the way exports write menu header
// lines: "/ip/firewall/filter" becomes "/ip firewall filter".
func spaceMenu(path string) string {
	if path == "/" {
		return path
	}
	return "/" + strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", " ")
}

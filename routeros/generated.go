package routeros

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	rosschema "github.com/qosbench/qosbench/routeros/schema"
)

// This file joins the hand-written schemas to RouterOS's own command tree
// (package routeros/schema, generated from /console/inspect output). The
// generated tree decides which menus and properties exist, in which
// version, and the values of the enums listed in generatedEnums; the
// hand-written schemas keep what the tree cannot say: how a value is
// checked in detail, what the checks between properties are, and what a
// property does to packets.

// identityKeys are properties a hand-written schema keeps although the
// command tree does not list them as add/set arguments: they name a
// built-in entry ("/ip service set ssh" is the item called "ssh").
var identityKeys = map[string]bool{"name": true}

// generatedEnums are the properties whose hand-written value list the
// command tree replaces (the hand-written lists had values RouterOS lacks
// and lacked values it has). wrap gives the shape around the enum.
var generatedEnums = map[string]func(check) check{
	"reject-with":      func(c check) check { return c },
	"src-address-type": func(c check) check { return negatable(listOf(c)) },
	"dst-address-type": func(c check) check { return negatable(listOf(c)) },
}

// hardwareMenus depend on the router's hardware or packages: the inspect
// data comes from a CHR (x86) and lacks properties a RouterBOARD has
// (PoE, SFP, switch chips, radios), so their property names are not
// checked.
var hardwareMenus = []string{
	"/interface/ethernet", "/interface/wireless", "/interface/w60g", "/interface/lte",
	"/interface/wifi", "/interface/wifiwave2", "/caps-man", "/system/routerboard", "/system/health",
	"/port", "/interface/ethernet/switch", "/system/leds", "/lcd", "/interface/bridge/port", "/system/hardware",
}

// generatedOnce applies the command tree to the hand-written schemas on
// first use rather than at package init: it takes 100-200 ms, which every
// qosbench command paid before main ran, and before `run` could handle a
// signal (a SIGTERM in that window ended the process by the default action,
// exit 143, instead of 130).
var generatedOnce sync.Once

// loadGenerated makes sure the command tree is applied; every way into
// the schemas (lookupMenu, ParseRSCOptions) calls it first.
func loadGenerated() { generatedOnce.Do(applyGenerated) }

func applyGenerated() {
	// The schemas of modelled menus know exactly what some RouterOS
	// version knows: properties no version has are removed (with a hint
	// that says so), properties they lacked are added.
	all := rosschema.For("")
	for path, e := range menus {
		if e.schema == nil || e.path != path {
			continue
		}
		m := all.Menu(path)
		if m == nil {
			continue
		}
		s := e.schema
		if s.hints == nil {
			s.hints = map[string]string{}
		}
		for k := range s.props {
			if m.Prop(k) == nil && !identityKeys[k] {
				delete(s.props, k)
				s.hints[k] = fmt.Sprintf("RouterOS has no property %q in %s (%s)", k, path, treeSource())
			}
		}
		for _, k := range m.Names() {
			if k == "copy-from" || k == "place-before" {
				continue // the parser refuses them with its own message
			}
			gp := m.Prop(k)
			if wrap, ok := generatedEnums[k]; ok && len(gp.Enum) > 0 {
				s.props[k] = emptyOr(wrap(enum(k+" value", gp.Enum...)))
				continue
			}
			if _, ok := s.props[k]; !ok {
				s.props[k] = nil // RouterOS has it; qosbench does not model it (Rule.Unsupported)
			}
		}
		s.names = sortedKeys(s.props)
	}
	// RejectWithValues follows RouterOS's own list.
	if p := all.Menu(MenuFilter).Prop("reject-with"); p != nil && len(p.Enum) > 0 {
		RejectWithValues = slices.Clone(p.Enum)
	}
}

// emptyOr accepts "" (verbose exports write an unset matcher as
// dst-address-type="") besides what c accepts.
func emptyOr(c check) check {
	return func(v string) error {
		if v == "" {
			return nil
		}
		return c(v)
	}
}

// treeSource names the trees a "no version has it" message consulted.
func treeSource() string {
	vs := rosschema.Versions()
	return "command tree of RouterOS " + vs[0] + " and " + vs[1] + "–" + vs[len(vs)-1]
}

// version returns the RouterOS version the script is checked against:
// ParseOptions.Version, else the export header's.
func (p *parser) version() string {
	if p.optVersion != "" {
		return p.optVersion
	}
	return p.cfg.RouterOSVersion
}

// versionName describes the tree for messages: "RouterOS 7.16".
func versionName(t *rosschema.Tree) string {
	switch t.Version {
	case "":
		return "any RouterOS version"
	case "6", "7":
		return "RouterOS " + t.Version
	}
	return "RouterOS " + t.Version
}

// versionProps reports the properties of an add or set of a modelled menu
// that the chosen version lacks although another version has them (the
// schema, built from every version, accepted them).
func (p *parser) versionProps(path, cmd string, args []token) {
	t := rosschema.For(p.version())
	if t.Version == "" {
		return
	}
	m := t.Menu(path)
	if m == nil {
		return
	}
	all := rosschema.For("").Menu(path)
	for _, a := range args {
		key, ok := argKey(a)
		if !ok || identityKeys[key] || m.Prop(key) != nil || all.Prop(key) == nil {
			continue
		}
		p.itemErrorf(a, path+" "+cmd, "property %q of %s is not in %s (it is in RouterOS %s)",
			key, path, versionName(t), strings.Join(all.Prop(key).In, ", "))
	}
}

// unmodelledProps checks the property names of an add or set in a menu
// qosbench does not model: RouterOS's command tree knows the menu, so a
// property it lacks is an error there too. Menus the tree lacks, and
// hardware-dependent ones, are not checked.
func (p *parser) unmodelledProps(path, cmd string, args []token) {
	if cmd != "add" && cmd != "set" {
		return
	}
	for _, h := range hardwareMenus {
		if path == h || strings.HasPrefix(path, h+"/") {
			return
		}
	}
	t := rosschema.For(p.version())
	m := t.Menu(path)
	if m == nil || len(m.Props) == 0 {
		return
	}
	all := rosschema.For("").Menu(path)
	for _, a := range args {
		key, ok := argKey(a)
		if !ok || m.Prop(key) != nil {
			continue
		}
		if strings.Contains(key, ".") {
			continue // v7 property groups ("configuration.ssid") are not in the tree's argument list
		}
		msg := fmt.Sprintf("unknown property %q in %s %s (not in the command tree of %s)", key, path, cmd, versionName(t))
		if ap := all.Prop(key); ap != nil {
			msg = fmt.Sprintf("property %q of %s is not in %s (it is in RouterOS %s)", key, path, versionName(t), strings.Join(ap.In, ", "))
		} else {
			msg += didYouMean(key, m.Names())
		}
		p.itemErrorf(a, path+" "+cmd, "%s", msg)
	}
}

// argKey returns the property name of a key=value or !key argument.
func argKey(t token) (string, bool) {
	switch {
	case t.group || t.dollar:
		return "", false
	case t.eq > 0 && (t.firstQuote < 0 || t.firstQuote > t.eq):
		return t.text[:t.eq], true
	case t.eq < 0 && t.firstQuote < 0 && len(t.text) > 1 && strings.HasPrefix(t.text, "!"):
		return t.text[1:], true
	}
	return "", false
}

// treeOnlyMenu returns an ignored entry for a menu that RouterOS's command
// tree has (in any version) but the registry does not list (/app,
// /interface/veth, ...), or for a word below such a menu (a command such
// as "/container start"). A mistyped menu below a registered one
// ("/ip/firewall/fliter") stays unknown.
func treeOnlyMenu(path string) *menuEntry {
	all := rosschema.For("")
	for q := path; q != "/"; q = parentMenu(q) {
		if _, registered := menus[q]; registered || slices.Contains(menuNames, q) {
			return nil
		}
		if all.Menu(q) != nil {
			return &menuEntry{path: q, kind: menuIgnored, subtree: true, reason: reasonNotModelled}
		}
	}
	return nil
}

// emptyMeansUnset reports whether key="" in menu means the property is not
// set: RouterOS's exports write firewall matchers that way
// (connection-state="", dst-address-type=""), and a matcher is what the
// command tree offers "!" for.
func emptyMeansUnset(menu, key string) bool {
	if tableOf(menu) == "" {
		return false
	}
	p := rosschema.For("").Menu(menu).Prop(key)
	return p != nil && p.Neg
}

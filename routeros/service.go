package routeros

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// The management services of /ip service are built in: a router has a
// fixed set of them (telnet, ftp, www, ssh, www-ssl, api, winbox, api-ssl),
// which a script can only edit (set, enable, disable), never add or remove.
// The parser keeps one Builtin item per service the script touches, holding
// its final properties merged from all of the script's edits; name is
// always present and identifies the service.

// Service is one management service of the router (/ip service) after the
// config's edits.
type Service struct {
	Name     string         // telnet, ftp, www, ssh, www-ssl, api, winbox, api-ssl
	Port     int            // TCP port it listens on
	Disabled bool           // a disabled service does not listen
	Address  []netip.Prefix // allowed source prefixes; empty = any address
	File     string         // where the config last changed it; "" and 0 for a default
	Line     int
}

// Allows reports whether the service accepts connections from a: it is
// enabled and a is in one of its prefixes (or it has none).
func (s Service) Allows(a netip.Addr) bool {
	if s.Disabled {
		return false
	}
	if len(s.Address) == 0 {
		return true
	}
	return slices.ContainsFunc(s.Address, func(p netip.Prefix) bool { return p.Contains(a) })
}

// defaultServices are the services of a RouterOS v6/v7 router as shipped,
// in print order. www-ssl is disabled by default because it needs a
// certificate.
var defaultServices = []Service{
	{Name: "telnet", Port: 23},
	{Name: "ftp", Port: 21},
	{Name: "www", Port: 80},
	{Name: "ssh", Port: 22},
	{Name: "www-ssl", Port: 443, Disabled: true},
	{Name: "api", Port: 8728},
	{Name: "winbox", Port: 8291},
	{Name: "api-ssl", Port: 8729},
}

// serviceNames are the names of the built-in services, in print order.
var serviceNames = func() []string {
	var out []string
	for _, s := range defaultServices {
		out = append(out, s.Name)
	}
	return out
}()

// DefaultServices returns the RouterOS defaults in print order: telnet 23,
// ftp 21, www 80, ssh 22, www-ssl 443 (disabled), api 8728, winbox 8291,
// api-ssl 8729, all open to any address.
func DefaultServices() []Service { return slices.Clone(defaultServices) }

// Services returns the defaults with cfg's /ip service edits applied, in
// print order. cfg may be nil (the defaults). The items are those ParseRSC
// validated, so their values decode; a value that does not (an item built
// in code) leaves the default.
func Services(cfg *Config) []Service {
	out := DefaultServices()
	if cfg == nil {
		return out
	}
	for _, it := range cfg.Menu(MenuService) {
		name, _ := it.Get("name")
		i := slices.Index(serviceNames, name)
		if i < 0 {
			continue
		}
		s := &out[i]
		s.File, s.Line = it.File, it.Line
		if v, ok := it.Get("port"); ok {
			if n, err := parseIntIn(v, 1, 65535); err == nil {
				s.Port = n
			}
		}
		if v, ok := it.Get("disabled"); ok {
			if b, err := ParseBool(v); err == nil {
				s.Disabled = b
			}
		}
		if v, ok := it.Get("address"); ok {
			if ps, err := parseServiceAddress(v); err == nil {
				s.Address = ps
			}
		}
	}
	return out
}

// parseServiceAddress decodes the address property of a service (or a
// user): a comma list of IPv4 or IPv6 prefixes or addresses, "" for any
// address.
// A bare address is a /32; host bits of a prefix are cleared, as the
// router does.
func parseServiceAddress(v string) ([]netip.Prefix, error) {
	if v == "" {
		return nil, nil
	}
	var out []netip.Prefix
	for e := range strings.SplitSeq(v, ",") {
		if e == "" {
			return nil, fmt.Errorf("empty element in address list %q", v)
		}
		var p netip.Prefix
		if strings.Contains(e, "/") {
			q, err := netip.ParsePrefix(e)
			if err != nil {
				return nil, fmt.Errorf("invalid prefix %q", e)
			}
			p = q.Masked()
		} else {
			a, err := netip.ParseAddr(e)
			if err != nil {
				return nil, fmt.Errorf("invalid address %q (want an address or prefix)", e)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		// IPv6 prefixes are kept: RouterOS accepts them, and Allows never
		// matches an IPv4 address against them, as on the router.
		out = append(out, p)
	}
	return out, nil
}

func checkServiceAddress(v string) error { _, err := parseServiceAddress(v); return err }

var serviceSchema = newSchema(MenuService, map[string]check{
	"name":         enum("service", serviceNames...),
	"port":         intIn(1, 65535),
	"address":      checkServiceAddress,
	"disabled":     boolean,
	"certificate":  nil,
	"tls-version":  enum("tls-version", "any", "only-1.2"),
	"max-sessions": intIn(1, 1000),
	"vrf":          nonEmpty,
	"comment":      nil,
}, nil, nil)

// builtinMenu describes a menu whose items include built-in entries that a
// script edits by name.
type builtinMenu struct {
	schema *schema
	// defaults returns the built-in entries, in print order, with the
	// properties a find may test.
	defaults func() []*Item
	// addable says whether the script may add entries of its own.
	addable bool
}

// serviceDefaults renders the default services as items.
func serviceDefaults() []*Item {
	var out []*Item
	for _, s := range defaultServices {
		out = append(out, &Item{Menu: MenuService, Builtin: true, Props: []Prop{
			{"name", s.Name}, {"port", strconv.Itoa(s.Port)}, {"address", ""},
			{"disabled", YesNo(s.Disabled)},
		}})
	}
	return out
}

var builtinMenus = map[string]*builtinMenu{
	MenuService: {schema: serviceSchema, defaults: serviceDefaults},
	MenuUser:    {schema: userSchema, defaults: userDefaults, addable: true},
}

// builtinEdit handles set, enable, disable and remove in a menu with
// built-in entries. Each target is the script's own item, or the built-in
// entry: the edit of a built-in entry is kept as a Builtin item named like
// it, holding only the properties the script set, merged over its edits.
func (p *parser) builtinEdit(cmd, path string, bm *builtinMenu, cmdTok token, args []token) {
	what := path + " " + cmd
	s := bm.schema
	if len(args) == 0 {
		p.itemErrorf(cmdTok, what, "%s needs an item: a name, a comma list of names, [find k=v ...] or a print number", what)
		return
	}
	ref, rest := args[0], args[1:]
	if ref.eq >= 0 && !ref.group && ref.firstQuote != 0 {
		p.itemErrorf(ref, what, "%s needs an item before %q: a name, a comma list of names, [find k=v ...] or a print number", what, ref.text)
		return
	}
	switch {
	case cmd == "set" && len(rest) == 0:
		p.itemErrorf(ref, what, "%s: nothing to set after the item", what)
		return
	case cmd != "set" && len(rest) > 0:
		p.itemErrorf(rest[0], what, "unexpected argument %q after the item of %s", rest[0].text, what)
		return
	}
	// The view is every entry as the router would list it now: the
	// built-in ones (with the script's edits) and the script's own.
	view := p.builtinView(path, bm)
	var targets []*Item
	switch {
	case ref.lead == '[' && ref.group && strings.HasSuffix(ref.text, "]"):
		var ok bool
		if targets, ok = p.find(path, s, what, ref, view); !ok {
			return
		}
	case ref.group || ref.dollar:
		p.itemErrorf(ref, what, "unsupported item reference %q in %s (use a name, [find k=v ...] or a print number)", ref.text, what)
		return
	case strings.HasPrefix(ref.text, "*") && ref.firstQuote != 0:
		p.itemErrorf(ref, what, "internal id %s in %s: ids depend on the router; refer to the item by name instead", ref.text, what)
		return
	default:
		for n := range strings.SplitSeq(ref.text, ",") {
			var it *Item
			if i, err := strconv.Atoi(n); err == nil && ref.firstQuote != 0 {
				if i < 0 || i >= len(view) {
					p.itemErrorf(ref, what, "no item number %s in %s: it has %d item(s) (print numbers count the built-in ones first)", n, path, len(view))
					return
				}
				it = view[i]
			} else {
				for _, v := range view {
					if name, _ := v.Get("name"); name == n {
						it = v
					}
				}
			}
			if it == nil {
				p.itemErrorf(ref, what, "no such item %q in %s%s", n, path, didYouMean(n, itemNames(view)))
				return
			}
			if !slices.Contains(targets, it) {
				targets = append(targets, it)
			}
		}
	}
	var edits []propArg
	if cmd == "set" {
		nerr := len(p.errs)
		bad := func(t token, format string, a ...any) {
			p.errs = append(p.errs, &Error{File: p.file, Line: t.line, Col: t.col, Item: what, Msg: fmt.Sprintf(format, a...)})
		}
		edits = propArgs(s, what, rest, bad, "expressions ([ ... ]) are only supported as the item of "+what, "property=value or !property")
		if len(p.errs) > nerr {
			return
		}
	}
	for _, target := range targets {
		name, _ := target.Get("name")
		if cmd == "remove" {
			if target.Builtin {
				p.itemErrorf(ref, what, "%s %q is built in: this version does not remove built-in entries (disable it instead)", path, name)
				return
			}
			p.mutate()
			p.cfg.Items = slices.DeleteFunc(p.cfg.Items, func(it *Item) bool { return it == target })
			continue
		}
		// The item to edit: the script's own, or the record of the
		// script's edits of a built-in entry, created on first edit.
		var orig, c *Item
		if target.Builtin {
			orig = p.builtinItem(path, name)
			if orig != nil {
				c = orig.clone()
			} else {
				c = &Item{Menu: path, Builtin: true, File: p.file, Line: cmdTok.line, Col: cmdTok.col,
					Props: []Prop{{"name", name}}, pos: []propPos{{}}}
			}
			c.File, c.Line, c.Col = p.file, cmdTok.line, cmdTok.col
		} else {
			orig, c = target, target.clone()
		}
		switch cmd {
		case "enable", "disable":
			setProp(c, "disabled", YesNo(cmd == "disable"), propPos{cmdTok.line, cmdTok.col, cmdTok.line, cmdTok.col})
		case "set":
			for _, e := range edits {
				if e.unset {
					unsetProp(c, e.key)
				} else {
					setProp(c, e.key, e.value, e.pos)
				}
			}
		}
		errs := s.validate(c, !c.Builtin)
		for _, e := range errs {
			// The schema words its messages for add.
			e.Item, e.Msg = what, strings.ReplaceAll(e.Msg, path+" add", what)
		}
		if n, _ := c.Get("name"); c.Builtin && n != name && len(errs) == 0 {
			line, col := c.valuePos("name")
			errs = append(errs, &Error{File: p.file, Line: line, Col: col, Item: what,
				Msg: fmt.Sprintf("%s %q is built in: this version does not rename built-in entries", path, name)})
		}
		if n, _ := c.Get("name"); !c.Builtin && n != name && len(errs) == 0 && slices.Contains(itemNames(bm.defaults()), n) {
			line, col := c.valuePos("name")
			errs = append(errs, &Error{File: p.file, Line: line, Col: col, Item: what,
				Msg: fmt.Sprintf("%s %q already exists (it is built in)", path, n)})
		}
		if len(errs) > 0 {
			p.errs = append(p.errs, errs...)
			return
		}
		switch {
		case c.Builtin && len(c.Props) == 1:
			// Only the name is left ("set ssh !port"): the entry is back
			// to its defaults, and there is nothing to deploy.
			if orig != nil {
				p.mutate()
				p.cfg.Items = slices.DeleteFunc(p.cfg.Items, func(it *Item) bool { return it == orig })
				p.forget(orig)
			}
		case orig == nil:
			p.appendItem(c)
		default:
			p.replace(orig, c)
		}
	}
}

// builtinItem returns the record of the script's edits of the built-in
// entry name of path, or nil if the script has not edited it.
func (p *parser) builtinItem(path, name string) *Item {
	for _, it := range p.cfg.Items {
		if n, _ := it.Get("name"); it.Builtin && it.Menu == path && n == name {
			return it
		}
	}
	return nil
}

// builtinView lists the entries of path as the router would print them
// now: the built-in ones with the script's edits merged over their
// defaults (marked Builtin), then the script's own items (the items
// themselves, so that edits can replace them).
func (p *parser) builtinView(path string, bm *builtinMenu) []*Item {
	var view []*Item
	for _, d := range bm.defaults() {
		name, _ := d.Get("name")
		if e := p.builtinItem(path, name); e != nil {
			for _, pr := range e.Props {
				d.Set(pr.Key, pr.Value)
			}
		}
		view = append(view, d)
	}
	for _, it := range p.cfg.Items {
		if it.Menu == path && !it.Builtin {
			view = append(view, it)
		}
	}
	return view
}

// itemNames returns the names of items, for suggestions.
func itemNames(items []*Item) []string {
	var out []string
	for _, it := range items {
		if n, ok := it.Get("name"); ok {
			out = append(out, n)
		}
	}
	return out
}

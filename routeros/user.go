package routeros

import (
	"fmt"
	"slices"
	"strings"
)

// /user holds the router's login accounts: the built-in admin and those a
// script adds. Users added by the script are ordinary items; edits of admin
// are kept as a Builtin item named "admin" (see builtinEdit).
//
// Passwords are secrets: they are kept in the items (a deployer needs
// them) but never appear in a Notice or an Error, and WriteRSC leaves them
// out as RouterOS exports do (MaskedPassword is what human-readable
// renderings show instead).

// MaskedPassword is shown instead of a password wherever an item is
// rendered for people (plans, logs, exports).
const MaskedPassword = "***"

// builtinGroups are the user groups every router has.
var builtinGroups = []string{"full", "read", "write"}

var userSchema = newSchema(MenuUser, map[string]check{
	"name":     nonEmpty,
	"password": nil,
	"group":    nonEmpty,
	"address":  checkServiceAddress,
	"comment":  nil,
	"disabled": boolean,
	// Present on v6 and v7; accepted so that exports load.
	"inactivity-timeout": duration,
	"inactivity-policy":  enum("inactivity-policy", "none", "lockscreen", "logout"),
}, map[string]string{
	"pass": `the property is "password"`,
}, func(it *Item, r *reporter) { r.require("name", "group") })

// userDefaults is the built-in admin user of a router as shipped.
func userDefaults() []*Item {
	return []*Item{{Menu: MenuUser, Builtin: true, Props: []Prop{
		{"name", "admin"}, {"group", "full"}, {"address", ""}, {"disabled", "no"},
	}}}
}

// builtinAdd handles `add` in a menu with built-in entries: the new item
// must not take the name of a built-in one.
func (p *parser) builtinAdd(path string, bm *builtinMenu, start token, args []token) {
	what := path + " add"
	if !bm.addable {
		p.itemErrorf(start, what, "%s has a fixed set of built-in entries (%s): they can only be edited with set, enable and disable",
			path, strings.Join(itemNames(bm.defaults()), ", "))
		return
	}
	n := len(p.cfg.Items)
	p.add(path, bm.schema, start, args)
	if len(p.cfg.Items) == n {
		return
	}
	it := p.cfg.Items[n]
	name, _ := it.Get("name")
	if slices.Contains(itemNames(bm.defaults()), name) {
		line, col := it.valuePos("name")
		p.errs = append(p.errs, &Error{File: p.file, Line: line, Col: col, Item: what,
			Msg: fmt.Sprintf("%s %q already exists (it is built in): edit it with set", path, name)})
		p.cfg.Items = p.cfg.Items[:n]
		p.forget(it)
		p.namesStale = true
		return
	}
	if path == MenuUser {
		p.checkGroup(it)
	}
}

// checkGroup notes a user group that is neither built in nor added by the
// script (in /user group, which is not modelled): the router would refuse
// the user unless the group exists there already.
func (p *parser) checkGroup(it *Item) {
	g, ok := it.Get("group")
	if !ok || slices.Contains(builtinGroups, g) {
		return
	}
	for _, ig := range p.cfg.Ignored {
		if n, _ := ig.Get("name"); ig.Menu == "/user/group" && n == g {
			return
		}
	}
	line, _ := it.valuePos("group")
	p.cfg.Notices = append(p.cfg.Notices, Notice{File: p.file, Line: line,
		Msg: fmt.Sprintf("user group %q is not one of %s and the script does not add it: the router refuses the user unless the group exists there%s",
			g, strings.Join(builtinGroups, ", "), didYouMean(g, builtinGroups))})
}

// maskSecrets replaces the secrets written in a statement's tokens
// (password=... values) with MaskedPassword in the errors and notices the
// statement produced, from the indexes nerr and nnotice on.
func (p *parser) maskSecrets(toks []token, nerr, nnotice int) {
	var secrets []string
	for _, t := range toks {
		if t.eq > 0 && t.text[:t.eq] == "password" && t.eq+1 < len(t.text) {
			secrets = append(secrets, t.text[t.eq+1:])
		}
		// A find condition holds its value inside the group's text.
		if t.group {
			for _, f := range strings.Fields(t.text) {
				if v, ok := strings.CutPrefix(strings.Trim(f, "[]"), "password="); ok && v != "" {
					secrets = append(secrets, strings.Trim(v, `"`))
				}
			}
		}
	}
	if len(secrets) == 0 {
		return
	}
	// Longest first, so that a secret containing another is masked whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	mask := func(s string) string {
		for _, sec := range secrets {
			s = strings.ReplaceAll(s, sec, MaskedPassword)
		}
		return s
	}
	for _, e := range p.errs[nerr:] {
		e.Msg = mask(e.Msg)
	}
	for i := nnotice; i < len(p.cfg.Notices); i++ {
		p.cfg.Notices[i].Msg = mask(p.cfg.Notices[i].Msg)
	}
}

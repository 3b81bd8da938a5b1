package routeros

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Editing commands (set, remove, enable, disable) are resolved while the
// script is parsed, against the items the same script added before them.
// The Config is therefore the final state of the script run on a router
// whose menus were empty, which is exactly what the API deployer produces
// (it clears the menus it touches before adding the items). Item
// references:
//
//   - [find k=v ...]: every earlier item of the menu whose properties equal
//     all the given values (values compare as written, after unquoting);
//     the flag `disabled` matches disabled items, `dynamic` matches none
//     (a script never creates dynamic items). `where` expressions are not
//     supported. A find that matches nothing changes nothing and leaves a
//     Notice, as RouterOS does.
//   - a print number or a comma list of them ("0", "1,3"): the position
//     among the menu's items the script has created so far, counting from
//     0 (on a real router print numbers also count dynamic and earlier
//     items; here the menu starts empty).
//   - a name, in menus whose items have a name (queues).
//
// Internal ids ("*1F") depend on the router and are refused.

// settingsMenus are the singleton menus whose `set k=v ...` is recorded in
// Config.Settings for the deployer. Other singleton menus stay ignored: a
// test has no business changing, say, a router's DNS servers or clock.
var settingsMenus = map[string]bool{
	"/ip/settings":     true,
	"/ipv6/settings":   true,
	"/system/identity": true,
	"/system/note":     true,
}

// setting records `set k=v ...` of a singleton menu. It returns false,
// recording nothing, when the arguments are not all properties (such as
// `set [find ...] ...`). Either way the caller still notes the line as
// ignored: the embedded router does not model these menus.
func (p *parser) setting(path string, start token, args []token) bool {
	if len(args) == 0 {
		return false
	}
	for _, t := range args {
		if t.group || t.dollar || t.eq <= 0 || (t.firstQuote >= 0 && t.firstQuote < t.eq) {
			return false
		}
	}
	// The item is replaced by an edited copy, never changed in place: a
	// Terminal-mode snapshot shares the items.
	var it *Item
	for i, s := range p.cfg.Settings {
		if s.Menu == path {
			p.own()
			it = s.clone()
			p.cfg.Settings[i] = it
		}
	}
	if it == nil {
		it = &Item{Menu: path, File: p.file, Line: start.line, Col: start.col}
		p.cfg.Settings = append(p.cfg.Settings, it)
	}
	for _, t := range args {
		setProp(it, t.text[:t.eq], t.text[t.eq+1:], propPos{t.line, t.col, t.valLine, t.valCol})
	}
	return true
}

// setProp sets key to value in it, recording where it was written.
func setProp(it *Item, key, value string, pos propPos) {
	for len(it.pos) < len(it.Props) {
		it.pos = append(it.pos, propPos{})
	}
	for i := range it.Props {
		if it.Props[i].Key == key {
			it.Props[i].Value = value
			it.pos[i] = pos
			return
		}
	}
	it.Props = append(it.Props, Prop{Key: key, Value: value})
	it.pos = append(it.pos, pos)
}

// unsetProp removes key from it.
func unsetProp(it *Item, key string) {
	for i := range it.Props {
		if it.Props[i].Key == key {
			it.Props = slices.Delete(it.Props, i, i+1)
			if i < len(it.pos) {
				it.pos = slices.Delete(it.pos, i, i+1)
			}
			return
		}
	}
}

// edit handles set, remove, enable and disable of items of a list menu.
func (p *parser) edit(cmd, path string, s *schema, cmdTok token, args []token) {
	what := path + " " + cmd
	if len(args) == 0 {
		p.itemErrorf(cmdTok, what, "%s needs an item: [find k=v ...], a print number or a name", what)
		return
	}
	if ref := args[0]; ref.eq >= 0 && !ref.group && ref.firstQuote != 0 {
		p.itemErrorf(ref, what, "%s needs an item before %q: [find k=v ...], a print number or a name", what, ref.text)
		return
	}
	rest := args[1:]
	switch cmd {
	case "set":
		if len(rest) == 0 {
			p.itemErrorf(args[0], what, "%s: nothing to set after the item", what)
			return
		}
	default:
		if len(rest) > 0 {
			p.itemErrorf(rest[0], what, "unexpected argument %q after the item of %s", rest[0].text, what)
			return
		}
	}
	if p.builtinTypeSet(cmd, path, s, args[0], rest) {
		return
	}
	targets, ok := p.resolve(path, s, what, args[0])
	if !ok {
		return
	}
	switch cmd {
	case "remove":
		p.mutate()
		p.cfg.Items = slices.DeleteFunc(p.cfg.Items, func(it *Item) bool { return slices.Contains(targets, it) })
	case "enable", "disable":
		for _, it := range targets {
			c := it.clone()
			setProp(c, "disabled", YesNo(cmd == "disable"), propPos{cmdTok.line, cmdTok.col, cmdTok.line, cmdTok.col})
			p.replace(it, c)
		}
	case "set":
		p.set(what, s, targets, rest)
	}
}

// set applies `set` properties to each target, validating the result; a
// target is replaced only when its edited copy is valid.
func (p *parser) set(what string, s *schema, targets []*Item, args []token) {
	bad := func(t token, format string, a ...any) {
		p.errs = append(p.errs, &Error{File: p.file, Line: t.line, Col: t.col, Item: what, Msg: fmt.Sprintf(format, a...)})
	}
	nerr := len(p.errs)
	edits := propArgs(s, what, args, bad, "expressions ([ ... ]) are only supported as the item of "+what, "property=value or !property")
	for _, e := range edits {
		// Checked here too, not only when validating each target: the
		// router refuses the command even when it selects no item.
		if _, known := s.props[e.key]; !known && len(targets) == 0 {
			line, col := e.pos.keyLine, e.pos.keyCol
			p.errs = append(p.errs, &Error{File: p.file, Line: line, Col: col, Item: what, Msg: s.unknown(e.key)})
		}
	}
	if len(p.errs) > nerr {
		return
	}
	for _, target := range targets {
		c := target.clone()
		for _, e := range edits {
			if e.unset {
				unsetProp(c, e.key)
			} else {
				setProp(c, e.key, e.value, e.pos)
			}
		}
		errs := s.validate(c, true)
		if len(errs) > 0 {
			p.errs = append(p.errs, errs...)
			continue
		}
		p.replace(target, c)
	}
}

// replace puts the edited copy c in the place of item old. Items are never
// changed in place, so that a Terminal-mode snapshot (which shares them)
// keeps the state before the statement.
func (p *parser) replace(old, c *Item) {
	for i, it := range p.cfg.Items {
		if it == old {
			p.mutate()
			p.cfg.Items[i] = c
			p.forget(old)
			p.changed = append(p.changed, c)
			return
		}
	}
}

// menuItems returns the items of menu created so far.
func (p *parser) menuItems(menu string) []*Item {
	var out []*Item
	for _, it := range p.cfg.Items {
		if it.Menu == menu {
			out = append(out, it)
		}
	}
	return out
}

// resolve turns an item reference into the items it names.
func (p *parser) resolve(path string, s *schema, what string, ref token) ([]*Item, bool) {
	items := p.menuItems(path)
	switch {
	case ref.lead == '[' && ref.group && strings.HasSuffix(ref.text, "]"):
		return p.find(path, s, what, ref, items)
	case ref.group || ref.dollar:
		p.itemErrorf(ref, what, "unsupported item reference %q in %s (use [find k=v ...], a print number or a name)", ref.text, what)
		return nil, false
	case strings.HasPrefix(ref.text, "*") && ref.firstQuote != 0:
		p.itemErrorf(ref, what, "internal id %s in %s: ids depend on the router; refer to the item with [find k=v ...] instead", ref.text, what)
		return nil, false
	case ref.text != "" && ref.firstQuote != 0 && strings.Trim(ref.text, "0123456789,") == "":
		var out []*Item
		for n := range strings.SplitSeq(ref.text, ",") {
			i, err := strconv.Atoi(n)
			if err != nil || i >= len(items) {
				p.itemErrorf(ref, what, "no item number %s in %s: the script has created %d item(s) there so far (numbers count from 0 over this script's items)", n, path, len(items))
				return nil, false
			}
			if !slices.Contains(out, items[i]) {
				out = append(out, items[i])
			}
		}
		return out, true
	}
	if _, named := s.props["name"]; !named {
		p.itemErrorf(ref, what, "unexpected item %q in %s: items of %s have no name (use [find k=v ...] or a print number)", ref.text, what, path)
		return nil, false
	}
	for _, it := range items {
		if n, _ := it.Get("name"); n == ref.text {
			return []*Item{it}, true
		}
	}
	p.itemErrorf(ref, what, "no item named %q in %s", ref.text, path)
	return nil, false
}

// findOnly are the read-only properties find may test besides a menu's
// own: the router sets them, a script cannot, so no item of a script has
// them and such a find matches nothing.
var findOnly = map[string]bool{"dynamic": true, "invalid": true, "builtin": true, "default": true, "bytes": true, "packets": true}

// find evaluates a [find ...] reference against items.
func (p *parser) find(path string, s *schema, what string, ref token, items []*Item) ([]*Item, bool) {
	inner, ok := p.relex(ref)
	if !ok {
		return nil, false
	}
	if len(inner) == 0 || inner[0].text != "find" || inner[0].eq >= 0 || inner[0].firstQuote >= 0 {
		at := ref
		if len(inner) > 0 {
			at = inner[0]
		}
		p.itemErrorf(at, what, "unsupported expression %q in %s: only [find k=v ...] selects items", strings.TrimSpace(ref.text), what)
		return nil, false
	}
	type cond struct {
		key, value string
		flag       bool
	}
	var conds []cond
	good := true
	for _, t := range inner[1:] {
		switch {
		case t.group || t.dollar:
			p.itemErrorf(t, what, "unsupported find condition %q in %s (only k=v and the flags disabled, dynamic)", t.text, what)
			good = false
		case t.eq < 0 && t.firstQuote < 0 && (t.text == "disabled" || t.text == "dynamic"):
			conds = append(conds, cond{key: t.text, flag: true})
		case t.eq < 0 && t.text == "where":
			p.itemErrorf(t, what, "[find where ...] is not supported in this version; write [find k=v ...]")
			good = false
		case t.eq <= 0 || (t.firstQuote >= 0 && t.firstQuote < t.eq):
			p.itemErrorf(t, what, "unsupported find condition %q in %s (only k=v and the flags disabled, dynamic)", t.text, what)
			good = false
		default:
			key := t.text[:t.eq]
			if key == "password" {
				p.itemErrorf(t, what, "[find password=...] in %s: the router never shows passwords, so it cannot select by them", what)
				good = false
				continue
			}
			if _, known := s.props[key]; !known && !findOnly[key] {
				// The router refuses the whole command: a find on a
				// property the menu does not have is a syntax error, not
				// an empty match.
				p.itemErrorf(t, what, "unknown property %q in [find ...] of %s%s", key, what, didYouMean(key, s.names))
				good = false
				continue
			}
			conds = append(conds, cond{key: key, value: t.text[t.eq+1:]})
		}
	}
	if !good {
		return nil, false
	}
	var out []*Item
	for _, it := range items {
		match := true
		for _, c := range conds {
			v, has := it.Get(c.key)
			switch {
			case c.flag && c.key == "dynamic":
				match = false
			case c.flag:
				match = match && IsTrue(v)
			case c.key == "disabled":
				match = match && (IsTrue(v) == IsTrue(c.value))
			default:
				match = match && has && v == c.value
			}
		}
		if match {
			out = append(out, it)
		}
	}
	if len(out) == 0 {
		where := "no item the script created in " + path
		if builtinMenus[path] != nil {
			where = "no entry of " + path + " (built in or created by the script)"
		}
		p.cfg.Notices = append(p.cfg.Notices, Notice{File: p.file, Line: ref.line,
			Msg: fmt.Sprintf("%s %s matches %s; nothing changed", what, strings.Join(strings.Fields(ref.text), " "), where)})
	}
	return out, true
}

// relex splits the inside of a bracketed group token into tokens,
// positioned in the original file.
func (p *parser) relex(ref token) ([]token, bool) {
	inner := ref.text[1 : len(ref.text)-1]
	stmts, _, errs := lex(p.file, []byte(inner))
	fix := func(line, col int) (int, int) {
		if line == 1 {
			return ref.line, ref.col + col
		}
		return ref.line + line - 1, col
	}
	for _, e := range errs {
		e.Line, e.Col = fix(e.Line, e.Col)
		p.errs = append(p.errs, e)
	}
	if len(errs) > 0 {
		return nil, false
	}
	if len(stmts) > 1 {
		t := stmts[1].toks[0]
		t.line, t.col = fix(t.line, t.col)
		p.errorf(t, "unexpected %q: one command per [ ... ] expression", t.text)
		return nil, false
	}
	if len(stmts) == 0 {
		return nil, true
	}
	toks := stmts[0].toks
	for i := range toks {
		toks[i].line, toks[i].col = fix(toks[i].line, toks[i].col)
		if toks[i].valLine > 0 {
			toks[i].valLine, toks[i].valCol = fix(toks[i].valLine, toks[i].valCol)
		}
	}
	return toks, true
}

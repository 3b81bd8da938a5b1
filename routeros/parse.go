package routeros

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
)

// ParseFile reads and parses a RouterOS script. See ParseRSC.
func ParseFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("routeros: %w", err)
	}
	return ParseRSC(path, data)
}

// ParseRSC parses a RouterOS script in the format of `/export`: menu
// header lines ("/ip firewall filter" or "/ip/firewall/filter") followed by
// `add k=v ...` commands, or the path and the command on one line. file
// names the script in messages.
//
// Every property is checked against its menu's schema, and the checks that
// RouterOS makes when an item is added (required properties, ports only
// with a port protocol, ...) are made too, so a script that parses can be
// decoded with DecodeRule and DecodeQueueTree without errors.
//
// Commands under menus that do not change the packet path (/system,
// /interface, /ip address, ...) are skipped and recorded as Notices, as are
// menus the lab replaces with its own equivalent (/ip route, /queue
// interface, /ipv6, ...). Notices also flag likely mistakes that RouterOS
// accepts, such as rules in a user chain that no rule jumps to.
// `set`, `remove`, `enable` and `disable` of items written earlier in the
// same script are resolved while parsing (see edit.go): the Config holds
// the final state, as if the script had run on a router whose menus were
// empty. `set` without an item in a few singleton menus (/ip settings,
// /system identity, ...) is kept in Config.Settings for the API deployer.
// Anything else this version does not support (move, scripting, unknown
// menus, ...) is an error. On any error ParseRSC returns a nil
// Config and an ErrorList holding every problem, sorted by position.
func ParseRSC(file string, data []byte) (*Config, error) {
	stmts, comments, errs := lex(file, data)
	p := &parser{file: file, cfg: &Config{Source: file}, cur: "/", errs: errs}
	p.cfg.RouterOSVersion = headerVersion(comments, stmts)
	for _, st := range stmts {
		p.statement(st)
	}
	p.checkConfig()
	if len(p.errs) > 0 {
		return nil, p.errs.sorted()
	}
	return p.cfg, nil
}

// versionRE finds the version in an export header such as
// "# 2024-06-06 15:22:31 by RouterOS 7.14.2".
var versionRE = regexp.MustCompile(`\bby RouterOS ([0-9][0-9A-Za-z._-]*)`)

// headerVersion returns the RouterOS version named in the comments before
// the first command, or "".
func headerVersion(comments []comment, stmts []statement) string {
	first := int(^uint(0) >> 1)
	if len(stmts) > 0 {
		first = stmts[0].toks[0].line
	}
	for _, c := range comments {
		if c.line >= first {
			break
		}
		if m := versionRE.FindStringSubmatch(c.text); m != nil {
			return m[1]
		}
	}
	return ""
}

type parser struct {
	file string
	cfg  *Config
	errs ErrorList
	// cur is the current menu, changed by lines holding only a path.
	cur string
	// curUnknown is set when cur is an unknown menu that has already been
	// reported, so that the commands below it are not reported again.
	curUnknown bool
}

func (p *parser) errorf(t token, format string, args ...any) {
	p.itemErrorf(t, "", format, args...)
}

// itemErrorf reports a problem with a command, named in Error.Item.
func (p *parser) itemErrorf(t token, item, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: t.line, Col: t.col, Item: item, Msg: fmt.Sprintf(format, args...)})
}

// plainWord reports whether t can be a path word or a command name.
func plainWord(t token) bool {
	return t.text != "" && t.eq < 0 && t.firstQuote < 0 && !t.group && !t.dollar &&
		!strings.HasPrefix(t.text, ":") && !strings.HasPrefix(t.text, "!")
}

// statement handles one command: an optional path, then a command and its
// arguments. A path alone changes the current menu.
func (p *parser) statement(st statement) {
	toks := st.toks
	t0 := toks[0]
	switch {
	case t0.lead == '{':
		p.errorf(t0, "script blocks ({ ... }) are not supported in this version")
		return
	case t0.lead == '[' || t0.lead == '(':
		p.errorf(t0, "expressions (%c ... %c) are not supported in this version", t0.lead, closers[t0.lead])
		return
	case t0.lead == ':':
		name, _, _ := strings.Cut(t0.text, "=")
		p.errorf(t0, "scripting command %q is not supported in this version", name)
		return
	case t0.dollar:
		p.errorf(t0, "variables ($...) are not supported in this version")
		return
	}

	// Path words, absolute ("/ip firewall filter", "/ip/firewall/filter")
	// or relative to the current menu ("firewall filter" under /ip, "..").
	path, absolute := p.cur, false
	if plainWord(t0) && strings.HasPrefix(t0.text, "/") {
		path, absolute = "/", true
	}
	i, cmd, inPath := 0, "", absolute
	for i < len(toks) && cmd == "" && plainWord(toks[i]) {
		words := strings.Split(toks[i].text, "/")
		consumed := true
		for j, w := range words {
			switch {
			case w == "":
				// Leading or doubled slash.
			case isCommand(w):
				if j != len(words)-1 {
					p.errorf(toks[i], "unexpected %q after command %q", strings.Join(words[j+1:], "/"), w)
					return
				}
				cmd = w
			case w == "..":
				path, inPath = parentMenu(path), true
			default:
				// A relative line starts a path only with the name of a
				// menu below the current one; otherwise the word is taken
				// as a (mistyped) command.
				if !inPath && lookupMenu(joinMenu(path, w)) == nil {
					consumed = false
					break
				}
				path, inPath = joinMenu(path, w), true
			}
			if !consumed {
				break
			}
		}
		if !consumed {
			break
		}
		i++
	}

	e := lookupMenu(path)
	if e == nil {
		if !absolute && p.curUnknown && path == p.cur {
			return // reported with the path line
		}
		p.errorf(t0, "unknown menu %q%s", path, didYouMean(path, menuNames))
		if i == len(toks) && cmd == "" {
			p.cur, p.curUnknown = path, true
		}
		return
	}
	if i == len(toks) && cmd == "" {
		p.cur, p.curUnknown = path, false
		return
	}
	if e.kind == menuIgnored {
		if cmd == "set" && settingsMenus[path] {
			p.setting(path, t0, toks[i:])
		}
		p.cfg.Notices = append(p.cfg.Notices, Notice{File: p.file, Line: t0.line,
			Msg: fmt.Sprintf("ignored: %s %s", path, e.reason)})
		return
	}
	if cmd == "" {
		t := toks[i]
		if t.eq > 0 {
			p.errorf(t, "missing command before %q in %s", t.text, path)
		} else {
			p.errorf(t, "unknown command %q in %s%s", t.text, path, didYouMean(t.text, commands))
		}
		return
	}
	item := path + " " + cmd
	switch e.kind {
	case menuNode:
		p.itemErrorf(t0, item, "command %q is not valid in %s: it only leads to other menus", cmd, path)
	case menuUnsupported:
		p.itemErrorf(t0, item, "%s is not supported in this version: %s", path, e.reason)
	default:
		switch cmd {
		case "add":
			p.add(path, e.schema, t0, toks[i:])
		case "set", "remove", "enable", "disable":
			p.edit(cmd, path, e.schema, toks[i-1], toks[i:])
		default:
			p.itemErrorf(toks[i-1], item, "command %q in %s is not supported in this version (add, set, remove, enable and disable are)", cmd, path)
		}
	}
}

// add builds an item from `add` arguments and validates it.
func (p *parser) add(path string, s *schema, start token, args []token) {
	it := &Item{Menu: path, File: p.file, Line: start.line, Col: start.col}
	what := path + " add"
	nerr := len(p.errs)
	bad := func(t token, format string, args ...any) {
		p.errs = append(p.errs, &Error{File: p.file, Line: t.line, Col: t.col, Item: what, Msg: fmt.Sprintf(format, args...)})
	}
	for _, e := range propArgs(s, what, args, bad, "expressions ([ ... ]) are not supported in this version", "property=value") {
		if e.unset {
			continue // "!prop" (verbose exports): the property keeps its default
		}
		it.Props = append(it.Props, Prop{Key: e.key, Value: e.value})
		it.pos = append(it.pos, e.pos)
	}
	errs := s.validate(it, len(p.errs) == nerr)
	p.errs = append(p.errs, errs...)
	if len(p.errs) == nerr {
		p.cfg.Items = append(p.cfg.Items, it)
	}
}

// checkConfig makes the checks that involve several items.
func (p *parser) checkConfig() {
	// Named items must have unique names.
	for _, menu := range []string{MenuQueueTree, MenuQueueSimple, MenuQueueType} {
		first := map[string]*Item{}
		for _, it := range p.cfg.Menu(menu) {
			name, ok := it.Get("name")
			if !ok {
				continue
			}
			if prev, dup := first[name]; dup {
				line, col := it.valuePos("name")
				pl, pc := prev.valuePos("name")
				p.errs = append(p.errs, &Error{File: p.file, Line: line, Col: col, Item: menu + " add",
					Msg: fmt.Sprintf("duplicate name %q in %s (first used at %d:%d)", name, menu, pl, pc)})
				continue
			}
			first[name] = it
		}
	}
	p.checkChains()
}

// checkChains warns about rules in a chain that is neither built in nor the
// target of an enabled jump: RouterOS accepts them (the chain is created),
// but they never run, and the usual cause is a typo ("chain=foward").
func (p *parser) checkChains() {
	for _, table := range []string{"filter", "mangle", "nat"} {
		menu := tableMenus[table]
		jumped := map[string]bool{}
		for _, it := range p.cfg.Menu(menu) {
			if a, _ := it.Get("action"); a == "jump" {
				if d, _ := it.Get("disabled"); !isTrue(d) {
					t, _ := it.Get("jump-target")
					jumped[t] = true
				}
			}
		}
		warned := map[string]bool{}
		for _, it := range p.cfg.Menu(menu) {
			chain, _ := it.Get("chain")
			if slices.Contains(builtinChains[table], chain) || jumped[chain] || warned[chain] {
				continue
			}
			warned[chain] = true
			line, _ := it.valuePos("chain")
			p.cfg.Notices = append(p.cfg.Notices, Notice{File: p.file, Line: line,
				Msg: fmt.Sprintf("rules in chain %q of %s never run: it is not a built-in chain and no enabled rule jumps to it%s",
					chain, menu, didYouMean(chain, builtinChains[table]))})
		}
	}
	slices.SortStableFunc(p.cfg.Notices, func(a, b Notice) int { return a.Line - b.Line })
}

// propArg is one property argument of `add` or `set`: key=value, or an unset
// ("!key").
type propArg struct {
	key, value string
	unset      bool
	pos        propPos
}

// propArgs reads the property arguments of a command on menu schema s,
// reporting through bad every argument that is not one; groupMsg is the
// message for a [ ... ] expression and expected says what an argument should
// look like.
func propArgs(s *schema, what string, args []token, bad func(t token, format string, a ...any), groupMsg, expected string) []propArg {
	var out []propArg
	for _, t := range args {
		switch {
		case t.group:
			bad(t, "%s", groupMsg)
		case t.dollar:
			bad(t, "variables ($...) are not supported in this version")
		case t.eq < 0 && strings.HasPrefix(t.text, "!") && t.firstQuote < 0 && len(t.text) > 1:
			if _, known := s.props[t.text[1:]]; !known {
				bad(t, "%s", s.unknown(t.text[1:]))
				continue
			}
			out = append(out, propArg{key: t.text[1:], unset: true})
		case t.eq < 0:
			bad(t, "unexpected argument %q in %s (expected %s)", t.text, what, expected)
		case t.eq == 0:
			bad(t, "missing property name before \"=\" in %s", what)
		case t.firstQuote >= 0 && t.firstQuote < t.eq:
			bad(t, "property name %q in %s must not be quoted", t.text[:t.eq], what)
		default:
			key := t.text[:t.eq]
			if key == "place-before" || key == "copy-from" {
				bad(t, "%q in %s is not supported in this version", key, what)
				continue
			}
			out = append(out, propArg{key: key, value: t.text[t.eq+1:], pos: propPos{t.line, t.col, t.valLine, t.valCol}})
		}
	}
	return out
}

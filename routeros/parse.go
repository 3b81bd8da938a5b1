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
	return ParseFileOptions(path, ParseOptions{})
}

// ParseFileOptions reads and parses a RouterOS script. See ParseRSCOptions.
func ParseFileOptions(path string, opt ParseOptions) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("routeros: %w", err)
	}
	return ParseRSCOptions(path, data, opt)
}

// ParseOptions changes how ParseRSC treats commands the router would reject.
type ParseOptions struct {
	// Terminal applies the script as pasting it into a RouterOS terminal
	// does: a command the router rejects fails alone (it adds/changes
	// nothing) and the following commands still apply. Each rejected
	// command is left out of the Config and its errors listed in
	// Config.Rejected. Without Terminal any error fails the whole parse
	// (nil Config, ErrorList).
	Terminal bool
	// Version is the RouterOS version the script is checked against
	// ("7.16", "7", "6"); empty: the export header's, else any version
	// (see package routeros/schema).
	Version string
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
	return ParseRSCOptions(file, data, ParseOptions{})
}

// ParseRSCOptions is ParseRSC with options. With opt.Terminal it never
// fails: each command with an error is rejected alone, as a router rejects
// a pasted command, and the returned Config holds what the other commands
// built, with the rejected commands' errors in Config.Rejected. A command
// depending on a rejected one then fails in turn (a queue whose parent was
// rejected, a set of an item never added). The checks that involve several
// items (unique queue names) are made after each command, so that they too
// reject the command that broke them, as the router's own checks would.
func ParseRSCOptions(file string, data []byte, opt ParseOptions) (*Config, error) {
	loadGenerated()
	stmts, comments, errs := lex(file, data)
	p := &parser{file: file, cfg: &Config{Source: file}, cur: "/", errs: errs, terminal: opt.Terminal, optVersion: opt.Version}
	p.cfg.RouterOSVersion = headerVersion(comments, stmts)
	if !opt.Terminal {
		// Names are checked as each command runs, as RouterOS does: a
		// script that adds a second "b" fails there even if it renames
		// one of them later.
		for _, st := range stmts {
			p.changed = p.changed[:0]
			before := len(p.errs)
			p.statement(st)
			if len(p.errs) == before {
				p.errs = append(p.errs, p.checkNames()...)
			}
		}
		p.checkChains()
		if len(p.errs) > 0 {
			return nil, p.errs.sorted()
		}
		return p.cfg, nil
	}
	// A statement with a lexical error was dropped by the lexer: it is
	// rejected already, and nothing it would have done happened.
	p.cfg.Rejected, p.errs = p.errs, nil
	p.rejectedNames = map[string]int{}
	for _, st := range stmts {
		snap := p.snapshot()
		p.added = nil
		p.statement(st)
		if len(p.errs) == 0 {
			p.errs = append(p.errs, p.checkNames()...)
			p.errs = append(p.errs, p.checkRejectedRefs()...)
		}
		if len(p.errs) > 0 {
			p.restore(snap)
			p.cfg.Rejected = append(p.cfg.Rejected, p.errs.sorted()...)
			p.errs = nil
			if p.added != nil {
				if name, ok := p.added.Get("name"); ok {
					p.rejectedNames[p.added.Menu+" "+name] = p.added.Line
				}
			}
		}
	}
	p.checkChains()
	p.cfg.Rejected.sorted()
	return p.cfg, nil
}

// snapshot is the state of a Config before one statement, for Terminal
// mode to undo a rejected statement. Edits never change an Item in place
// (they replace it with an edited copy), and the slices are copied on the
// first write in place (see own), so the snapshot is the slice headers:
// taking one costs nothing, whatever the size of the config. (Copying the
// slices for every statement made a 100k-line blocklist quadratic.)
type snapshot struct {
	items, settings, ignored []*Item
	notices                  int
}

func (p *parser) snapshot() snapshot {
	p.changed = p.changed[:0]
	p.shared = true
	return snapshot{
		items:    p.cfg.Items,
		settings: p.cfg.Settings,
		ignored:  p.cfg.Ignored,
		notices:  len(p.cfg.Notices),
	}
}

func (p *parser) restore(s snapshot) {
	for _, it := range p.changed {
		if p.names[it.Menu] != nil {
			p.namesStale = true // the index holds what is undone here
		}
	}
	p.cfg.Items, p.cfg.Settings, p.cfg.Ignored = s.items, s.settings, s.ignored
	p.cfg.Notices = p.cfg.Notices[:s.notices]
	p.shared = true
}

// own copies the Items and Settings slices before the statement writes
// into them in place (replacing or deleting an element), when a snapshot
// shares their arrays. Appending needs no copy: it writes past the
// snapshot's length.
func (p *parser) own() {
	if p.shared {
		p.cfg.Items = slices.Clone(p.cfg.Items)
		p.cfg.Settings = slices.Clone(p.cfg.Settings)
		p.shared = false
	}
}

// appendItem adds a new item to the Config and records it as changed by
// the current statement.
func (p *parser) appendItem(it *Item) {
	p.cfg.Items = append(p.cfg.Items, it)
	p.changed = append(p.changed, it)
	if p.names != nil && !p.namesStale {
		p.indexName(it)
	}
}

// forget drops it from the items the current statement changed: it was
// replaced or taken back by the same statement.
func (p *parser) forget(it *Item) {
	p.changed = slices.DeleteFunc(p.changed, func(c *Item) bool { return c == it })
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
	// curLine is the line of the path line that made cur current.
	curLine int
	// terminal is ParseOptions.Terminal.
	terminal bool
	// optVersion is ParseOptions.Version.
	optVersion string
	// added is the item the current statement's add built, valid or not
	// (Terminal mode remembers the names of rejected adds).
	added *Item
	// rejectedNames maps "MENU NAME" of each rejected add to its line.
	rejectedNames map[string]int
	// changed are the items the current statement added, or put in the
	// place of an item it edited: the only ones whose names can clash.
	changed []*Item
	// shared is set while a Terminal-mode snapshot shares the arrays of
	// cfg.Items and cfg.Settings (see own).
	shared bool
	// names is the name index of the named menus (see nameIndex).
	names      map[string]map[string][]*Item
	namesStale bool
}

func (p *parser) errorf(t token, format string, args ...any) {
	p.itemErrorf(t, "", format, args...)
}

// itemErrorf reports a problem with a command, named in Error.Item.
func (p *parser) itemErrorf(t token, item, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: t.line, Col: t.col, Item: item, Msg: fmt.Sprintf(format, args...)})
}

// notice records a Notice of kind about menu at the line of t.
func (p *parser) notice(t token, kind NoticeKind, menu, format string, args ...any) {
	p.cfg.Notices = append(p.cfg.Notices, Notice{File: p.file, Line: t.line, Kind: kind, Menu: menu, Msg: fmt.Sprintf(format, args...)})
}

// harmlessScripting are the scripting commands that change no
// configuration when pasted into a terminal: they only print, log, wait or
// define variables.
var harmlessScripting = map[string]bool{
	":log": true, ":local": true, ":global": true, ":put": true, ":delay": true, ":beep": true, ":set": true,
}

// ignoredCommands are commands of ignored menus that take no arguments,
// which would otherwise read as one more word of a menu path.
var ignoredCommands = map[string]bool{
	"check-for-updates": true, "check": true, "download": true, "install": true, "upgrade": true, "downgrade": true,
	"cancel": true, "save": true, "load": true, "reboot": true, "shutdown": true, "flush": true,
	"apply-changes": true, "reset-configuration": true, "run": true, "renew": true, "release": true,
}

// ignoredItem records an `add` or singleton `set` of an ignored menu in
// Config.Ignored when every argument is a plain property=value; anything
// else is left to the Notice alone. It never reports errors: the menu is
// skipped either way.
func (p *parser) ignoredItem(path string, start token, args []token) {
	if len(args) == 0 {
		return
	}
	it := &Item{Menu: path, File: p.file, Line: start.line, Col: start.col}
	for _, t := range args {
		if t.group || t.dollar || t.eq <= 0 || (t.firstQuote >= 0 && t.firstQuote < t.eq) {
			return
		}
		key := t.text[:t.eq]
		if _, dup := it.Get(key); dup {
			return
		}
		it.Props = append(it.Props, Prop{Key: key, Value: t.text[t.eq+1:]})
		it.pos = append(it.pos, propPos{t.line, t.col, t.valLine, t.valCol})
	}
	p.cfg.Ignored = append(p.cfg.Ignored, it)
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
	// Whatever the command, a password written in it never reaches a
	// message ("/user password=x" is a missing command, echoing it).
	defer p.maskSecrets(toks, len(p.errs), len(p.cfg.Notices))
	if p.scripting(toks[0]) {
		return
	}
	path, absolute, cmd, i, ok := p.readPath(toks)
	if !ok {
		return
	}
	e := lookupMenu(path)
	if e == nil {
		p.unknownMenu(toks[0], path, absolute, i == len(toks) && cmd == "")
		return
	}
	if i == len(toks) && cmd == "" {
		p.pathLine(toks[0], path, e)
		return
	}
	p.command(e, path, cmd, toks, i)
}

// scripting handles a statement that starts with scripting (a block, an
// expression, a :command or a variable), reporting whether it did.
func (p *parser) scripting(t0 token) bool {
	switch {
	case t0.lead == '{':
		p.errorf(t0, "script blocks ({ ... }) are not supported in this version")
	case t0.lead == '[' || t0.lead == '(':
		p.errorf(t0, "expressions (%c ... %c) are not supported in this version", t0.lead, closers[t0.lead])
	case t0.lead == ':':
		name, _, _ := strings.Cut(t0.text, "=")
		if harmlessScripting[name] {
			// Guides mix these into their snippets; they change no
			// configuration, so the rest of the snippet still loads.
			p.notice(t0, NoticeScripting, "", "%s: scripting is not run by qosbench; the line changes no configuration", name)
			return true
		}
		p.errorf(t0, "scripting command %q is not supported in this version", name)
	case t0.dollar:
		p.errorf(t0, "variables ($...) are not supported in this version")
	default:
		return false
	}
	return true
}

// readPath reads the path words of a statement, absolute ("/ip firewall
// filter", "/ip/firewall/filter") or relative to the current menu
// ("firewall filter" under /ip, ".."), and the command word after them. i
// is the index of the first token after the command (or of the first
// token that is neither). ok is false when an error was reported.
func (p *parser) readPath(toks []token) (path string, absolute bool, cmd string, i int, ok bool) {
	t0 := toks[0]
	path = p.cur
	if plainWord(t0) && strings.HasPrefix(t0.text, "/") {
		path, absolute = "/", true
	}
	inPath := absolute
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
					return "", false, "", 0, false
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
	return path, absolute, cmd, i, true
}

// unknownMenu reports a statement on a menu that does not exist; a path
// line alone (pathOnly) makes it the current menu, so that the commands
// below it are not reported again in strict mode.
func (p *parser) unknownMenu(t0 token, path string, absolute, pathOnly bool) {
	if !absolute && p.curUnknown && path == p.cur {
		if p.terminal {
			// Each command is rejected on its own, so each says why.
			p.errorf(t0, "unknown menu %q (the path line %d)", path, p.curLine)
		}
		return // strict: reported with the path line
	}
	p.errorf(t0, "unknown menu %q%s", path, didYouMean(path, menuNames))
	if pathOnly {
		p.cur, p.curUnknown, p.curLine = path, true, t0.line
	}
}

// pathLine handles a statement that is only a path: it changes the
// current menu (or is an argument-less command of an ignored menu).
func (p *parser) pathLine(t0 token, path string, e *menuEntry) {
	if e.kind == menuIgnored && ignoredCommands[path[strings.LastIndexByte(path, '/')+1:]] {
		// "/system package update check-for-updates": the ignored
		// subtree takes any word as a menu, but this one is a command.
		p.notice(t0, NoticeIgnored, parentMenu(path), "ignored: %s %s", parentMenu(path)+" "+path[strings.LastIndexByte(path, '/')+1:], e.reason)
		return
	}
	p.cur, p.curUnknown, p.curLine = path, false, t0.line
}

// command handles the command cmd on menu e (at path) with the arguments
// toks[i:]; toks[i-1] is the command word when cmd is set.
func (p *parser) command(e *menuEntry, path, cmd string, toks []token, i int) {
	t0 := toks[0]
	switch cmd {
	case "print":
		p.notice(t0, NoticeReadOnly, path, "print: shows state, changes nothing (%s)", path)
		return
	case "export":
		p.notice(t0, NoticeReadOnly, path, "export: writes the configuration out, changes nothing (%s)", path)
		return
	}
	if e.kind == menuIgnored {
		if p.unmodelledProps(path, cmd, toks[i:]); len(p.errs) > 0 && p.terminal {
			return
		}
		if cmd == "set" && settingsMenus[path] {
			p.setting(path, t0, toks[i:])
		}
		if cmd == "add" || cmd == "set" {
			p.ignoredItem(path, t0, toks[i:])
		}
		p.notice(t0, NoticeIgnored, path, "ignored: %s %s", path, e.reason)
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
	edit := cmd == "set" || cmd == "remove" || cmd == "enable" || cmd == "disable"
	switch e.kind {
	case menuNode:
		p.itemErrorf(t0, item, "command %q is not valid in %s: it only leads to other menus", cmd, path)
	case menuUnsupported:
		p.itemErrorf(t0, item, "%s is not supported in this version: %s", path, e.reason)
	default:
		if cmd == "add" || cmd == "set" {
			p.versionProps(path, cmd, toks[i:])
		}
		bm := builtinMenus[path]
		switch {
		case bm != nil && cmd == "add":
			p.builtinAdd(path, bm, t0, toks[i:])
		case bm != nil && edit:
			p.builtinEdit(cmd, path, bm, toks[i-1], toks[i:])
		case cmd == "add":
			p.add(path, e.schema, t0, toks[i:])
		case edit:
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
	p.added = it
	errs := s.validate(it, len(p.errs) == nerr)
	p.errs = append(p.errs, errs...)
	if len(p.errs) == nerr {
		p.appendItem(it)
	}
}

// namedMenus are the menus whose items must have unique names.
var namedMenus = []string{MenuQueueTree, MenuQueueSimple, MenuQueueType, MenuUser}

// checkNames reports the items the current statement added or replaced
// (p.changed) whose name another item of the same menu already has.
// RouterOS checks names as each command runs: the names were unique before
// the statement, so only what it changed can clash, and a statement that
// changed no item of a named menu (an address-list entry) costs nothing.
func (p *parser) checkNames() ErrorList {
	var errs ErrorList
	for _, menu := range namedMenus {
		var changed []*Item
		for _, it := range p.changed {
			if it.Menu == menu {
				changed = append(changed, it)
			}
		}
		if len(changed) == 0 {
			continue
		}
		if len(changed) > 1 {
			// In menu order, as the router checks them (set [find] ...
			// replaces items where they are).
			at := map[*Item]int{}
			for i, it := range p.cfg.Items {
				at[it] = i
			}
			slices.SortStableFunc(changed, func(a, b *Item) int { return at[a] - at[b] })
		}
		byName := p.nameIndex()[menu]
		seen := map[string]*Item{} // first changed item of each name
		for _, it := range changed {
			name, ok := it.Get("name")
			if !ok {
				continue
			}
			// The item clashed with: the first unchanged one of the name,
			// else an earlier changed one.
			prev := seen[name]
			for _, o := range byName[name] {
				if !slices.Contains(changed, o) {
					prev = o
					break
				}
			}
			if prev == nil {
				seen[name] = it
				continue
			}
			line, col := it.valuePos("name")
			pl, pc := prev.valuePos("name")
			errs = append(errs, &Error{File: p.file, Line: line, Col: col, Item: menu + " add",
				Msg: fmt.Sprintf("duplicate name %q in %s (first used at %d:%d)", name, menu, pl, pc)})
		}
	}
	return errs
}

// nameIndex returns, for each menu of namedMenus, the items of each name
// in menu order. appendItem keeps it up to date; a statement that replaces
// or removes items marks it stale, and it is rebuilt here when next
// needed. (Building it anew for every statement made parsing quadratic.)
func (p *parser) nameIndex() map[string]map[string][]*Item {
	if p.names != nil && !p.namesStale {
		return p.names
	}
	p.names = map[string]map[string][]*Item{}
	for _, m := range namedMenus {
		p.names[m] = map[string][]*Item{}
	}
	for _, it := range p.cfg.Items {
		p.indexName(it)
	}
	p.namesStale = false
	return p.names
}

// indexName adds it, the last item of the Config, to the name index.
func (p *parser) indexName(it *Item) {
	byName := p.names[it.Menu]
	if byName == nil {
		return // not a named menu
	}
	if name, ok := it.Get("name"); ok {
		byName[name] = append(byName[name], it)
	}
}

// mutate prepares cfg.Items for a write in place (replacing or deleting
// items): copied if a snapshot shares it (see own), the name index stale.
func (p *parser) mutate() {
	p.own()
	p.namesStale = true
}

// queueRefs are the properties that name an item of another (or the same)
// menu that the router must already have: the parent of a queue, its
// queue type.
var queueRefs = []struct{ menu, key, target string }{
	{MenuQueueTree, "parent", MenuQueueTree},
	{MenuQueueTree, "queue", MenuQueueType},
	{MenuQueueSimple, "parent", MenuQueueSimple},
	{MenuQueueSimple, "queue", MenuQueueType},
}

// checkRejectedRefs reports, in Terminal mode, the items a statement added
// or changed that name an item whose add was rejected earlier: on a router
// that item does not exist, so this command fails too. (The parser cannot
// tell an unknown parent from an interface; a rejected queue's name it
// can.)
func (p *parser) checkRejectedRefs() ErrorList {
	if len(p.rejectedNames) == 0 {
		return nil
	}
	var errs ErrorList
	for _, it := range p.changed {
		for _, r := range queueRefs {
			v, ok := it.Get(r.key)
			if it.Menu != r.menu || !ok {
				continue
			}
			for _, name := range strings.Split(v, "/") {
				line, rejected := p.rejectedNames[r.target+" "+name]
				if !rejected || slices.ContainsFunc(p.cfg.Menu(r.target), func(x *Item) bool { n, _ := x.Get("name"); return n == name }) {
					continue
				}
				l, c := it.valuePos(r.key)
				errs = append(errs, &Error{File: p.file, Line: l, Col: c, Item: it.Menu + " add",
					Msg: fmt.Sprintf("property %q in %s: %q does not exist: its add at line %d was rejected", r.key, it.Menu, name, line)})
			}
		}
	}
	return errs
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
				if !it.Disabled() {
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
			value := t.text[t.eq+1:]
			if value == "" && emptyMeansUnset(s.menu, key) {
				out = append(out, propArg{key: key, unset: true}) // exports write an unset matcher as ""
				continue
			}
			out = append(out, propArg{key: key, value: value, pos: propPos{t.line, t.col, t.valLine, t.valCol}})
		}
	}
	return out
}

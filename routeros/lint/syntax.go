package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Sources of the version claims, named in findings (docs/lint.md).
const (
	srcQueueV5    = "MikroTik wiki Manual:Queue: the v2.9-v5 pages attach queues to global-in, global-out and global-total; the v6.0+ page has parent=global"
	srcSimpleV5   = "MikroTik wiki Manual:Queue (v2.9-v5): simple queues took interface= and target-addresses=; v6.0+ take target= (addresses or interfaces)"
	srcQueueKinds = "MikroTik manual, Queue types: codel, fq-codel and cake since 7.1beta3"
	srcRoutingV7  = "MikroTik manual (v7), Routing table and Policy routing: /routing table, routing-table=; a mark-routing table must exist in /routing table first"
)

const rejectedEffect = "the router rejects this command: pasted into a terminal it changes nothing, and /import stops at this line, so nothing after it is applied"

// rejected turns the commands the parser found the router would reject
// into Error findings, with the version that has a property when it
// belongs to another version.
func (l *linter) rejected() {
	seen := map[int]bool{}
	for _, e := range l.cfg.Rejected {
		text := l.command(e.Line)
		menu, _, _ := strings.Cut(e.Item, " ")
		f := Finding{Severity: Error, Check: "rejected", File: e.File, Line: e.Line, Col: e.Col,
			Item: spaceForm(e.Item), Message: e.Msg, Effect: rejectedEffect}
		if s := didYouMean.FindStringSubmatch(e.Msg); s != nil {
			f.Fix = fmt.Sprintf("write %q (the closest name the router knows)", s[1])
		} else {
			f.Fix = "correct the command as the message says, or remove it"
		}
		if m := rejectedParent.FindStringSubmatch(e.Msg); m != nil {
			f.Fix = "fix the rejected command at line " + m[1] + " first; this one then applies as written"
		}
		if m := versionOnly.FindStringSubmatch(e.Msg); m != nil {
			// RouterOS's command tree has the property, in other versions.
			f.Check = "other-version"
			f.Fix = "remove " + m[1] + "= for this version, or lint with --version set to a version that has it"
		}
		if name := valueOf(text, "name", ""); name != "" && f.Item != "" {
			f.Item += " name=" + quoteRSC(name)
		}
		if m := unknownProp.FindStringSubmatch(e.Msg); m != nil {
			prop := m[1]
			if s := didYouMean.FindStringSubmatch(e.Msg); s != nil {
				f.Fix = fmt.Sprintf("write %s= instead of %s=", s[1], prop)
			}
			if menu == routeros.MenuQueueSimple {
				switch {
				case prop == "target-addresses" || prop == "interface":
					f.Message += fmt.Sprintf(" (%s= is RouterOS v5 and earlier; v6 and v7 take target=) [%s]", prop, srcSimpleV5)
					f.Fix = "write target=<addresses or interface> instead of " + prop + "="
				case strings.Contains(prop, "interface") || strings.HasPrefix(prop, "target-"):
					f.Message += fmt.Sprintf(" (no RouterOS version has %s=; v6 and v7 take an interface or addresses in target=)", prop)
					f.Fix = "write target=" + valueOf(text, prop, "<interface>") + " instead of " + prop + "="
				}
			}
			if menu == routeros.MenuQueueTree && prop == "packet-marks" {
				f.Fix = "write packet-mark=" + valueOf(text, prop, "<mark>") + " (queue trees take packet-mark, simple queues packet-marks)"
			}
		}
		if menu == routeros.MenuQueueTree && strings.Contains(e.Msg, `"global-`) {
			// The parser already names the version (v5 parents).
			f.Fix = "write parent=global (both directions in one HTB), or parent=<interface> to shape what leaves that interface"
			f.Message += " [" + srcQueueV5 + "]"
			seen[e.Line] = true
		}
		l.add(f)
		if menu == routeros.MenuQueueTree && !seen[e.Line] {
			seen[e.Line] = true
			if p := globalParent.FindStringSubmatch(text); p != nil {
				l.add(globalParentFinding(e.File, e.Line, 0, "/queue tree add", p[1], nil))
			}
		}
	}
}

var (
	unknownProp    = regexp.MustCompile(`unknown property "([^"]+)"`)
	versionOnly    = regexp.MustCompile(`property "([^"]+)" of \S+ is not in RouterOS \S+ \(it is in RouterOS`)
	didYouMean     = regexp.MustCompile(`did you mean "([^"]+)"`)
	rejectedParent = regexp.MustCompile(`its add at line (\d+) was rejected`)
	globalParent   = regexp.MustCompile(`(?:^|\s)parent="?(global-(?:in|out|total))"?(?:\s|$)`)
)

// command returns the source text of the command starting at line,
// joined over its continuation lines; "" when the source is unknown.
func (l *linter) command(line int) string {
	if line < 1 || line > len(l.lines) {
		return ""
	}
	var b strings.Builder
	for i := line - 1; i < len(l.lines); i++ {
		s := strings.TrimRight(l.lines[i], "\r")
		cont := strings.HasSuffix(s, `\`)
		b.WriteString(strings.TrimSuffix(s, `\`))
		if !cont {
			break
		}
	}
	return b.String()
}

// valueOf returns the value of key=value in a command's text, unquoted, or
// def.
func valueOf(text, key, def string) string {
	re := regexp.MustCompile(`(?:^|\s)` + regexp.QuoteMeta(key) + `=("([^"\\]|\\.)*"|\S+)`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		return def
	}
	return strings.Trim(m[1], `"`)
}

// spaceForm renders "/ip/firewall/mangle add" as "/ip firewall mangle add".
func spaceForm(item string) string {
	if item == "" {
		return ""
	}
	menu, cmd, _ := strings.Cut(item, " ")
	s := "/" + strings.ReplaceAll(strings.TrimPrefix(menu, "/"), "/", " ")
	if cmd != "" {
		s += " " + cmd
	}
	return s
}

func globalParentFinding(file string, line, col int, item, parent string, kids []string) Finding {
	effect := "a v6 or v7 router rejects the command (there is no queue or interface named " + parent + "): the queue is not created"
	if len(kids) > 0 {
		effect += ", and its children " + quoteList(kids) + " fail with it"
	}
	return Finding{Severity: Error, Check: "other-version", File: file, Line: line, Col: col, Item: item,
		Message: fmt.Sprintf("parent=%s is RouterOS v5 and earlier: v6.0 replaced global-in, global-out and global-total with parent=global [%s]", parent, srcQueueV5),
		Effect:  effect,
		Fix:     "write parent=global (both directions in one HTB), or parent=<interface> to shape what leaves that interface"}
}

// notices turns the parser's notices about likely mistakes into Info
// findings; notices of commands that are skipped (menus the lab does not
// model, print, export) say nothing about the router and are left out.
func (l *linter) notices() {
	for _, n := range l.cfg.Notices {
		if n.Kind == routeros.NoticeIgnored || n.Kind == routeros.NoticeReadOnly {
			continue
		}
		l.add(Finding{Severity: Info, Check: "notice", File: n.File, Line: n.Line, Message: n.Msg})
	}
}

// versions reports properties, values and menus of another RouterOS
// version than the one the config is for.
func (l *linter) versions() {
	for _, q := range l.trees() {
		if !strings.HasPrefix(q.Parent, "global-") || l.tree(q.Parent) != nil {
			continue
		}
		switch q.Parent {
		case "global-in", "global-out", "global-total":
		default:
			continue
		}
		var kids []string
		l.descendants(q, &kids)
		line, col := q.Item.Line, q.Item.Col
		l.add(globalParentFinding(q.Item.File, line, col, treeItem(q), q.Parent, kids))
	}
	for _, it := range l.cfg.Menu(routeros.MenuQueueType) {
		kind, _ := it.Get("kind")
		if kind != "codel" && kind != "fq-codel" && kind != "cake" {
			continue
		}
		name, _ := it.Get("name")
		switch l.version {
		case "7":
		case "6":
			l.add(Finding{Severity: Error, Check: "other-version", File: it.File, Line: it.Line, Col: it.Col, Item: fmt.Sprintf("/queue type %q", name),
				Message: fmt.Sprintf("kind=%s is RouterOS v7 (7.1beta3 and later) [%s]", kind, srcQueueKinds),
				Effect:  "a v6 router rejects the command: the queue type is not created, and every queue using queue=" + name + " is rejected too",
				Fix:     "use kind=sfq or kind=pfifo on v6, or upgrade to RouterOS 7"})
		default:
			l.add(Finding{Severity: Info, Check: "other-version", File: it.File, Line: it.Line, Col: it.Col, Item: fmt.Sprintf("/queue type %q", name),
				Message: fmt.Sprintf("kind=%s needs RouterOS 7.1beta3 or later [%s]", kind, srcQueueKinds),
				Effect:  "on RouterOS 6 the command is rejected and the queues using it with it",
				Fix:     "lint with --version 6|7 to check for the router's version"})
		}
	}
	// v7 routing tables: the parser keeps plain k=v commands as Ignored
	// items and notes every command of the menu, flags ("fib") too.
	tables := map[string]bool{"main": true}
	for _, it := range l.ignored("/routing/table") {
		name, _ := it.Get("name")
		tables[name] = true
	}
	for _, n := range l.cfg.Notices {
		if n.Kind != routeros.NoticeIgnored || !strings.HasPrefix(n.Menu, "/routing/table") {
			continue
		}
		name := valueOf(l.command(n.Line), "name", "")
		for _, it := range l.ignored("/routing/table") {
			if it.Line == n.Line {
				name, _ = it.Get("name")
			}
		}
		if name != "" {
			tables[name] = true
		}
		if l.version == "6" {
			l.add(Finding{Severity: Error, Check: "other-version", File: n.File, Line: n.Line, Item: "/routing table add",
				Message: "/routing table is RouterOS v7 [" + srcRoutingV7 + "]",
				Effect:  "a v6 router has no such menu and rejects the command; on v6 a routing mark alone selects the routing table",
				Fix:     "remove the line for v6 (v6 routes take routing-mark=<name>)"})
		}
	}
	for _, it := range l.ignored("/ip/route") {
		if v, ok := it.Get("routing-table"); ok && l.version == "6" {
			l.add(Finding{Severity: Error, Check: "other-version", File: it.File, Line: it.Line, Col: it.Col, Item: "/ip route add",
				Message: "routing-table= on a route is RouterOS v7 [" + srcRoutingV7 + "]",
				Effect:  "a v6 router rejects the command: the route is not added",
				Fix:     "write routing-mark=" + v + " on v6"})
		}
	}
	if l.version == "7" {
		for _, r := range l.rules["mangle"] {
			if r.Disabled || r.Action != "mark-routing" || tables[r.NewRoutingMark] {
				continue
			}
			l.add(Finding{Severity: Error, Check: "other-version", File: r.Item.File, Line: r.Item.Line, Col: r.Item.Col, Item: r.describe(),
				Message: fmt.Sprintf("new-routing-mark=%s names no routing table: in RouterOS v7 the table must exist in /routing table first [%s]", r.NewRoutingMark, srcRoutingV7),
				Effect:  "a v7 router rejects the command: the rule is not added and its packets keep the main table",
				Fix:     fmt.Sprintf("/routing table add name=%s fib (before the mangle rule)", r.NewRoutingMark)})
		}
	}
}

// descendants appends the names of every queue below q.
func (l *linter) descendants(q *routeros.QueueTree, out *[]string) {
	for _, c := range l.trees() {
		if c.Parent == q.Name && len(*out) < 64 {
			*out = append(*out, c.Name)
			l.descendants(c, out)
		}
	}
}

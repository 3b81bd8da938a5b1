package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// rule is a decoded firewall rule with its place in its menu, and what
// the checks derive from it once (the shadowing check compares every pair
// of rules of a chain: deriving per pair made 4k rules take a minute).
type rule struct {
	*routeros.Rule
	table string
	num   int // print number: position in the menu, counting every chain, from 0

	ms        []routeros.Prop // matchers, in the order written
	evals     []*lintMatcher  // each matcher's row of lintMatchers; nil when lint has none
	portSets  [3]*portSet     // src-port, dst-port, port; nil when absent
	spans     [2]*span        // src-address, dst-address; nil when absent or not IPv4
	has, need keyMask         // see keyMask
}

func newRule(r *routeros.Rule, table string, num int, keys *keyBits) *rule {
	x := &rule{Rule: r, table: table, num: num}
	for _, p := range r.Item.Props {
		if routeros.IsMatcher(p.Key) {
			x.ms = append(x.ms, p)
			x.evals = append(x.evals, lintMatchers[p.Key])
		}
	}
	for i, m := range []*routeros.PortMatch{r.SrcPort, r.DstPort, r.Port} {
		if m != nil {
			s := ports(m)
			x.portSets[i] = &s
		}
	}
	for i, m := range []*routeros.AddrMatch{r.SrcAddress, r.DstAddress} {
		if m != nil {
			if sp, ok := addrSpan(m); ok {
				x.spans[i] = &sp
			}
		}
	}
	none := &rule{Rule: &routeros.Rule{Item: &routeros.Item{}}}
	for i, p := range x.ms {
		bit := keys.bit(p.Key)
		x.has |= bit
		if !coversOne(p.Key, x.evals[i], x, none) {
			x.need |= bit
		}
	}
	return x
}

// keyMask is a set of matcher keys, one bit each (keyBits numbers them). A
// rule's need mask holds the keys of the matchers that a rule without that
// matcher can never satisfy entirely: rule a covers rule b only if b has
// every key of a.need, a test of one instruction before the real one.
type keyMask uint64

// keyBits numbers matcher keys for keyMask, per linter. Keys beyond the
// 64th get no bit: masks then prove less, never something false.
type keyBits map[string]keyMask

func (k *keyBits) bit(key string) keyMask {
	if b, ok := (*k)[key]; ok {
		return b
	}
	var b keyMask
	if n := len(*k); n < 64 {
		b = 1 << n
	}
	(*k)[key] = b
	return b
}

// matchers returns the rule's matcher properties in the order written.
func (r *rule) matchers() []routeros.Prop { return r.ms }

// catchAll reports whether the rule matches every packet of its chain.
func (r *rule) catchAll() bool { return len(r.matchers()) == 0 }

// terminal reports whether the rule's action ends the chain for the
// packets it matches: nothing after it in the chain sees them.
func (r *rule) terminal() bool {
	switch r.Action {
	case "accept", "drop", "reject", "tarpit", "return":
		return true
	case "mark-packet", "mark-connection", "mark-routing", "change-dscp", "change-mss", "change-ttl",
		"clear-df", "set-priority", "strip-ipv4-options", "route", "sniff-tzsp", "sniff-pc":
		// Mangle actions with passthrough=no stop the chain too.
		return r.table == "mangle" && !r.Passthrough
	case "masquerade", "src-nat", "dst-nat", "redirect", "netmap", "same", "endpoint-independent-nat", "notrack":
		return true
	}
	return false
}

// menuName is the space form of a firewall table's menu.
func menuName(table string) string { return "/ip firewall " + table }

// describe names the rule: "/ip firewall filter rule #3 chain=input action=accept comment=...".
func (r *rule) describe() string {
	return fmt.Sprintf("%s rule #%d %s", menuName(r.table), r.num, r.brief())
}

// brief describes the rule without its menu and number:
// "chain=input action=accept comment=...".
func (r *rule) brief() string {
	s := fmt.Sprintf("chain=%s action=%s", r.Chain, r.Action)
	if r.Comment != "" {
		s += " comment=" + strconv.Quote(r.Comment)
	}
	return s
}

// short names the rule in a sentence: "rule #3 (line 12)".
func (r *rule) short() string { return fmt.Sprintf("rule #%d (line %d)", r.num, r.Item.Line) }

// selector is how a fix command selects the rule: [find comment="..."]
// when it has a unique comment, else its print number.
func (l *linter) selector(r *rule) string {
	if r.Comment != "" {
		n := 0
		for _, o := range l.rules[r.table] {
			if o.Comment == r.Comment {
				n++
			}
		}
		if n == 1 {
			return fmt.Sprintf("[find comment=%s]", quoteRSC(r.Comment))
		}
	}
	return strconv.Itoa(r.num)
}

// quoteRSC quotes a value for a RouterOS command.
func quoteRSC(v string) string {
	if v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,") == "" {
		return v
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`)
	return `"` + r.Replace(v) + `"`
}

// chain returns the enabled rules of one chain of a table, in order.
func (l *linter) chain(table, name string) []*rule {
	var out []*rule
	for _, r := range l.rules[table] {
		if r.Chain == name && !r.Disabled {
			out = append(out, r)
		}
	}
	return out
}

// chains returns the chain names of a table in order of first use.
func (l *linter) chains(table string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range l.rules[table] {
		if !seen[r.Chain] {
			seen[r.Chain] = true
			out = append(out, r.Chain)
		}
	}
	return out
}

// numList renders rule numbers as "#1, #3-#5".
func numList(rs []*rule) string {
	var parts []string
	for i := 0; i < len(rs); {
		j := i
		for j+1 < len(rs) && rs[j+1].num == rs[j].num+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprintf("#%d", rs[i].num))
		} else {
			parts = append(parts, fmt.Sprintf("#%d-#%d", rs[i].num, rs[j].num))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// plural returns singular or plural by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package lint

import (
	"slices"
	"strings"
)

// tri is a three-valued answer: the matchers prove no, prove yes, or
// depend on something the config does not say.
type tri int

const (
	no tri = iota
	maybe
	yes
)

func (t tri) not() tri { return 2 - t }

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

// probe is a packet the filter chains are evaluated for: a new connection
// from an internet host arriving on the WAN interface. Fields left zero
// are "a value no rule names": a port or protocol the config never
// mentions.
type probe struct {
	proto   string // "tcp", or "" for a protocol no rule names
	dstPort int    // 0: a port no rule names
	syn     bool   // the packet is a TCP SYN
	toLocal bool   // addressed to the router itself (input) rather than a LAN host (forward)
}

// verdict is what a chain does with a probe.
type verdict int

const (
	unknown     verdict = iota // depends on matchers the config leaves open
	accepted                   // surely accepted (reaches the service or the LAN)
	blocked                    // surely dropped or rejected
	fellThrough                // left a user chain without a decision
)

// walk evaluates a chain of the filter table for p, following jumps.
func (l *linter) walk(chain string, p probe) verdict {
	l.steps = 0
	return l.walkRules(l.chain("filter", chain), chain, p, 0)
}

// maxSteps bounds the rules one walk evaluates: jumps that may or may not
// match are followed both ways, which nested jumps multiply.
const maxSteps = 20000

func (l *linter) walkRules(rs []*rule, chain string, p probe, depth int) verdict {
	if depth > 8 || l.steps > maxSteps {
		return unknown
	}
	l.steps += len(rs)
	for i, r := range rs {
		m := l.match(r, p)
		if m == no {
			continue
		}
		rest := func() verdict { return l.walkRules(rs[i+1:], chain, p, depth) }
		switch r.Action {
		case "accept":
			if m == yes {
				return accepted
			}
			if rest() == accepted {
				return accepted
			}
			return unknown
		case "drop", "reject", "tarpit":
			if m == yes {
				return blocked
			}
			if rest() == blocked {
				return blocked
			}
			return unknown
		case "return":
			if m == yes {
				return fellThrough
			}
			if rest() == fellThrough {
				return fellThrough
			}
			return unknown
		case "jump":
			sub := l.walkRules(l.chain("filter", r.JumpTarget), r.JumpTarget, p, depth+1)
			if m == yes && sub != fellThrough {
				return sub
			}
			after := rest()
			if sub == fellThrough || sub == after {
				return after
			}
			return unknown
		}
		// log, passthrough, add-*-to-address-list, fasttrack-connection:
		// the packet goes on.
	}
	if isBuiltin("filter", chain) {
		return accepted // a built-in chain accepts what no rule decided
	}
	return fellThrough
}

func isBuiltin(table, chain string) bool {
	switch table {
	case "filter":
		return chain == "input" || chain == "forward" || chain == "output"
	case "mangle":
		return slices.Contains([]string{"prerouting", "input", "forward", "output", "postrouting"}, chain)
	}
	return false
}

// match says whether rule r matches probe p.
func (l *linter) match(r *rule, p probe) tri {
	res := yes
	for i := range r.ms {
		t := maybe // a matcher lint cannot evaluate
		if lm := r.evals[i]; lm != nil && lm.match != nil {
			t = lm.match(l, r, p)
		}
		if t == no {
			return no
		}
		if t == maybe {
			res = maybe
		}
	}
	return res
}

func (t tri) neg(n bool) tri {
	if n {
		return t.not()
	}
	return t
}

// inList says whether interface iface is in interface list name, from the
// list members the config adds; "WAN" and "LAN" without members follow the
// default configuration's convention (the WAN port is in WAN, not in LAN).
func (l *linter) inList(name, iface string) tri {
	switch name {
	case "all":
		return yes
	case "none":
		return no
	}
	if iface == "" {
		return maybe
	}
	if members, ok := l.lists[name]; ok {
		return boolTri(slices.Contains(members, iface))
	}
	switch {
	case strings.EqualFold(name, "WAN"):
		return boolTri(iface == l.wan)
	case strings.EqualFold(name, "LAN"):
		return boolTri(iface != l.wan)
	}
	return maybe
}

// markState says whether a new connection from the internet carries mark
// name: nothing carries a mark no rule sets; no-mark is sure only when no
// rule sets any mark of the kind.
func (l *linter) markState(name, kind string) tri {
	set := l.marksSet(kind)
	if name == "no-mark" {
		if len(set) == 0 {
			return yes
		}
		return maybe
	}
	if _, ok := set[name]; ok {
		return maybe
	}
	return no
}

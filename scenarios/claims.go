package scenarios

import (
	"fmt"
	"strings"
)

// Claim is one statement the scenario tests, in the words of whoever made it
// (a guide, a change request): "WinBox is reachable from the LAN only". It
// holds when every threshold of its classes holds, in every variant where
// they are checked; reports list each claim with that verdict, so a run
// states plainly which claims hold and which do not.
type Claim struct {
	Text    string   // the claim, as written
	Classes []string // the traffic classes whose thresholds decide it
	Pos     Pos      // where the claim is written
}

// maxClaimLen bounds a claim's text: it is a sentence, not a document.
const maxClaimLen = 300

// decodeClaims reads the optional top-level `claims` list:
//
//	claims:
//	  - {claim: "LAN hosts reach the internet", classes: [web-out, dns-out]}
//
// Every class must exist and have at least one threshold, or the claim
// could never be judged.
func (d *decoder) decodeClaims(top *object, s *Scenario, classes map[string]trafficClass) {
	e, ok := top.get("claims")
	if !ok || d.resolvesToNull(e.value) {
		return
	}
	items, ok := d.list("claims", e.value)
	if !ok {
		return
	}
	judged := map[string]bool{}
	for _, th := range s.Thresholds {
		judged[th.Class] = true
	}
	names := s.ClassNames()
	for i, raw := range items {
		field := fmt.Sprintf("claims[%d]", i)
		o, ok := d.object(field, raw)
		if !ok {
			continue
		}
		d.unknownKeys(field, o, []string{"claim", "classes"})
		c := Claim{Pos: posOf(raw)}
		if ce, ok := d.required(o, field, "claim"); ok {
			if text, ok := d.str(join(field, "claim"), ce.value); ok {
				text = strings.TrimSpace(text)
				switch {
				case text == "":
					d.report(ce.valuePos(), join(field, "claim"), "empty claim")
				case len(text) > maxClaimLen:
					d.report(ce.valuePos(), join(field, "claim"), "claim is %d characters long; at most %d", len(text), maxClaimLen)
				}
				c.Text = text
			}
		}
		if ce, ok := d.required(o, field, "classes"); ok {
			cf := join(field, "classes")
			list, ok := d.list(cf, ce.value)
			if ok && len(list) == 0 {
				d.report(ce.valuePos(), cf, "a claim needs at least one class")
			}
			seen := map[string]bool{}
			for j, n := range list {
				f := fmt.Sprintf("%s[%d]", cf, j)
				name, ok := d.str(f, n)
				if !ok {
					continue
				}
				switch {
				case seen[name]:
					d.report(posOf(n), f, "class %q is listed twice", name)
				case !hasClass(classes, name):
					d.report(posOf(n), f, "unknown class %q%s; classes are: %s", name, didYouMean(name, names), strings.Join(names, ", "))
				case !judged[name]:
					d.report(posOf(n), f, "class %q has no thresholds, so it cannot decide a claim: add thresholds.%s", name, name)
				}
				seen[name] = true
				c.Classes = append(c.Classes, name)
			}
		}
		s.Claims = append(s.Claims, c)
	}
}

func hasClass(classes map[string]trafficClass, name string) bool {
	_, ok := classes[name]
	return ok
}

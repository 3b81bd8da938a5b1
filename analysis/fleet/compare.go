package fleet

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Change is one config's difference between two fleets.
type Change struct {
	// Name is the config's fleet key.
	Name string `json:"name"`
	// Before and After are its verdicts; empty when absent from that fleet.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// NewlyFailed lists the thresholds that fail after and did not before.
	NewlyFailed []string `json:"newly_failed,omitempty"`
	// Regression is true when the config got worse: it passed and now
	// fails or cannot be tested, it failed and now cannot be tested, or it
	// fails thresholds it passed before.
	Regression bool `json:"regression"`
}

// Comparison lists the configs whose outcome changed between two fleets.
type Comparison struct {
	Changes     []Change `json:"changes"`
	Regressions int      `json:"regressions"`
	// Unchanged counts the configs present in both with the same outcome.
	Unchanged int `json:"unchanged"`
}

// Compare matches the configs of before and after by name. Configs in only
// one fleet are listed (added, removed) but are not regressions.
func Compare(before, after *Fleet) *Comparison {
	b := map[string]Config{}
	for _, c := range before.Configs {
		b[c.Name] = c
	}
	cmp := &Comparison{}
	seen := map[string]bool{}
	rank := map[string]int{Pass: 0, Fail: 1, Error: 2}
	for _, a := range after.Configs {
		seen[a.Name] = true
		old, ok := b[a.Name]
		if !ok {
			cmp.Changes = append(cmp.Changes, Change{Name: a.Name, After: a.Verdict})
			continue
		}
		ch := Change{Name: a.Name, Before: old.Verdict, After: a.Verdict}
		was := map[string]bool{}
		for _, t := range old.FailedThresholds {
			was[thresholdKey(t)] = true
		}
		for _, t := range a.FailedThresholds {
			if !was[thresholdKey(t)] {
				ch.NewlyFailed = append(ch.NewlyFailed, t)
			}
		}
		ch.Regression = rank[a.Verdict] > rank[old.Verdict] || len(ch.NewlyFailed) > 0
		if ch.Regression {
			cmp.Regressions++
		}
		if ch.Regression || ch.Before != ch.After {
			cmp.Changes = append(cmp.Changes, ch)
		} else {
			cmp.Unchanged++
		}
	}
	for _, old := range before.Configs {
		if !seen[old.Name] {
			cmp.Changes = append(cmp.Changes, Change{Name: old.Name, Before: old.Verdict})
		}
	}
	sort.SliceStable(cmp.Changes, func(i, j int) bool {
		if cmp.Changes[i].Regression != cmp.Changes[j].Regression {
			return cmp.Changes[i].Regression
		}
		return cmp.Changes[i].Name < cmp.Changes[j].Name
	})
	return cmp
}

// thresholdKey is a failed-threshold line without its measured value, so a
// threshold that failed before and after, by another amount, is not new.
func thresholdKey(s string) string {
	if i := strings.LastIndex(s, " ("); i >= 0 {
		return s[:i]
	}
	return s
}

// WriteCompareText writes one line per changed config, regressions first,
// and a count.
func WriteCompareText(w io.Writer, c *Comparison) error {
	var b strings.Builder
	for _, ch := range c.Changes {
		what := "changed"
		switch {
		case ch.Regression:
			what = "REGRESSION"
		case ch.Before == "":
			what = "added"
		case ch.After == "":
			what = "removed"
		}
		fmt.Fprintf(&b, "%-10s %s: %s -> %s\n", what, ch.Name, orDash(ch.Before), orDash(ch.After))
		for _, t := range ch.NewlyFailed {
			fmt.Fprintf(&b, "    newly failed: %s\n", t)
		}
	}
	fmt.Fprintf(&b, "%d configs regressed, %d changed otherwise, %d unchanged\n", c.Regressions, len(c.Changes)-c.Regressions, c.Unchanged)
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

package analysis

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/qosbench/qosbench/routeros/lint"
)

// WriteMarkdown writes r as a short GitHub-flavoured Markdown summary for a
// pull-request comment: the verdict first, the failed thresholds with their
// evidence, every threshold and comparison in a table, then one row per
// variant and class with the headline numbers. Like WriteTable, the output
// depends only on r.
func WriteMarkdown(w io.Writer, r *Results) error {
	bw := bufio.NewWriter(w)
	failed, total, inconclusive := countThresholds(r)
	verdict := "✅ PASS"
	switch r.Verdict() {
	case VerdictFail:
		verdict = "❌ FAIL"
	case VerdictInconclusive:
		verdict = "❔ INCONCLUSIVE"
	}
	fmt.Fprintf(bw, "## qosbench %s: %s\n\n", mdEscape(r.Scenario.Name), verdict)
	if p := PartialText(r); p != "" {
		fmt.Fprintf(bw, "**Partial:** %s\n\n", mdEscape(p))
	}
	fmt.Fprintf(bw, "%d of %d thresholds and comparisons failed", failed, total)
	if inconclusive > 0 {
		fmt.Fprintf(bw, ", %d inconclusive (inside the noise floor),", inconclusive)
	}
	fmt.Fprintf(bw, " across %d variants", len(r.Variants))
	s := r.Scenario
	fmt.Fprintf(bw, " (dut %s, %s s per variant", dutText(s), num(s.DurationS))
	if s.ConfigSHA256 != "" {
		fmt.Fprintf(bw, ", config `%s`", shortHash(s.ConfigSHA256))
	}
	fmt.Fprintf(bw, ", qosbench %s", orDash(r.Environment.QosbenchVersion))
	if rl := r.Environment.RouterLine(); rl != "" {
		fmt.Fprintf(bw, ", %s", rl)
	}
	bw.WriteString(").\n")
	for _, d := range r.Environment.DelaySources {
		fmt.Fprintf(bw, "\n**Delay source:** %s.\n", mdEscape(strings.TrimSuffix(d, ".")))
	}
	if lv := lintVerdict(r); lv != "" {
		fmt.Fprintf(bw, "\n**⚠ Config: %s.**\n", mdEscape(lv))
	}
	if leased := leasedText(r.Addresses); leased != "" {
		fmt.Fprintf(bw, "\nLeased by DHCP: %s.\n", mdEscape(leased))
	}

	if failed > 0 {
		bw.WriteString("\n### Failures\n\n")
		for _, v := range r.Variants {
			for _, g := range failedGroups(v.Thresholds) {
				fmt.Fprintf(bw, "- **%s / %s**: %s\n", mdEscape(v.Name), mdEscape(g.class), strings.Join(g.lines, "; "))
				for _, e := range g.evidence {
					fmt.Fprintf(bw, "  - %s\n", mdEscape(e))
				}
			}
		}
		for _, c := range r.Comparisons {
			if !c.Pass {
				fmt.Fprintf(bw, "- **%s**: %s\n", mdCode(c.Expr), mdEscape(comparisonMeasured(c)))
			}
		}
	}

	if inconclusive > 0 {
		bw.WriteString("\n### Inconclusive\n\n")
		for _, v := range r.Variants {
			for _, t := range v.Thresholds {
				if t.Inconclusive {
					fmt.Fprintf(bw, "- **%s / %s**: %s %s\n", mdEscape(v.Name), mdEscape(t.Class), mdCode(t.Expr), mdEscape(thresholdMeasured(t)))
				}
			}
		}
	}

	if len(r.Claims) > 0 {
		bw.WriteString("\n### Claims\n\n| | claim | shown by |\n|---|---|---|\n")
		for _, c := range r.Claims {
			var why []string
			for _, f := range c.Failed {
				why = append(why, fmt.Sprintf("%s %s: %s, %s", f.Variant, f.Class, f.Expr, f.Measured))
			}
			shown := strings.Join(c.Classes, ", ")
			if len(why) > 0 {
				shown = strings.Join(why, "; ")
			}
			fmt.Fprintf(bw, "| %s %s | %s | %s |\n", mark(c.Holds), claimWord(c), mdEscape(c.Claim), mdEscape(shown))
		}
	}

	if len(r.Lint) > 0 {
		fmt.Fprintf(bw, "\n### Config lint (%s)\n\n| | where | check | finding | fix |\n|---|---|---|---|---|\n", lint.Summary(r.Lint))
		for _, f := range r.Lint {
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", lintMark(f.Severity), mdEscape(lintWhere(f)),
				mdCode(f.Check), mdEscape(joinNonEmpty(f.Message, f.Effect)), mdEscape(f.Fix))
		}
	}

	bw.WriteString("\n### Thresholds\n\n| | variant | class | threshold | measured |\n|---|---|---|---|---|\n")
	for _, v := range r.Variants {
		for _, t := range v.Thresholds {
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", thresholdMark(t), mdEscape(v.Name), mdEscape(t.Class), mdCode(t.Expr), mdEscape(thresholdMeasured(t)))
		}
	}
	for _, c := range r.Comparisons {
		fmt.Fprintf(bw, "| %s | %s vs %s | %s | %s | %s |\n", mark(c.Pass), mdEscape(c.A), mdEscape(c.B), mdEscape(c.Class), mdCode(c.Expr), mdEscape(comparisonMeasured(c)))
	}

	bw.WriteString("\n### Classes\n\n| variant | class | Mbit/s | loss % | p50 ms | p99 ms | jitter ms | MOS | other |\n|---|---|--:|--:|--:|--:|--:|--:|---|\n")
	for _, v := range r.Variants {
		for i := range v.Classes {
			c := &v.Classes[i]
			cells := classRow(c.Name, c.Type, c)
			mos := "-"
			if c.Voice != nil {
				mos = fmt.Sprintf("%.2f", c.Voice.MOS)
			}
			other := strings.Join(extraMetrics(c), ", ")
			if c.Fairness != nil {
				other = strings.TrimPrefix(other+fmt.Sprintf(", fairness %.3f", *c.Fairness), ", ")
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				mdEscape(v.Name), mdEscape(c.Name), cells[5], cells[4], cells[6], cells[8], cells[10], mos, mdEscape(other))
		}
	}
	var noise []string
	for _, v := range r.Variants {
		if n := v.Noise; n != nil {
			noise = append(noise, fmt.Sprintf("| %s | %s | %s |", mdEscape(v.Name), mdEscape(n.String()), mdEscape(n.Path())))
		}
	}
	if len(noise) > 0 {
		bw.WriteString("\n### Noise floor\n\nOne-way delay of an idle stream through the router before each variant's traffic; a time threshold closer to its limit than the spread is inconclusive.\n\n| variant | idle delay | stream |\n|---|---|---|\n")
		bw.WriteString(strings.Join(noise, "\n") + "\n")
	}
	var notes []string
	for _, v := range r.Variants {
		for _, n := range v.Notes {
			notes = append(notes, fmt.Sprintf("- %s: %s", mdEscape(v.Name), mdEscape(n)))
		}
	}
	if len(notes) > 0 {
		bw.WriteString("\n<details><summary>Notes</summary>\n\n" + strings.Join(notes, "\n") + "\n\n</details>\n")
	}
	return bw.Flush()
}

// failedGroup is the failed thresholds of one class with their evidence.
type failedGroup struct {
	class    string
	lines    []string
	evidence []string
}

// failedGroups lists a variant's failed thresholds by class, in order, with
// the evidence of the class's first failed threshold that has any (the
// evidence is about the class's packets, so it rarely differs).
func failedGroups(ths []ThresholdResult) []failedGroup {
	var out []failedGroup
	idx := map[string]int{}
	for _, t := range ths {
		if t.Verdict() != VerdictFail {
			continue
		}
		i, ok := idx[t.Class]
		if !ok {
			i = len(out)
			idx[t.Class] = i
			out = append(out, failedGroup{class: t.Class})
		}
		g := &out[i]
		g.lines = append(g.lines, mdCode(t.Expr)+" "+mdEscape(thresholdMeasured(t)))
		if len(g.evidence) == 0 {
			g.evidence = t.Evidence
		}
	}
	return out
}

// countThresholds counts the failed, total and inconclusive thresholds and
// comparisons.
func countThresholds(r *Results) (failed, total, inconclusive int) {
	for _, v := range r.Variants {
		for _, t := range v.Thresholds {
			total++
			switch t.Verdict() {
			case VerdictFail:
				failed++
			case VerdictInconclusive:
				inconclusive++
			}
		}
	}
	for _, c := range r.Comparisons {
		total++
		if !c.Pass {
			failed++
		}
	}
	return failed, total, inconclusive
}

// thresholdMark marks a threshold's verdict.
func thresholdMark(t ThresholdResult) string {
	if t.Inconclusive {
		return "❔"
	}
	return mark(t.Pass)
}

func mark(pass bool) string {
	if pass {
		return "✅"
	}
	return "❌"
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// mdEscape keeps text from breaking a Markdown table or turning into
// markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", "`", "'", "\n", " ")
	return r.Replace(s)
}

// mdCode renders s as inline code, safe in a table cell.
func mdCode(s string) string {
	return "`" + strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(s) + "`"
}

// lintMark is a finding's severity as the Markdown summary shows it.
func lintMark(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "❌ error"
	case lint.Warning:
		return "⚠️ warning"
	}
	return "ℹ️ info"
}

// joinNonEmpty joins a message and its effect as "message; effect: ...".
func joinNonEmpty(msg, effect string) string {
	if effect == "" {
		return msg
	}
	return msg + "; effect: " + effect
}

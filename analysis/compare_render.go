package analysis

import (
	"bufio"
	"fmt"
	"io"
)

// WriteCompareText writes the comparison of two runs as a plain-ASCII
// table: one row per compared metric with the base and new values, the
// change and REGRESSION or improved, then what could not be compared and a
// final line with the number of regressions.
func WriteCompareText(w io.Writer, rc *RunComparison) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "base  %s\nnew   %s\n\n", runLabel(rc.Base), runLabel(rc.New))
	t := table{right: []bool{false, false, false, true, true, true, false}}
	t.row("variant", "class", "metric", "base", "new", "change", "")
	for _, row := range rc.Rows {
		d := diffRow(row)
		verdict := ""
		switch {
		case row.Regression:
			verdict = "REGRESSION"
		case row.Improved:
			verdict = "improved"
		default:
			verdict = diffRow(row).Verdict
		}
		t.row(row.Variant, row.Class, row.Metric, d.Base, d.New, d.Change, verdict)
	}
	t.write(bw, "")
	if len(rc.Notes) > 0 {
		bw.WriteString("\nnot compared:\n")
		for _, n := range rc.Notes {
			fmt.Fprintf(bw, "  - %s\n", n)
		}
	}
	if len(rc.Inconclusive) > 0 {
		bw.WriteString("\ninconclusive thresholds (inside the noise floor):\n")
		for _, n := range rc.Inconclusive {
			fmt.Fprintf(bw, "  - %s\n", n)
		}
	}
	result := "no regression"
	if rc.Regressions > 0 {
		result = "REGRESSION"
	}
	fmt.Fprintf(bw, "\nCOMPARE: %s (%d of %d metrics regressed beyond tolerance)\n", result, rc.Regressions, len(rc.Rows))
	return bw.Flush()
}

// WriteCompareMarkdown writes the comparison as Markdown for a pull-request
// comment: the verdict, the regressions, then every compared metric in a
// collapsed table.
func WriteCompareMarkdown(w io.Writer, rc *RunComparison) error {
	bw := bufio.NewWriter(w)
	verdict := "✅ no regression"
	if rc.Regressions > 0 {
		verdict = "❌ regression"
	}
	fmt.Fprintf(bw, "## qosbench compare %s: %s\n\n", mdEscape(rc.New.Scenario.Name), verdict)
	fmt.Fprintf(bw, "%d of %d metrics regressed beyond tolerance. Base: %s. New: %s.\n", rc.Regressions, len(rc.Rows), mdEscape(runLabel(rc.Base)), mdEscape(runLabel(rc.New)))
	header := "| variant | class | metric | base | new | change | |\n|---|---|---|--:|--:|--:|---|\n"
	row := func(r CompareRow) string {
		d := diffRow(r)
		v := ""
		switch {
		case r.Regression:
			v = "❌ regression"
		case r.Improved:
			v = "✅ improved"
		default:
			v = diffRow(r).Verdict
		}
		return fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(r.Variant), mdEscape(r.Class), r.Metric, d.Base, d.New, d.Change, v)
	}
	if rc.Regressions > 0 {
		bw.WriteString("\n### Regressions\n\n" + header)
		for _, r := range rc.Rows {
			if r.Regression {
				bw.WriteString(row(r))
			}
		}
	}
	bw.WriteString("\n<details><summary>All metrics</summary>\n\n" + header)
	for _, r := range rc.Rows {
		bw.WriteString(row(r))
	}
	bw.WriteString("\n</details>\n")
	if len(rc.Notes) > 0 {
		bw.WriteString("\nNot compared:\n\n")
		for _, n := range rc.Notes {
			fmt.Fprintf(bw, "- %s\n", mdEscape(n))
		}
	}
	if len(rc.Inconclusive) > 0 {
		bw.WriteString("\nInconclusive thresholds (inside the noise floor):\n\n")
		for _, n := range rc.Inconclusive {
			fmt.Fprintf(bw, "- %s\n", mdEscape(n))
		}
	}
	return bw.Flush()
}

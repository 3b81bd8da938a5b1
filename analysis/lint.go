package analysis

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/qosbench/qosbench/routeros/lint"
)

// Lint findings are advice about the config (docs/lint.md), recorded in
// Results.Lint by run before the lab is built. They never change Pass; the
// renderers list them and say plainly in the verdict when some are errors:
// commands the router would reject, which the lab's deploy leaves out too,
// so the run tested the rest of the config.

// LintCounts returns how many of the run's lint findings are errors,
// warnings and infos.
func (r *Results) LintCounts() (errors, warnings, infos int) { return lint.Counts(r.Lint) }

// lintVerdict is the sentence the verdict sections add when the config has
// error findings; "" when it has none.
func lintVerdict(r *Results) string {
	e, _, _ := r.LintCounts()
	if e == 0 {
		return ""
	}
	return fmt.Sprintf("the config has %d lint %s: commands a router would reject, or a chain that drops every packet; "+
		"a real router would not run this config as written (the verdict judges what the lab deployed)",
		e, map[bool]string{true: "error", false: "errors"}[e == 1])
}

// writeLint lists the lint findings in the text report.
func writeLint(w *bufio.Writer, fs []lint.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nconfig lint (%s; see docs/lint.md):\n", lint.Summary(fs))
	for _, f := range fs {
		fmt.Fprintf(w, "  %s%-7s [%s] %s\n", lint.Location(f), strings.ToUpper(f.Severity.String()), f.Check, f.Message)
		if f.Effect != "" {
			fmt.Fprintf(w, "      effect: %s\n", f.Effect)
		}
		if f.Fix != "" {
			fmt.Fprintf(w, "      fix: %s\n", f.Fix)
		}
	}
}

// lintWhere is a finding's position in the reports: the config's base
// name (the run header gives the path) and line:col.
func lintWhere(f lint.Finding) string {
	f.File = filepath.Base(f.File)
	return strings.TrimSuffix(lint.Location(f), ": ")
}

// htmlLint is one finding as the HTML report shows it.
type htmlLint struct {
	Severity, Check, Where, Item, Message, Effect, Fix string
}

func htmlLints(fs []lint.Finding) []htmlLint {
	var out []htmlLint
	for _, f := range fs {
		out = append(out, htmlLint{Severity: f.Severity.String(), Check: f.Check,
			Where: lintWhere(f), Item: f.Item, Message: f.Message, Effect: f.Effect, Fix: f.Fix})
	}
	return out
}

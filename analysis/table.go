package analysis

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteTable writes r as a plain-ASCII report: a header describing the run,
// then one block per variant with one row per class (packets sent and
// received, loss, goodput, latency quantiles and jitter), a line per class
// for reordering, duplicates and DSCP seen, each threshold with PASS or FAIL
// and the measured value, the variant's notes, and a final VERDICT line.
//
// The output depends only on r, so it is stable and golden-testable. A value
// that was not measured prints as "-".
func WriteTable(w io.Writer, r *Results) error {
	bw := bufio.NewWriter(w)
	writeHeader(bw, r)

	var failedVariants, failedThs, totalThs, inconclusive int
	for _, v := range r.Variants {
		bw.WriteString("\n")
		writeVariant(bw, &v)
		if v.Verdict() == VerdictFail {
			failedVariants++
		}
		for _, t := range v.Thresholds {
			totalThs++
			switch t.Verdict() {
			case VerdictFail:
				failedThs++
			case VerdictInconclusive:
				inconclusive++
			}
		}
	}

	if len(r.Comparisons) > 0 {
		bw.WriteString("\ncomparisons between variants:\n")
		var t table
		for _, c := range r.Comparisons {
			totalThs++
			res := "PASS"
			if !c.Pass {
				res = "FAIL"
				failedThs++
			}
			t.row(res, c.Expr, comparisonMeasured(c))
		}
		t.write(bw, "  ")
	}

	writeClaims(bw, r.Claims)
	writeLint(bw, r.Lint)

	bw.WriteString("\n")
	verdict := strings.ToUpper(r.Verdict())
	if lv := lintVerdict(r); lv != "" {
		fmt.Fprintf(bw, "CONFIG: %s\n", lv)
	}
	if p := PartialText(r); p != "" {
		fmt.Fprintf(bw, "PARTIAL: %s\n", p)
	}
	inc := ""
	if inconclusive > 0 {
		inc = fmt.Sprintf(", %d inconclusive (inside the noise floor)", inconclusive)
	}
	fmt.Fprintf(bw, "VERDICT: %s (%d of %d variants failed, %d of %d thresholds and comparisons failed%s)\n",
		verdict, failedVariants, len(r.Variants), failedThs, totalThs, inc)
	return bw.Flush()
}

func writeHeader(w *bufio.Writer, r *Results) {
	s := r.Scenario
	var t table
	t.row("scenario", s.Name)
	if s.Description != "" {
		t.row("description", s.Description)
	}
	if s.File != "" {
		t.row("file", s.File)
	}
	if s.Config != "" || s.ConfigSHA256 != "" {
		cfg := s.Config
		if s.ConfigSHA256 != "" {
			cfg = strings.TrimSpace(cfg + " (sha256 " + s.ConfigSHA256 + ")")
		}
		t.row("config", cfg)
	}
	if s.DUTLicence != "" {
		t.row("licence", "the router's licence level: "+s.DUTLicence)
	}
	t.row("run", fmt.Sprintf("dut %s, duration %s s, warm-up %s s", orDash(s.DUTKind), num(s.DurationS), num(s.WarmupS)))
	if len(r.Addresses) > 0 {
		t.row("addresses", AddressesText(r.Addresses))
	}
	if !r.StartedAt.IsZero() {
		t.row("started", r.StartedAt.UTC().Format(time.RFC3339))
	}
	e := r.Environment
	t.row("environment", EnvironmentLine(e))
	for _, d := range e.DelaySources {
		t.row("delay source", d)
	}
	t.write(w, "")
}

func writeVariant(w *bufio.Writer, v *VariantResult) {
	fmt.Fprintf(w, "== variant %s: %s ==\n", v.Name, strings.ToUpper(v.Verdict()))

	t := table{right: []bool{false, false, true, true, true, true, true, true, true, true, true}}
	t.row("class", "type", "sent", "recv", "loss %", "Mbit/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "jitter ms")
	var details []string
	for _, c := range v.Classes {
		t.row(classRow(c.Name, c.Type, &c)...)
		if len(c.Directions) > 1 {
			for _, d := range c.Directions {
				t.row(classRow(" "+dirArrow(d.Direction), "", &d)...)
			}
		}
		if d := classDetail(&c); d != "" {
			details = append(details, c.Name+": "+d)
		}
	}
	t.write(w, "")
	for _, d := range details {
		fmt.Fprintf(w, "  %s\n", d)
	}
	if n := v.Noise; n != nil {
		fmt.Fprintf(w, "noise floor (%s):\n  %s\n", n.Path(), n.String())
	}

	if len(v.Thresholds) > 0 {
		w.WriteString("thresholds:\n")
		var tt table
		for _, th := range v.Thresholds {
			tt.row(strings.ToUpper(th.Verdict()), th.Class, th.Expr, thresholdMeasured(th))
		}
		tt.write(w, "  ")
		for _, g := range groupEvidence(v.Thresholds) {
			fmt.Fprintf(w, "  why %s failed (%s):\n", g.class, strings.Join(g.exprs, ", "))
			for _, e := range g.evidence {
				fmt.Fprintf(w, "    - %s\n", e)
			}
		}
	}
	if k := v.Counters; k != nil {
		w.WriteString("router counters:\n")
		fmt.Fprintf(w, "  fasttrack: %d packets, %s\n", k.Fasttrack.Packets, humanBytes(k.Fasttrack.Bytes))
		var qt table
		for _, q := range k.Queues {
			qt.row("queue", q.Name, "parent "+orDash(q.Parent), "mark "+orDash(q.PacketMark),
				fmt.Sprintf("%d pkts", q.Packets), humanBytes(q.Bytes), fmt.Sprintf("%d dropped", q.Dropped))
		}
		for _, r := range k.Rules {
			qt.row("rule", fmt.Sprintf("#%d", r.Item), strings.TrimPrefix(r.Menu, "/ip/firewall/")+" "+r.Chain, r.Action,
				fmt.Sprintf("%d pkts", r.Packets), humanBytes(r.Bytes), r.Comment)
		}
		qt.write(w, "  ")
	}
	if len(v.Notes) > 0 {
		w.WriteString("notes:\n")
		for _, n := range v.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}

// evidenceGroup is the evidence shared by failed thresholds of one class.
type evidenceGroup struct {
	class    string
	exprs    []string
	evidence []string
}

// groupEvidence groups failed thresholds with identical evidence, so a
// report states each explanation once.
func groupEvidence(ths []ThresholdResult) []evidenceGroup {
	var out []evidenceGroup
next:
	for _, th := range ths {
		if len(th.Evidence) == 0 {
			continue
		}
		for i := range out {
			g := &out[i]
			if g.class == th.Class && strings.Join(g.evidence, "\n") == strings.Join(th.Evidence, "\n") {
				g.exprs = append(g.exprs, th.Expr)
				continue next
			}
		}
		out = append(out, evidenceGroup{class: th.Class, exprs: []string{th.Expr}, evidence: th.Evidence})
	}
	return out
}

// thresholdMeasured describes a threshold's measured value, or why there
// is none.
func thresholdMeasured(th ThresholdResult) string {
	switch {
	case th.Inconclusive && th.Reason != "":
		return strings.TrimPrefix(th.Reason, "inconclusive: ")
	case th.ValueText != "":
		return "measured " + th.ValueText
	case th.Value != nil:
		return "measured " + FormatMetric(th.Metric, *th.Value)
	case th.Reason != "":
		return th.Reason
	}
	return "not measured"
}

// comparisonMeasured describes a comparison's measured change.
func comparisonMeasured(c ComparisonResult) string {
	if c.Change == nil {
		if c.Reason != "" {
			return c.Reason
		}
		return "not measured"
	}
	return fmt.Sprintf("%s: %s -> %s, change %s", c.Metric, FormatMetric(c.Metric, *c.ValueB), FormatMetric(c.Metric, *c.ValueA),
		formatChange(c.Metric, *c.Change, c.Relative))
}

// classRow formats one row of the class table.
func classRow(name, typ string, c *ClassResult) []string {
	sent, recv, loss := "-", "-", "-"
	if c.PacketsSent > 0 || c.PacketsReceived > 0 || c.LatencyMs != nil {
		sent = strconv.FormatUint(c.PacketsSent, 10)
		recv = strconv.FormatUint(c.PacketsReceived, 10)
		if c.PacketsSent > 0 {
			loss = fmt.Sprintf("%.3f", c.LossRatio*100)
		}
	}
	p50, p95, p99, pmax := "-", "-", "-", "-"
	if l := c.LatencyMs; l != nil {
		p50, p95, p99, pmax = fmtMs(l.P50), fmtMs(l.P95), fmtMs(l.P99), fmtMs(l.Max)
	}
	jit := "-"
	if c.JitterMs != nil {
		jit = fmtMs(*c.JitterMs)
	}
	return []string{name, typ, sent, recv, loss, fmt.Sprintf("%.3f", c.ThroughputBps/1e6), p50, p95, p99, pmax, jit}
}

// dirArrow names a direction row: "up" is LAN to WAN.
func dirArrow(d string) string {
	switch d {
	case "upload":
		return "up"
	case "download":
		return "down"
	}
	return d
}

// classDetail summarises what the main row leaves out: anomalies and the
// DSCP values seen, which show whether marking survived the router.
func classDetail(c *ClassResult) string {
	var parts []string
	if len(c.DSCPReceived) > 0 {
		keys := make([]string, 0, len(c.DSCPReceived))
		for k := range c.DSCPReceived {
			keys = append(keys, k)
		}
		// Numeric order where possible, so 8 comes before 46.
		sort.Slice(keys, func(i, j int) bool {
			a, errA := strconv.Atoi(keys[i])
			b, errB := strconv.Atoi(keys[j])
			if errA == nil && errB == nil {
				return a < b
			}
			return keys[i] < keys[j]
		})
		var ds []string
		for _, k := range keys {
			ds = append(ds, fmt.Sprintf("%s x%d", k, c.DSCPReceived[k]))
		}
		parts = append(parts, "dscp "+strings.Join(ds, ", "))
	}
	counts := []struct {
		n    uint64
		what string
	}{
		{c.Reordered, "reordered"},
		{c.Duplicates, plural(c.Duplicates, "duplicate")},
		{c.Late, "late"},
		{c.LatencyClamped, "latency clamped at 60 s"},
	}
	for _, x := range counts {
		if x.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.n, x.what))
		}
	}
	if c.JitterMaxMs != nil {
		parts = append(parts, "jitter max "+fmtMs(*c.JitterMaxMs)+" ms")
	}
	if d := c.IPDVMs; d != nil {
		parts = append(parts, fmt.Sprintf("ipdv p50 %s p99 %s ms", fmtMs(d.P50), fmtMs(d.P99)))
	}
	if lr := c.LossRuns; lr != nil && lr.Count > 0 {
		parts = append(parts, fmt.Sprintf("%d loss %s (longest %d)", lr.Count, plural(lr.Count, "run"), lr.MaxLen))
	}
	if c.ConnectFailures > 0 {
		parts = append(parts, fmt.Sprintf("%d %s failed: %s", c.ConnectFailures, plural(c.ConnectFailures, "connect"), countsText(c.ConnectErrors)))
	}
	if v := c.Voice; v != nil {
		parts = append(parts, fmt.Sprintf("MOS %.2f (R %.1f, %s)", v.MOS, v.R, v.Codec))
	}
	parts = append(parts, extraMetrics(c)...)
	if c.Fairness != nil {
		parts = append(parts, fmt.Sprintf("fairness %.3f over %d flows", *c.Fairness, c.Flows))
	}
	if len(c.FlowThroughputBps) > 1 {
		fs := make([]string, len(c.FlowThroughputBps))
		for i, f := range c.FlowThroughputBps {
			fs[i] = fmt.Sprintf("%.2f", f/1e6)
		}
		parts = append(parts, "per-flow Mbit/s "+strings.Join(fs, " "))
	}
	return strings.Join(parts, "; ")
}

func plural(n uint64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func fmtMs(v float64) string { return fmt.Sprintf("%.3f", v) }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// table aligns rows of cells into columns separated by two spaces. Columns
// flagged in right are right-aligned (numbers), the others left-aligned.
type table struct {
	rows  [][]string
	right []bool
}

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w *bufio.Writer, indent string) {
	var width []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i < len(t.right) && t.right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
}

// writeClaims lists the scenario's claims with their verdicts and, for a
// claim that does not hold, the thresholds that showed it.
func writeClaims(w *bufio.Writer, claims []ClaimResult) {
	if len(claims) == 0 {
		return
	}
	held := 0
	for _, c := range claims {
		if c.Holds {
			held++
		}
	}
	fmt.Fprintf(w, "\nclaims (%d of %d hold):\n", held, len(claims))
	for _, c := range claims {
		fmt.Fprintf(w, "  %-14s %s\n", claimWord(c), c.Claim)
		for _, f := range c.Failed {
			fmt.Fprintf(w, "      %s %s: %s, %s\n", f.Variant, f.Class, f.Expr, f.Measured)
		}
	}
}

// claimWord is a claim's verdict as reports print it.
func claimWord(c ClaimResult) string {
	switch {
	case c.Holds:
		return "HOLDS"
	case c.Checked == 0:
		return "NOT CHECKED"
	}
	return "DOES NOT HOLD"
}

// PartialText says what a partial run lacks and why; "" for a complete run.
func PartialText(r *Results) string {
	if !r.Partial {
		return ""
	}
	missing := "every variant finished"
	if len(r.MissingVariants) > 0 {
		missing = "not measured: " + strings.Join(r.MissingVariants, ", ")
	}
	return fmt.Sprintf("the run failed after %d variant(s) were measured (%s): %s", len(r.Variants), missing, r.Failure)
}

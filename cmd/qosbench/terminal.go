package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"

	"github.com/qosbench/qosbench/orchestrator"
)

// LogFile is the log a run always writes into its output directory, at
// debug level, whatever the terminal shows.
const LogFile = "qosbench.log"

// console is what a run shows a person and records for later: on a
// terminal, a status line (per variant, prefixed with the config for a
// fleet), warnings and errors; log records only with -v; and every record,
// always, in OUT/qosbench.log. Off a terminal, stderr gets the log records
// at info level as before.
type console struct {
	a      *app
	log    *slog.Logger
	pd     *progressDisplay // nil off a terminal or with --quiet
	colour bool
	file   *os.File
}

// openConsole creates out and its log file and builds the run's logger.
func (a *app) openConsole(out string) (*console, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(out, LogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open log file: %w", err)
	}
	c := &console{a: a, file: f, colour: colourOn(a.stderr)}
	term := isTerminal(a.stderr)
	var w io.Writer = a.stderr
	if term && !a.quiet {
		// Records pass through the display, which clears its status line
		// before each one and redraws it after.
		c.pd = &progressDisplay{w: a.stderr}
		w = c.pd
	}
	level := slog.LevelInfo
	switch {
	case a.verbose:
		level = slog.LevelDebug
	case a.quiet, term:
		// A person at a terminal reads the progress; the records are in
		// the log file, and -v shows them.
		level = slog.LevelWarn
	}
	c.log = slog.New(fanout{
		slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}),
	})
	return c, nil
}

// attach shows the orchestrator's progress on the status line, prefixed
// with label (empty for a single run).
func (c *console) attach(opts *orchestrator.Options, label string) {
	if c.pd == nil {
		return
	}
	c.pd.setPrefix(label)
	opts.Progress = c.pd.update
}

// clearStatus removes the status line, before a line of its own.
func (c *console) clearStatus() {
	if c.pd != nil {
		c.pd.clear()
	}
}

// verdict is a fleet verdict word, coloured on a terminal.
func (c *console) verdict(v string) string {
	s := map[string]string{"pass": "PASS", "fail": "FAIL", "error": "ERROR"}[v]
	if s == "" {
		s = v
	}
	if !c.colour {
		return s
	}
	return colourise(s)
}

func (c *console) close() {
	c.clearStatus()
	c.file.Close()
}

// fanout sends each record to every handler that wants its level.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range f {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	var first error
	for _, h := range f {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

func (f fanout) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (f fanout) WithGroup(name string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(name)
	}
	return out
}

// colourOn reports whether severity colours go to w: a terminal, and the
// user has not set NO_COLOR (https://no-color.org: any non-empty value).
func colourOn(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == ""
}

// colourOut is stdout, colouring verdicts and severities when colourOn.
func (a *app) colourOut() io.Writer {
	if colourOn(a.stdout) {
		return colourWriter{a.stdout}
	}
	return a.stdout
}

// colourErr is stderr, colouring verdicts and severities when colourOn.
func (a *app) colourErr() io.Writer {
	if colourOn(a.stderr) {
		return colourWriter{a.stderr}
	}
	return a.stderr
}

// ANSI SGR colours.
const (
	sgrRed    = "\033[1;31m"
	sgrGreen  = "\033[32m"
	sgrYellow = "\033[33m"
	sgrCyan   = "\033[36m"
	sgrReset  = "\033[0m"
)

// severityWord matches the words that carry a verdict or a severity where
// qosbench prints them: lint findings ("file:3:1: error [check]"), threshold
// and verdict lines ("  FAIL  voip ...", "VERDICT: FAIL", "== variant
// x: PASS ==") and fleet lines ("FAIL  name", "FLEET PASS"); INCONCLUSIVE
// (a threshold inside the noise floor) as a warning.
var severityWord = regexp.MustCompile(`(?m)(: |^)(error|warning|info)( \[)|(^\s*|VERDICT: |^FLEET |: )(PASS|FAIL|ERROR|INCONCLUSIVE)\b`)

var colourOf = map[string]string{
	"error": sgrRed, "FAIL": sgrRed, "ERROR": sgrRed,
	"warning": sgrYellow, "info": sgrCyan, "PASS": sgrGreen, "INCONCLUSIVE": sgrYellow,
}

// colourise wraps the severity and verdict words of s in colours.
func colourise(s string) string {
	return severityWord.ReplaceAllStringFunc(s, func(m string) string {
		sub := severityWord.FindStringSubmatch(m)
		if sub[2] != "" {
			return sub[1] + colourOf[sub[2]] + sub[2] + sgrReset + sub[3]
		}
		return sub[4] + colourOf[sub[5]] + sub[5] + sgrReset
	})
}

// colourWriter colours each chunk written through it. qosbench's renderers
// write whole lines at once, so a word is never split between writes.
type colourWriter struct{ w io.Writer }

func (c colourWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(c.w, colourise(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

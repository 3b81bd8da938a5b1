package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/qosbench/qosbench/lab/labtest"
)

// screen is what a person sees after a command ran in a terminal: the
// output with carriage returns and erase-line applied, so a status line
// redrawn in place leaves only its last state, and colour codes noted and
// removed.
type screen struct {
	lines  []string
	raw    string
	colour bool
}

var sgr = regexp.MustCompile("\033\\[[0-9;]*m")

func render(raw []byte) screen {
	s := screen{raw: string(raw), colour: sgr.Match(raw)}
	text := sgr.ReplaceAllString(string(raw), "")
	var cur []rune
	col := 0
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\n':
			s.lines = append(s.lines, string(cur))
			cur, col = nil, 0
		case text[i] == '\r':
			col = 0
		case strings.HasPrefix(text[i:], "\033[K"):
			cur = cur[:col]
			i += 2
		default:
			r := rune(text[i])
			if col < len(cur) {
				cur[col] = r
			} else {
				cur = append(cur, r)
			}
			col++
		}
	}
	if len(cur) > 0 {
		s.lines = append(s.lines, string(cur))
	}
	return s
}

func (s screen) String() string { return strings.Join(s.lines, "\n") }

// inTerminal runs the test binary as qosbench with args, its stdin, stdout
// and stderr on a pseudo-terminal, and returns the screen and exit code.
func inTerminal(t *testing.T, env []string, args ...string) (screen, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), envAsCLI+"=1", "TERM=xterm"), env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer f.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&out, f) // ends with EIO when the child exits
		close(done)
	}()
	err = cmd.Wait()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return render(out.Bytes()), code
}

// lint on a terminal colours severities; NO_COLOR and a pipe turn it off.
func TestTerminalLintColour(t *testing.T) {
	sc, code := inTerminal(t, nil, "lint", "../../scenarios/seeds/configs/case-study-qos.rsc")
	if code != exitInvalid {
		t.Fatalf("exit %d:\n%s", code, sc)
	}
	if !strings.Contains(sc.raw, sgrRed+"error"+sgrReset+" [") || !strings.Contains(sc.raw, sgrYellow+"warning"+sgrReset+" [") {
		t.Errorf("severities not coloured on a terminal:\n%q", sc.raw)
	}
	// The words are still there for the reader, coloured or not.
	if !strings.Contains(sc.String(), ": error [") {
		t.Errorf("screen lacks the error finding:\n%s", sc)
	}
	if sc, _ := inTerminal(t, []string{"NO_COLOR=1"}, "lint", "../../scenarios/seeds/configs/case-study-qos.rsc"); sc.colour {
		t.Errorf("colour with NO_COLOR set:\n%q", sc.raw)
	}
	// Off a terminal there is never colour.
	code, out, _ := qb(t, "lint", "../../scenarios/seeds/configs/case-study-qos.rsc")
	if code != exitInvalid || sgr.MatchString(out) {
		t.Errorf("colour in a pipe (exit %d):\n%q", code, out)
	}
}

// A fleet of one config on a terminal, as a person sees it: the mapping,
// the lint advice, per-config and per-variant progress, the coloured
// verdict; no log records (they are in OUT/qosbench.log, and behind -v).
func TestTerminalRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a config in the lab")
	}
	labtest.Require(t)
	out := t.TempDir()
	cfg := "../../scenarios/seeds/configs/winbox-guide-fixed.rsc"
	sc, code := inTerminal(t, nil, "run", "--config", cfg, "--shard", "1/1", "--duration", "1s", "--private-sources", "pass", "--out", out)
	if code != exitOK && code != exitThresholds {
		t.Fatalf("exit %d:\n%s", code, sc)
	}
	text := sc.String()
	for _, want := range []string{
		"WAN = ether1",
		"fleet: shard 1/1 runs 1 of 1 configs",
		"[config 1/1] winbox-guide-fixed: ",
		"FLEET ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("screen lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "level=INFO") {
		t.Errorf("log records on the terminal without -v:\n%s", text)
	}
	if !sc.colour {
		t.Errorf("verdict not coloured:\n%q", sc.raw)
	}
	// The per-variant status line was drawn while the traffic ran ...
	if !strings.Contains(sc.raw, "[config 1/1 winbox-guide-fixed] [1/1 baseline]") {
		t.Errorf("no per-variant status line in the output:\n%q", sc.raw)
	}
	// ... and erased: no line of the final screen is a status line.
	for _, l := range sc.lines {
		if strings.Contains(l, "remaining ~") {
			t.Errorf("status line left on the screen: %q", l)
		}
	}
	log, err := os.ReadFile(filepath.Join(out, LogFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`level=INFO msg="lab up"`, "level=DEBUG", `msg="lab down"`} {
		if !strings.Contains(string(log), want) {
			t.Errorf("log file lacks %q", want)
		}
	}
}

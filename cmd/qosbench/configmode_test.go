package main

import (
	"strings"
	"testing"
)

// TestConfigMode: a config with commands the router rejects makes a strict
// scenario invalid (exit 3, every error with file:line:col), and a terminal
// one valid, with the rejected commands listed on stderr first.
func TestConfigMode(t *testing.T) {
	code, out, errs := qb(t, "validate", "testdata/config-mode-strict.yaml")
	if code != exitInvalid {
		t.Errorf("strict: exit %d, want %d\nstdout %s\nstderr %s", code, exitInvalid, out, errs)
	}
	for _, w := range []string{`terminal.rsc:3:75: unknown property "dst-prot"`, `terminal.rsc:7:28: unknown property "packet-marks"`, "config-mode: terminal"} {
		if !strings.Contains(errs, w) {
			t.Errorf("strict: stderr lacks %q:\n%s", w, errs)
		}
	}

	code, out, errs = qb(t, "validate", "testdata/config-mode-terminal.yaml")
	if code != exitOK || !strings.Contains(out, "config-mode-terminal.yaml: ok") {
		t.Fatalf("terminal: exit %d, want %d\nstdout %s\nstderr %s", code, exitOK, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	want := []string{
		"warning: testdata/config-mode-terminal.yaml: 2 commands the router rejects were left out, as a terminal paste would:",
		`  testdata/terminal.rsc:3:75: unknown property "dst-prot"`,
		`  testdata/terminal.rsc:7:28: unknown property "packet-marks"`,
	}
	if len(lines) < len(want) {
		t.Fatalf("terminal: stderr has %d lines, want at least %d:\n%s", len(lines), len(want), errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("terminal: stderr line %d is %q, want it to start with %q", i+1, lines[i], w)
		}
	}
}

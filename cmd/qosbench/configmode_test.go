package main

import (
	"os"
	"path/filepath"
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

// TestDeployConfigMode: deploy --scenario parses the config in the
// scenario's config-mode; the rejected commands are not sent.
func TestDeployConfigMode(t *testing.T) {
	dir := t.TempDir()
	rsc, err := os.ReadFile("testdata/terminal.rsc")
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"strict", "terminal"} {
		yaml := "name: real\ndut: {kind: routeros, address: 192.0.2.1:8728}\nconfig: r.rsc\nconfig-mode: " + mode + "\n" +
			"lab:\n  lan: {subnet: 192.168.88.0/24}\n  wan: {subnet: 198.51.100.0/24}\n  uplink: {up: 10Mbps, down: 50Mbps}\nduration: 5s\ntraffic:\n  - {class: voip, type: voip}\n"
		for name, body := range map[string]string{"r.rsc": string(rsc), mode + ".yaml": yaml} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, _, errs := qb(t, "deploy", "--dry-run", "--scenario", filepath.Join(dir, "strict.yaml"))
	if code != exitInvalid || !strings.Contains(errs, `unknown property "dst-prot"`) {
		t.Errorf("strict: exit %d, want %d\n%s", code, exitInvalid, errs)
	}
	code, out, errs := qb(t, "deploy", "--dry-run", "--scenario", filepath.Join(dir, "terminal.yaml"))
	if code != exitOK || !strings.Contains(errs, "2 commands the router rejects were left out") {
		t.Fatalf("terminal: exit %d, want %d\nstdout %s\nstderr %s", code, exitOK, out, errs)
	}
	if !strings.Contains(out, "=new-packet-mark=voip") || strings.Contains(out, "=new-packet-mark=bulk") || strings.Contains(out, "=name=up-bulk") {
		t.Errorf("terminal: the API sentences must hold the accepted commands only:\n%s", out)
	}
}

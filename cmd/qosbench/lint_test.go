package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros/lint"
)

const seeds = "../../routeros/lint/testdata/"

func TestLintCommand(t *testing.T) {
	// The seed firewall drops everything first: error findings, exit 3,
	// every finding with file:line:col.
	code, out, errs := qb(t, "lint", seeds+"s000-fw.rsc")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, exitInvalid, out, errs)
	}
	for _, w := range []string{
		seeds + "s000-fw.rsc:5:1: error [dead-after-catch-all]",
		"    effect: every packet to the router is dropped by rule #0 (line 5)",
		"    fix: /ip firewall filter remove",
		seeds + "s000-fw.rsc: 3 errors, ",
		"WAN ether1 (masquerade out-interface, ../../routeros/lint/testdata/s000-fw.rsc:40)",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}

	// The shipped configs have warnings but no errors: exit 0, and 4
	// with --strict.
	soho := "../../scenarios/configs/soho-qos.rsc"
	if code, out, errs := qb(t, "lint", soho); code != exitOK || !strings.Contains(out, "[fasttrack-bypass]") {
		t.Errorf("soho-qos: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := qb(t, "lint", "--strict", soho); code != exitThresholds {
		t.Errorf("--strict with warnings: exit %d, want %d", code, exitThresholds)
	}

	// A clean config passes --strict.
	clean := filepath.Join(t.TempDir(), "clean.rsc")
	os.WriteFile(clean, []byte(`/ip service disable telnet,ftp,www,ssh,api,winbox,api-ssl
/ip firewall filter
add chain=input action=accept connection-state=established,related
add chain=input action=drop connection-state=invalid
add chain=input action=drop
add chain=forward action=accept connection-state=established,related
add chain=forward action=drop connection-state=invalid
add chain=forward action=drop connection-state=new connection-nat-state=!dstnat in-interface=ether1
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1
`), 0o644)
	if code, out, errs := qb(t, "lint", "--strict", clean); code != exitOK || !strings.Contains(out, "0 errors, 0 warnings, 0 infos") {
		t.Errorf("clean config: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestLintJSONAndFlags(t *testing.T) {
	code, out, errs := qb(t, "lint", "--format", "json", "--wan", "ether1", "--version", "6", seeds+"s001.rsc", seeds+"s000-qos.rsc")
	if code != exitInvalid {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	var fs []lint.Finding
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("stdout is not a JSON array of findings: %v\n%s", err, out)
	}
	files := map[string]bool{}
	for _, f := range fs {
		files[filepath.Base(f.File)] = true
	}
	if !files["s001.rsc"] || !files["s000-qos.rsc"] {
		t.Errorf("findings of both files expected, got files %v", files)
	}
	// With --wan the forward check names the interface.
	if !strings.Contains(out, "the WAN (ether1)") {
		t.Errorf("--wan not used:\n%s", out)
	}

	for _, args := range [][]string{
		{"lint", "--format", "xml", seeds + "s001.rsc"},
		{"lint", "--version", "5", seeds + "s001.rsc"},
		{"lint", "does-not-exist.rsc"},
		{"lint"},
	} {
		if code, _, _ := qb(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// run lints its config in Prepare and prints the findings on stderr
// before the run; --quiet keeps errors and warnings only.
func TestRunPrintsLint(t *testing.T) {
	p, err := loadAndPrepare(flagship, allFeatures())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lint) == 0 {
		t.Fatal("Prepare did not lint the flagship config")
	}
	var buf strings.Builder
	a := &app{stderr: &buf}
	a.printLint(p)
	out := buf.String()
	for _, w := range []string{"lint: ", "soho-qos.rsc: 0 errors", "[fasttrack-bypass]", "[bucket-size-burst]",
		// The scenario's lab names the WAN port: the checks use it.
		"the WAN (ether1)"} {
		if !strings.Contains(out, w) {
			t.Errorf("stderr lacks %q:\n%s", w, out)
		}
	}
	buf.Reset()
	a.quiet = true
	a.printLint(p)
	if strings.Contains(buf.String(), "[bucket-size-burst]") || !strings.Contains(buf.String(), "[fasttrack-bypass]") {
		t.Errorf("--quiet should keep warnings and drop infos:\n%s", buf.String())
	}
}

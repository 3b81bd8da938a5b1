package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/lab"
)

// rsc writes a RouterOS script into the test's temporary directory.
func rsc(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "router.rsc")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// `run --config` argument errors: every one exits before the kernel is
// touched, with the exit code and a message naming what to fix.
func TestRunConfigArguments(t *testing.T) {
	good := rsc(t, "/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1 src-address=192.168.88.0/24\n"+
		"/ip firewall filter\nadd chain=input action=accept in-interface=ether2 src-address=192.168.88.0/24\n")
	unmapped := rsc(t, "/ip firewall filter\nadd chain=forward action=drop in-interface=ether3 protocol=tcp dst-port=445\nadd chain=forward action=drop out-interface=ether4\n")
	untranslatable := rsc(t, "/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n"+
		"/ip address\nadd address=192.168.88.1/24 interface=ether2\n/ip firewall filter\nadd chain=forward action=jump jump-target=nowhere\n")
	for _, c := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no value", []string{"run", "--config"}, exitUsage, []string{"flag needs an argument: --config"}},
		{"scenario and config", []string{"run", flagship, "--config", good}, exitUsage, []string{"give a SCENARIO or --config, not both"}},
		{"office flag without config", []string{"run", flagship, "--wan", "ether1"}, exitUsage, []string{"--wan belongs to --config"}},
		{"neither", []string{"run", "--duration", "3s"}, exitUsage, []string{"run needs one SCENARIO file, or --config router.rsc"}},
		{"nothing shows", []string{"run", "--config", unmapped}, exitUsage, []string{
			"does not show which interface is the WAN (the port towards the ISP) or the LAN",
			"It names ether3 (" + unmapped + ":2), ether4 (" + unmapped + ":3). Pass --wan IF and --lan IF"}},
		{"bad flag value", []string{"run", "--config", good, "--lan-subnet", "192.168.88.1/24"}, exitUsage, []string{
			"WAN = ether1 (masquerade out-interface, " + good + ":2)",
			"--lan-subnet 192.168.88.1/24: 192.168.88.1/24 has host bits set; did you mean 192.168.88.0/24?"}},
		{"bad uplink", []string{"run", "--config", good, "--uplink", "10MB/50Mbps"}, exitUsage, []string{"--uplink 10MB: rate \"10MB\" is in bytes"}},
		{"missing config", []string{"run", "--config", filepath.Join(t.TempDir(), "nope.rsc")}, exitInvalid, []string{"nope.rsc: no such file or directory"}},
		// Mapped, then refused by the router before any lab exists; the
		// mapping is on stderr above the error.
		{"config the router refuses", []string{"run", "--config", untranslatable}, exitInvalid, []string{
			"WAN = ether1 (masquerade out-interface, " + untranslatable + ":2)",
			"LAN = ether2 (/ip address 192.168.88.1/24, " + untranslatable + ":4)",
			"Variants = baseline (the config has no fasttrack rule)",
			"(built-in office scenario)",
			"nowhere"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, _ := lab.Labs()
			code, _, errs := qb(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if after, _ := lab.Labs(); len(after) != len(before) {
				t.Errorf("labs %v -> %v", before, after)
			}
		})
	}
}

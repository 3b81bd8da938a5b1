package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDUTRouterOSTLS(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"r.rsc": "/queue tree add name=q parent=ether1\n", "ca.pem": "x", "router.cred": "user=admin\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const rest = `config: r.rsc
lab:
  lan: {subnet: 192.168.88.0/24}
  wan: {subnet: 198.51.100.0/24}
  uplink: {up: 10Mbps, down: 50Mbps}
duration: 30s
traffic:
  - {class: voip, type: voip}
`
	path := filepath.Join(dir, "s.yaml")
	write := func(dut string) {
		if err := os.WriteFile(path, []byte("name: t\n"+dut+rest), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("dut: {kind: routeros, address: 10.0.0.1:8729, tls: true, ca: ca.pem, credentials: router.cred}\n")
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	d := s.DUT
	if !d.TLS || d.Insecure || d.CA != filepath.Join(dir, "ca.pem") || d.Credentials != filepath.Join(dir, "router.cred") || d.Address != "10.0.0.1:8729" {
		t.Errorf("dut %+v", d)
	}
	write("dut: {kind: routeros, address: 10.0.0.1:8729, tls: true, insecure: true}\n")
	if s, err = Load(path); err != nil || !s.DUT.Insecure || s.DUT.Credentials != "" {
		t.Errorf("insecure: %+v %v", s, err)
	}
	for dut, want := range map[string]string{
		"dut: {kind: routeros, address: 10.0.0.1:8728, insecure: true}\n":       "dut.insecure: only applies with tls: true",
		"dut: {kind: routeros, address: 10.0.0.1:8728, ca: ca.pem}\n":           "dut.ca: only applies with tls: true",
		"dut: {kind: routeros, address: 10.0.0.1, tls: true, insecure: true}\n": "is not host:port",
		"dut: {kind: embedded, tls: true}\n":                                    "dut.tls: not used by kind embedded",
		"dut: {kind: routeros, address: 10.0.0.1:8728, tls: maybe}\n":           `dut.tls: "maybe" is not a boolean`,
		"dut: {kind: chr, tls: true, ca: ca.pem, insecure: true}\n":             "dut.insecure: contradicts ca",
		"dut: {kind: routeros, address: 10.0.0.1:8728, secret: Sup3r-Secret}\n": "credentials never go in a scenario",
	} {
		write(dut)
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", strings.TrimSpace(dut), err, want)
		}
		if err != nil && strings.Contains(err.Error(), "Sup3r-Secret") {
			t.Errorf("secret echoed in %v", err)
		}
	}
}

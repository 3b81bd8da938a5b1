package scenarios

import (
	"path/filepath"
	"strings"
	"testing"
)

// scenarioWith is a minimal valid scenario (its config is
// testdata/valid/configs/soho-qos.rsc) with extra top-level lines and lab
// segment keys.
func scenarioWith(t *testing.T, top, lan, wan string) (*Scenario, error) {
	t.Helper()
	src := "name: x\nconfig: configs/soho-qos.rsc\n" + top +
		"lab:\n  lan: {subnet: 192.168.88.0/24" + lan + "}\n  wan: {subnet: 198.51.100.0/24" + wan + "}\n  uplink: {up: 10M, down: 10M}\n" +
		"duration: 1s\ntraffic:\n  - {class: v, type: voip}\n"
	return Parse(filepath.Join("testdata", "valid", "x.yaml"), []byte(src))
}

func TestConfigMode(t *testing.T) {
	for _, c := range []struct{ top, want string }{
		{"", ConfigStrict},
		{"config-mode: strict\n", ConfigStrict},
		{"config-mode: terminal\n", ConfigTerminal},
	} {
		s, err := scenarioWith(t, c.top, "", "")
		if err != nil {
			t.Fatalf("%q: %v", c.top, err)
		}
		if s.ConfigMode != c.want {
			t.Errorf("%q: ConfigMode = %q, want %q", c.top, s.ConfigMode, c.want)
		}
	}
	_, err := scenarioWith(t, "config-mode: paste\n", "", "")
	if err == nil || !strings.Contains(err.Error(), `x.yaml:3:14: config-mode: unknown mode "paste"`) {
		t.Errorf("config-mode: paste: got %v", err)
	}
}

// RouterOS v6 default port names are longer than Linux device names; the
// scenario takes them as written (the lab maps them).
func TestLongInterfaceNames(t *testing.T) {
	s, err := scenarioWith(t, "", ", interface: ether2-master-local", ", interface: ether1-gateway")
	if err != nil {
		t.Fatal(err)
	}
	if s.Lab.LAN.Interface != "ether2-master-local" || s.Lab.WAN.Interface != "ether1-gateway" {
		t.Errorf("interfaces %q, %q", s.Lab.LAN.Interface, s.Lab.WAN.Interface)
	}
	long := strings.Repeat("a", 64)
	if _, err := scenarioWith(t, "", ", interface: "+long, ""); err == nil || !strings.Contains(err.Error(), "1 to 63 of") {
		t.Errorf("64-character interface name: got %v", err)
	}
	if _, err := scenarioWith(t, "", ", interface: "+long[:63], ""); err != nil {
		t.Errorf("63-character interface name: %v", err)
	}
}

package scenarios

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPrivateSources(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.rsc")
	if err := os.WriteFile(cfg, []byte("/ip firewall filter\nadd chain=forward action=accept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		uplink string
		want   bool
	}{
		{"{up: 10Mbps, down: 50Mbps}", false},
		{"{up: 10Mbps, down: 50Mbps, private-sources: pass}", false},
		{"{up: 10Mbps, down: 50Mbps, private-sources: drop}", true},
	} {
		data := "name: p\nconfig: " + cfg + "\nlab:\n  lan: {subnet: 192.168.88.0/24}\n  wan: {subnet: 198.51.100.0/24}\n  uplink: " +
			tc.uplink + "\nduration: 5s\ntraffic:\n  - {class: v, type: voip}\n"
		s, err := Parse(filepath.Join(dir, "p.yaml"), []byte(data))
		if err != nil {
			t.Fatalf("%s: %v", tc.uplink, err)
		}
		if s.Lab.Uplink.DropPrivateSources != tc.want {
			t.Errorf("%s: DropPrivateSources = %v, want %v", tc.uplink, s.Lab.Uplink.DropPrivateSources, tc.want)
		}
	}
}

func TestClaims(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.rsc")
	if err := os.WriteFile(cfg, []byte("/ip firewall filter\nadd chain=forward action=accept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := "name: p\nconfig: " + cfg + "\nlab:\n  lan: {subnet: 192.168.88.0/24}\n  wan: {subnet: 198.51.100.0/24}\n  uplink: {up: 10Mbps, down: 50Mbps}\n" +
		"duration: 5s\ntraffic:\n  - {class: v, type: voip}\n  - {class: b, type: bulk}\nthresholds:\n  v: [\"loss < 1%\"]\n  b: [\"throughput > 1Mbps\"]\n" +
		"claims:\n  - {claim: \"  VoIP and bulk both work \", classes: [v, b]}\n  - {claim: VoIP works, classes: [v]}\n"
	s, err := Parse(filepath.Join(dir, "p.yaml"), []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Claims) != 2 {
		t.Fatalf("claims = %+v, want 2", s.Claims)
	}
	if c := s.Claims[0]; c.Text != "VoIP and bulk both work" || len(c.Classes) != 2 || c.Classes[1] != "b" || c.Pos.Line != 15 {
		t.Errorf("claim 0 = %+v", c)
	}
}

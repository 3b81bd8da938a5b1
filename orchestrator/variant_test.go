package orchestrator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
)

// writeScenario writes the flagship config and a scenario with the given
// variants section into a temporary directory and loads it.
func writeScenario(t *testing.T, variants string) *scenarios.Scenario {
	t.Helper()
	dir := t.TempDir()
	rsc, err := os.ReadFile("../scenarios/configs/soho-qos.rsc")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "r.rsc"), rsc, 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := "name: x\nconfig: r.rsc\nlab:\n  lan: {subnet: 192.168.88.0/24, interface: ether2}\n  wan: {subnet: 198.51.100.0/24, interface: ether1}\n  uplink: {up: 10Mbps, down: 50Mbps}\nduration: 5s\ntraffic:\n  - {class: voip, type: voip}\n" + variants
	path := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestVariantPlans: each variant's plan is the transformed config, and all
// plans touch the same menus so that one snapshot restores them all.
func TestVariantPlans(t *testing.T) {
	s := writeScenario(t, "variants:\n  fasttrack: [off, on]\n  /queue/tree:\n    up-voip: {priority: [1, 8]}\n")
	p, err := Prepare(s, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Variants) != 4 {
		t.Fatalf("%d variants", len(p.Variants))
	}
	for _, pv := range p.Variants {
		if strings.Join(pv.Deploy.Menus, " ") != strings.Join(p.Variants[0].Deploy.Menus, " ") {
			t.Errorf("%s touches %v, the first variant %v", pv.Variant.Name, pv.Deploy.Menus, p.Variants[0].Deploy.Menus)
		}
		words := ""
		for _, c := range pv.Deploy.Items {
			words += strings.Join(c.Words, " ") + "\n"
		}
		ftOff := strings.Contains(pv.Variant.Name, "fasttrack=off")
		if got := strings.Contains(words, "=action=fasttrack-connection =chain=forward =connection-state=established,related =disabled=yes"); got != ftOff {
			t.Errorf("%s: fasttrack rule disabled = %v in\n%s", pv.Variant.Name, got, words)
		}
		prio := "=priority=" + pv.Variant.Sets[0].Value
		if !strings.Contains(words, "=name=up-voip =packet-mark=voip =parent=upload "+prio) {
			t.Errorf("%s: up-voip without %s in\n%s", pv.Variant.Name, prio, words)
		}
	}
	// The config itself is left alone.
	if prio, _ := p.Config.Menu(routeros.MenuQueueTree)[1].Get("priority"); prio != "1" {
		t.Errorf("the config was changed: up-voip priority %s", prio)
	}
}

// TestVariantFasttrackOnInserts: a config without a fasttrack rule gets the
// canonical pair at the top of the filter rules.
func TestVariantFasttrackOnInserts(t *testing.T) {
	cfg, err := routeros.ParseRSC("x.rsc", []byte("/ip firewall filter\nadd chain=forward action=drop connection-state=invalid\n"))
	if err != nil {
		t.Fatal(err)
	}
	on := true
	out, notes, err := ApplyVariant(cfg, scenarios.Variant{Name: "fasttrack=on", Fasttrack: &on}, "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, it := range out.Menu(routeros.MenuFilter) {
		a, _ := it.Get("action")
		actions = append(actions, a)
	}
	if strings.Join(actions, " ") != "fasttrack-connection accept drop" || len(notes) != 1 || len(cfg.Items) != 1 {
		t.Errorf("actions %v notes %q (config now %d items)", actions, notes, len(cfg.Items))
	}
}

// TestVariantErrorsNameTheScenarioLine: an item or property the config
// cannot hold is refused by Prepare, naming the scenario's line, the
// config, and what is there instead.
func TestVariantErrorsNameTheScenarioLine(t *testing.T) {
	for _, c := range []struct{ variants, want string }{
		{"variants:\n  /queue/tree:\n    download: {bucket-size: [0.1]}\n", "s.yaml:12:30: variants /queue/tree download bucket-size: the config"},
		{"variants:\n  /queue/tree:\n    download: {bucket-size: [0.1]}\n", "no item name=download in /queue/tree; its items are named upload, up-voip, up-bulk"},
		{"variants:\n  /queue/tree:\n    upload: {bucket-sise: [0.1]}\n", `s.yaml:12:28: variants /queue/tree upload bucket-sise: unknown property "bucket-sise" in /queue/tree add; did you mean "bucket-size"?`},
		{"variants:\n  /queue/tree:\n    upload: {bucket-size: [fast]}\n", "s.yaml:12:28: variants /queue/tree upload bucket-size: bucket-size=fast: "},
		{"variants:\n  /ip/firewall/filter:\n    x: {action: [drop]}\n", "no item name=x in /ip/firewall/filter"},
		{"variants:\n  /system/clock:\n    x: {time-zone-name: [UTC]}\n", "menu /system/clock has no items a variant can set"},
	} {
		s := writeScenario(t, c.variants)
		_, err := Prepare(s, emulator.Features{})
		if !errors.Is(err, ErrInvalidConfig) || !errors.Is(err, ErrVariant) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v\nwant ErrVariant mentioning %q", c.variants, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), filepath.Join(filepath.Dir(s.File), "s.yaml")) {
			t.Errorf("%q: err %v does not name the scenario file", c.variants, err)
		}
	}
}

package embedded_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/lab/embedded"
	"github.com/qosbench/qosbench/routeros"
)

var update = flag.Bool("update", false, "rewrite golden files")

var ifaces = []string{"ether2", "ether1"}

func parse(t *testing.T, name, src string) *routeros.Config {
	t.Helper()
	cfg, err := routeros.ParseRSC(name, []byte(src))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return cfg
}

// TestGolden renders every testdata/*.rsc and compares the nft ruleset and
// tc batches with testdata/*.golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.rsc")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := embedded.Translate(parse(t, filepath.Base(f), string(src)), ifaces, embedded.Features{})
			if err != nil {
				t.Fatalf("translate: %v", err)
			}
			got := plan.Render()
			golden := strings.TrimSuffix(f, ".rsc") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("rendered plan differs from %s (go test -update to accept):\n%s", golden, got)
			}
		})
	}
}

// TestTranslateRefuses: what the embedded router cannot reproduce is an error
// naming the file, line and the missing piece, never a silent substitute.
func TestTranslateRefuses(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"global parent", "/queue tree\nadd name=q parent=global max-limit=1M packet-mark=x\n", "r.rsc:2: /queue/tree add: queue \"q\": parent=global is not implemented"},
		{"pcq", "/queue tree\nadd name=q parent=ether1 max-limit=1M packet-mark=x queue=pcq-upload-default\n", "queue type pcq-upload-default (pcq) is not implemented"},
		{"sfq missing", "/queue tree\nadd name=q parent=ether1 max-limit=1M packet-mark=x queue=wireless-default\n", "needs the sfq qdisc, which this kernel lacks"},
		{"unknown parent", "/queue tree\nadd name=q parent=ether9 max-limit=1M\n", "parent \"ether9\" is neither an interface of the router (ether1, ether2) nor another queue"},
		{"jump nowhere", "/ip firewall filter\nadd chain=forward action=jump jump-target=nowhere\n", "jump to chain \"nowhere\" in filter, which has no rules"},
		{"nat", "/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n", "r.rsc:2: /ip/firewall/nat add: /ip/firewall/nat is not implemented by the embedded router yet"},
		{"unknown interface", "/ip firewall filter\nadd chain=forward action=drop in-interface=bridge\n", "r.rsc:2: /ip/firewall/filter add: interface \"bridge\" does not exist on the router (its interfaces: ether1, ether2)"},
		{"unmodelled matcher", "/ip firewall filter\nadd chain=forward action=drop protocol=tcp tcp-flags=syn\n", "does not implement tcp-flags yet"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := embedded.Translate(parse(t, "r.rsc", c.src), ifaces, embedded.Features{})
			if err == nil {
				t.Fatalf("translated; want an error containing %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\nwant it to contain %q", err, c.want)
			}
		})
	}
}

func TestSfqWhenPresent(t *testing.T) {
	src := "/queue tree\nadd name=q parent=ether1 max-limit=1M packet-mark=x queue=wireless-default\n"
	plan, err := embedded.Translate(parse(t, "r.rsc", src), ifaces, embedded.Features{Qdiscs: map[string]bool{"sfq": true}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.TC["ether1"], "sfq perturb 5") {
		t.Errorf("tc batch lacks sfq:\n%s", plan.TC["ether1"])
	}
}

package emulator_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/routeros"
)

var update = flag.Bool("update", false, "rewrite golden files")

var ifaces = []string{"ether2", "ether1"}

// goldenFeatures is a kernel with sfq and fq_codel, so the goldens show
// their translation; TestGoldenApplies skips plans needing what this
// kernel lacks.
var goldenFeatures = emulator.Features{Qdiscs: map[string]bool{"sfq": true, "fq_codel": true}}

func parse(t *testing.T, name, src string) *routeros.Config {
	t.Helper()
	cfg, err := routeros.ParseRSC(name, []byte(src))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return cfg
}

// checkGoldenPlan translates the script f for a router with ports ifaces
// and compares the rendered plan with f's .golden (rewritten with -update).
func checkGoldenPlan(t *testing.T, f string, ifaces []string) *emulator.Plan {
	t.Helper()
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := emulator.Translate(parse(t, filepath.Base(f), string(src)), ifaces, goldenFeatures)
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
	return plan
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
			checkGoldenPlan(t, f, ifaces)
		})
	}
}

// TestTranslateRefuses: what the embedded router cannot reproduce is an error
// naming the file, line and the missing piece, never a silent substitute.
func TestTranslateRefuses(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"pcq by port", "/queue type\nadd name=p kind=pcq pcq-classifier=dst-port\n/queue tree\nadd name=q parent=ether1 max-limit=1M packet-mark=x queue=p\n", "queue \"q\": queue type p (defined at line 2): pcq-classifier=dst-port is not reproduced"},
		{"sfq missing", "/queue tree\nadd name=q parent=ether1 max-limit=1M packet-mark=x queue=wireless-default\n", "queue type wireless-default needs the Linux sfq qdisc for kind=sfq, which this kernel lacks (no silent substitute); run this config on a RouterOS VM (dut kind vm)"},
		{"custom type missing qdisc", "/queue type\nadd kind=fq-codel name=f\n/queue simple\nadd name=s target=10.0.0.0/8 queue=f/default\n", "r.rsc:4: /queue/simple add: queue \"s\" (upload): queue type f (defined at line 2) needs the Linux fq_codel qdisc"},
		{"cake", "/queue type\nadd kind=cake name=c cake-diffserv=diffserv4\n/queue tree\nadd name=q parent=global queue=c packet-mark=x\n", "needs the Linux cake qdisc for kind=cake, which qosbench does not probe for"},
		{"undefined type", "/queue tree\nadd name=q parent=ether1 packet-mark=x queue=nosuch\n", "queue type \"nosuch\" is not defined"},
		{"unknown parent", "/queue tree\nadd name=q parent=ether9 max-limit=1M\n", "parent \"ether9\" is neither an interface of the router (ether1, ether2), global, nor another queue"},
		{"simple parent", "/queue simple\nadd name=a target=10.0.0.1 parent=nosuch\n", "simple queue \"a\": parent \"nosuch\" is not a simple queue"},
		{"simple target", "/queue simple\nadd name=a target=bridge\n", "simple queue \"a\": target \"bridge\" is neither an address nor an interface"},
		{"simple total limit", "/queue simple\nadd name=a target=10.0.0.1 total-max-limit=2M\n", "simple queue \"a\": the embedded router does not implement total-max-limit yet"},
		{"jump nowhere", "/ip firewall filter\nadd chain=forward action=jump jump-target=nowhere\n", "r.rsc:2: /ip/firewall/filter add: jump to chain \"nowhere\" in filter, which has no rules"},
		{"netmap", "/ip firewall nat\nadd chain=srcnat action=netmap to-addresses=10.0.0.0/24\n", "r.rsc:2: /ip/firewall/nat add: action netmap is not implemented"},
		{"src-nat without address", "/ip firewall nat\nadd chain=srcnat action=src-nat to-ports=1000 protocol=udp\n", "action=src-nat needs to-addresses"},
		{"tcp-reset without tcp", "/ip firewall filter\nadd chain=forward action=reject reject-with=tcp-reset\n", "reject-with=tcp-reset needs protocol=tcp"},
		{"unknown interface list", "/ip firewall filter\nadd action=drop chain=forward in-interface-list=LAN\n", "interface list \"LAN\" does not exist"},
		{"dns name in address list", "/ip firewall address-list\nadd list=x address=example.com\n", "r.rsc:2: /ip/firewall/address-list add: address list \"x\": \"example.com\" is a DNS name"},
		{"prefix in dynamic list", "/ip firewall address-list\nadd list=x address=10.0.0.0/8\n/ip firewall filter\nadd chain=input action=add-src-to-address-list address-list=x\n", "entry 10.0.0.0/8 is a prefix or range, but rules also add addresses to this list"},
		{"unmodelled matcher", "/ip firewall filter\nadd action=drop chain=forward protocol=tcp content=abc\n", "does not implement content yet"},
		{"change-ttl increment", "/ip firewall mangle\nadd chain=forward action=change-ttl new-ttl=increment:1\n", "r.rsc:2: /ip/firewall/mangle add: change-ttl new-ttl=increment:1: only set:N is implemented"},
		{"limit period", "/ip firewall filter\nadd chain=forward action=accept limit=10/10s,5:packet\n", "limit: period 10s: nft limits count per second, minute, hour or day"},
		{"tcp-mss without tcp", "/ip firewall filter\nadd chain=forward action=drop tcp-mss=100\n", "tcp-mss needs protocol=tcp"},
		{"icmp-options without icmp", "/ip firewall filter\nadd chain=forward action=drop icmp-options=8\n", "icmp-options needs protocol=icmp"},
		{"set-priority", "/ip firewall mangle\nadd chain=forward action=set-priority new-priority=3\n", "does not implement new-priority yet"},
		{"duplicate list entry", "/ip firewall address-list\nadd list=x address=10.0.0.1\nadd list=x address=10.0.0.1/32\n", "r.rsc:3: /ip/firewall/address-list add: address list \"x\" already has 10.0.0.1 (line 2)"},
		{"chain name clash", "/ip firewall filter\nadd chain=a-b action=accept\nadd chain=a_b action=drop\n", "r.rsc:3: /ip/firewall/filter add: chain \"a_b\" and chain \"a-b\" of filter both become nft chain filter_a_b"},
		{"jump to built-in", "/ip firewall filter\nadd chain=input action=jump jump-target=forward\n", "jump-target=forward is a built-in chain"},
		{"jump loop", "/ip firewall filter\nadd chain=forward action=jump jump-target=a\nadd chain=a action=jump jump-target=b\nadd chain=b action=jump jump-target=a\n", "r.rsc:4: /ip/firewall/filter add: jump to chain \"a\" closes a loop of jumps in filter"},
		{"tarpit", "/ip firewall filter\nadd action=tarpit chain=input protocol=tcp\n", "action tarpit is not implemented"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// This machine's kernel: sfq, fq_codel and red probed and missing.
			missing := emulator.Features{Qdiscs: map[string]bool{"sfq": false, "fq_codel": false, "red": false}}
			_, err := emulator.Translate(parse(t, "r.rsc", c.src), ifaces, missing)
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
	plan, err := emulator.Translate(parse(t, "r.rsc", src), ifaces, emulator.Features{Qdiscs: map[string]bool{"sfq": true}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.TC["ether1"], "sfq perturb 5") {
		t.Errorf("tc batch lacks sfq:\n%s", plan.TC["ether1"])
	}
}

// TestMgmtInterface: the management interface is accepted before any rule
// of the config, in every base chain, and never classified into a queue.
func TestMgmtInterface(t *testing.T) {
	src := "/ip firewall filter\nadd chain=input action=drop\n/ip firewall nat\nadd chain=srcnat action=masquerade\n/queue simple\nadd name=all max-limit=1M\n"
	plan, err := emulator.Translate(parse(t, "r.rsc", src), ifaces, emulator.Features{MgmtInterface: "mgmt0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"type filter hook input priority 0; policy accept;\n\t\tiifname \"mgmt0\" accept",
		"type nat hook postrouting priority 100; policy accept;\n\t\toifname \"mgmt0\" accept",
		"type filter hook forward priority 0; policy accept;\n\t\tiifname \"mgmt0\" accept comment \"management interface\"\n\t\toifname \"mgmt0\" accept",
		"priority 99; policy accept;\n\t\toifname \"mgmt0\" accept",
	} {
		if !strings.Contains(plan.NFT, want) {
			t.Errorf("ruleset lacks %q:\n%s", want, plan.NFT)
		}
	}
	if strings.Contains(strings.Join(plan.Interfaces, " "), "mgmt0") {
		t.Errorf("queues on the management interface: %v", plan.Interfaces)
	}
	if _, err := emulator.Translate(parse(t, "r.rsc", src), ifaces, emulator.Features{MgmtInterface: "ether1"}); err == nil {
		t.Error("a router interface accepted as management interface")
	}
}

// TestRealExports translates the real v6 and v7 exports of the routeros
// package: with a kernel that has their queue types they translate whole
// (defconf's ipsec-policy and hw-offload included); without, the only
// errors name the missing qdiscs.
func TestRealExports(t *testing.T) {
	routerIfaces := []string{"ether1", "ether2", "bridge"}
	for _, c := range []struct{ file, missing string }{
		{"../routeros/testdata/v6.rsc", "needs the Linux sfq qdisc"},
		{"../routeros/testdata/v7.rsc", "needs the Linux fq_codel qdisc"},
	} {
		cfg, err := routeros.ParseFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := emulator.Translate(cfg, routerIfaces, goldenFeatures); err != nil {
			t.Errorf("%s: %v", c.file, err)
		}
		_, err = emulator.Translate(cfg, routerIfaces, emulator.Features{})
		if err == nil {
			t.Fatalf("%s translated without the qdiscs it needs", c.file)
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.Contains(line, c.missing) {
				t.Errorf("%s: unexpected error %s", c.file, line)
			}
		}
	}
}

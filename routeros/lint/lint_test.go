package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

// lintSrc lints a script as LintFile does, from a temporary file.
func lintSrc(t *testing.T, src string, opt Options) []Finding {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.rsc")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fs, err := LintFile(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func withCheck(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Check == id {
			out = append(out, f)
		}
	}
	return out
}

func dump(fs []Finding) string {
	var b bytes.Buffer
	WriteText(&b, fs)
	return b.String()
}

// A small firewall that passes the policy checks, appended to configs
// whose check is elsewhere so they do not trip no-firewall.
const goodFilter = `
/ip firewall filter
add chain=input action=accept connection-state=established,related
add chain=input action=drop connection-state=invalid
add chain=input action=accept in-interface=ether2
add chain=input action=drop
add chain=forward action=accept connection-state=established,related
add chain=forward action=drop connection-state=invalid
add chain=forward action=drop connection-state=new connection-nat-state=!dstnat in-interface=ether1
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1
`

// Every check: a minimal config that triggers it and one that does not.
func TestChecks(t *testing.T) {
	cases := []struct {
		check      string
		opt        Options
		bad, good  string
		sev        Severity
		wantInText string // in the message or effect of the first finding
	}{
		{check: "rejected", sev: Error, wantInText: "nothing after it is applied",
			bad:  goodFilter + "/ip firewall filter\nadd chain=forward action=acept\n",
			good: goodFilter + "/ip firewall filter\nadd chain=forward action=accept\n"},
		{check: "rejected", sev: Error, wantInText: "RouterOS v5",
			bad:  goodFilter + "/queue simple\nadd name=q target-addresses=192.168.88.0/24 max-limit=1M/2M\n",
			good: goodFilter + "/queue simple\nadd name=q target=192.168.88.0/24 max-limit=1M/2M\n"},
		{check: "rejected", sev: Error, wantInText: "v6.0 replaced",
			bad:  goodFilter + "/queue tree\nadd name=root parent=global-total max-limit=10M\n",
			good: goodFilter + "/queue tree\nadd name=root parent=global max-limit=10M\n"},
		{check: "other-version", sev: Error, opt: Options{Version: "6"}, wantInText: "7.1beta3",
			bad:  goodFilter + "/queue type\nadd name=fq kind=fq-codel\n",
			good: goodFilter + "/queue type\nadd name=fq kind=sfq\n"},
		{check: "other-version", sev: Error, opt: Options{Version: "6"}, wantInText: "/routing table is RouterOS v7",
			bad:  goodFilter + "/routing table\nadd fib name=isp2\n",
			good: goodFilter + "/ip route\nadd gateway=198.51.100.1\n"},
		{check: "other-version", sev: Error, opt: Options{Version: "7"}, wantInText: "must exist in /routing table",
			bad:  goodFilter + "/ip firewall mangle\nadd chain=prerouting action=mark-routing new-routing-mark=isp2 src-address=192.168.88.10\n",
			good: goodFilter + "/routing table\nadd fib name=isp2\n/ip firewall mangle\nadd chain=prerouting action=mark-routing new-routing-mark=isp2 src-address=192.168.88.10\n"},
		{check: "dead-after-catch-all", sev: Error, wantInText: "every packet to the router is dropped by rule #0",
			bad:  "/ip firewall filter\nadd chain=input action=drop\nadd chain=input action=accept connection-state=established,related\n",
			good: "/ip firewall filter\nadd chain=input action=accept connection-state=established,related\nadd chain=input action=drop\n"},
		{check: "shadowed-rule", sev: Warning, wantInText: "dropped by rule #0",
			bad:  "/ip firewall filter\nadd chain=forward action=drop protocol=tcp in-interface=ether1\nadd chain=forward action=accept protocol=tcp dst-port=22 in-interface=ether1\n",
			good: "/ip firewall filter\nadd chain=forward action=accept protocol=tcp dst-port=22 in-interface=ether1\nadd chain=forward action=drop protocol=tcp in-interface=ether1\n"},
		{check: "unused-mark", sev: Warning, wantInText: "no queue shapes",
			bad:  goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n",
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n"},
		{check: "mark-never-set", sev: Warning, wantInText: "never sees a packet",
			bad:  goodFilter + "/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n",
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n"},
		{check: "mark-overwritten", sev: Warning, wantInText: `no packet keeps the mark "voip"`,
			bad: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp dst-port=5060\n" +
				"add chain=forward action=mark-packet new-packet-mark=low\n/queue tree\nadd name=v parent=ether1 packet-mark=voip,low max-limit=1M\n",
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp dst-port=5060 passthrough=no\n" +
				"add chain=forward action=mark-packet new-packet-mark=low\n/queue tree\nadd name=v parent=ether1 packet-mark=voip,low max-limit=1M\n"},
		{check: "mark-overwritten", sev: Warning, wantInText: `no packet keeps the mark "voip"`,
			bad: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip protocol=udp\n" +
				"add chain=forward action=mark-connection new-connection-mark=bulk\nadd chain=forward action=mark-packet connection-mark=voip new-packet-mark=voip passthrough=no\n" +
				"add chain=forward action=mark-packet connection-mark=bulk new-packet-mark=bulk passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip,bulk max-limit=1M\n",
			// The guard connection-mark=no-mark no longer matches once
			// the first rule has marked the connection.
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip protocol=udp connection-mark=no-mark\n" +
				"add chain=forward action=mark-connection new-connection-mark=bulk connection-mark=no-mark\nadd chain=forward action=mark-packet connection-mark=voip new-packet-mark=voip passthrough=no\n" +
				"add chain=forward action=mark-packet connection-mark=bulk new-packet-mark=bulk passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip,bulk max-limit=1M\n"},
		{check: "fasttrack-bypass", sev: Warning, wantInText: "skip mangle",
			bad: "/ip firewall filter\nadd chain=forward action=fasttrack-connection connection-state=established,related\n" + goodFilter +
				"/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n",
			good: "/ip firewall filter\nadd chain=forward action=fasttrack-connection connection-state=established,related connection-mark=no-mark\n" + goodFilter +
				"/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n"},
		// /ip settings allow-fast-path=no: the rule fast-tracks nothing.
		{check: "fasttrack-bypass", sev: Warning, wantInText: "skip mangle",
			bad: "/ip firewall filter\nadd chain=forward action=fasttrack-connection connection-state=established,related\n" + goodFilter +
				"/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n",
			good: "/ip settings\nset allow-fast-path=no\n/ip firewall filter\nadd chain=forward action=fasttrack-connection connection-state=established,related\n" + goodFilter +
				"/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no\n/queue tree\nadd name=v parent=ether1 packet-mark=voip max-limit=1M\n"},
		{check: "mark-one-direction", sev: Warning, wantInText: "the replies carry src-port=5060",
			bad:  goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=voip protocol=udp dst-port=5060 passthrough=no\n/queue tree\nadd name=v parent=global packet-mark=voip max-limit=1M\n",
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip-conn protocol=udp dst-port=5060 connection-mark=no-mark\nadd chain=forward action=mark-packet new-packet-mark=voip connection-mark=voip-conn passthrough=no\n/queue tree\nadd name=v parent=global packet-mark=voip max-limit=1M\n"},
		{check: "leaf-without-packet-mark", sev: Warning, wantInText: "no packet is ever classified",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=bulk parent=up max-limit=10M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=bulk parent=up packet-mark=no-mark max-limit=10M\n"},
		{check: "priority-without-limit-at", sev: Warning, wantInText: "guaranteed 4M first",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=voip parent=up packet-mark=no-mark priority=1 max-limit=10M\nadd name=bulk parent=up packet-mark=x limit-at=4M max-limit=10M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=voip parent=up packet-mark=no-mark priority=1 limit-at=1M max-limit=10M\nadd name=bulk parent=up packet-mark=x limit-at=4M max-limit=10M\n"},
		{check: "invalid-drop-too-late", sev: Warning, wantInText: "after accept #1",
			bad:  "/ip firewall filter\nadd chain=input action=accept connection-state=established,related\nadd chain=input action=accept in-interface=ether2\nadd chain=input action=drop connection-state=invalid\nadd chain=input action=drop\n",
			good: "/ip firewall filter\nadd chain=input action=accept connection-state=established,related\nadd chain=input action=drop connection-state=invalid\nadd chain=input action=accept in-interface=ether2\nadd chain=input action=drop\n"},
		{check: "placeholder-password", sev: Warning, wantInText: "contains \"your\"",
			bad:  goodFilter + "/user add name=boss group=full password=\"YourStrongPassword\"\n",
			good: goodFilter + "/user add name=boss group=full password=\"k3-Tz9!qLw_v8\"\n"},
		{check: "placeholder-password", sev: Warning, wantInText: "is empty",
			bad:  goodFilter + "/user add name=boss group=full password=\"\"\n",
			good: goodFilter + "/user add name=boss group=full\n"},
		{check: "simple-queue-shadowed", sev: Warning, wantInText: "a containing target",
			bad:  goodFilter + "/queue simple\nadd name=lan target=192.168.88.0/24 max-limit=10M/10M\nadd name=host target=192.168.88.2/32 max-limit=1M/1M\n",
			good: goodFilter + "/queue simple\nadd name=host target=192.168.88.2/32 max-limit=1M/1M\nadd name=lan target=192.168.88.0/24 max-limit=10M/10M\n"},
		{check: "fasttrack-guard-leaks", sev: Warning, wantInText: "still fast-tracks the classes \"web\"",
			bad: "/ip firewall filter\nadd chain=forward action=fasttrack-connection connection-state=established,related connection-mark=!voip-conn\n" + goodFilter +
				"/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip-conn protocol=udp connection-mark=no-mark\nadd chain=forward action=mark-connection new-connection-mark=web-conn protocol=tcp dst-port=443 connection-mark=no-mark\n" +
				"add chain=forward action=mark-packet new-packet-mark=voip connection-mark=voip-conn passthrough=no\nadd chain=forward action=mark-packet new-packet-mark=web connection-mark=web-conn passthrough=no\n" +
				"/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=v parent=up packet-mark=voip max-limit=10M\nadd name=w parent=up packet-mark=web max-limit=10M\n",
			good: "/ip firewall filter\nadd chain=forward action=fasttrack-connection connection-state=established,related connection-mark=no-mark\n" + goodFilter +
				"/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip-conn protocol=udp connection-mark=no-mark\nadd chain=forward action=mark-connection new-connection-mark=web-conn protocol=tcp dst-port=443 connection-mark=no-mark\n" +
				"add chain=forward action=mark-packet new-packet-mark=voip connection-mark=voip-conn passthrough=no\nadd chain=forward action=mark-packet new-packet-mark=web connection-mark=web-conn passthrough=no\n" +
				"/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=v parent=up packet-mark=voip max-limit=10M\nadd name=w parent=up packet-mark=web max-limit=10M\n"},
		{check: "control-in-bulk-fifo", sev: Warning, wantInText: "10-packet FIFO",
			bad: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip-conn protocol=udp dst-port=5060 connection-mark=no-mark\nadd chain=forward action=mark-connection new-connection-mark=bulk-conn connection-mark=no-mark\n" +
				"add chain=forward action=mark-packet new-packet-mark=voip connection-mark=voip-conn passthrough=no\nadd chain=forward action=mark-packet new-packet-mark=bulk connection-mark=bulk-conn passthrough=no\n" +
				"/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=v parent=up packet-mark=voip limit-at=1M max-limit=10M priority=1\nadd name=b parent=up packet-mark=bulk limit-at=1M max-limit=10M\n",
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-connection new-connection-mark=voip-conn protocol=udp dst-port=5060 connection-mark=no-mark\nadd chain=forward action=mark-connection new-connection-mark=bulk-conn connection-mark=no-mark\n" +
				"add chain=forward action=mark-packet new-packet-mark=voip connection-mark=voip-conn passthrough=no\nadd chain=forward action=mark-packet new-packet-mark=bulk connection-mark=bulk-conn passthrough=no\n" +
				"/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=v parent=up packet-mark=voip limit-at=1M max-limit=10M priority=1\nadd name=b parent=up packet-mark=bulk limit-at=1M max-limit=10M queue=default\n"},
		{check: "shaped-twice", sev: Warning, wantInText: "both shape",
			bad:  goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=all passthrough=no\n/queue simple\nadd name=lan target=192.168.88.0/24 max-limit=5M/20M\n/queue tree\nadd name=g parent=global packet-mark=all max-limit=10M\n",
			good: goodFilter + "/ip firewall mangle\nadd chain=forward action=mark-packet new-packet-mark=all passthrough=no\n/queue simple\nadd name=lan target=192.168.88.0/24 max-limit=5M/20M\n/queue tree\nadd name=g parent=ether1 packet-mark=all max-limit=10M\n"},
		{check: "queue-limit-at-sum", sev: Warning, wantInText: "passes up to 12M",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=a parent=up limit-at=6M max-limit=10M\nadd name=b parent=up limit-at=6M max-limit=10M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=a parent=up limit-at=4M max-limit=10M\nadd name=b parent=up limit-at=6M max-limit=10M\n"},
		{check: "child-max-limit-above-parent", sev: Warning, wantInText: "never gets more than 10M",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=a parent=up max-limit=20M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=a parent=up max-limit=10M\n"},
		{check: "inner-queue-priority", sev: Warning, wantInText: "ignored",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M priority=1\nadd name=a parent=up max-limit=10M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=10M\nadd name=a parent=up max-limit=10M priority=1\n"},
		{check: "priority-without-max-limit", sev: Warning, wantInText: "priorities do nothing",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1\nadd name=a parent=up priority=1 max-limit=5M\nadd name=b parent=up priority=8 max-limit=5M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=9M\nadd name=a parent=up priority=1 max-limit=9M\nadd name=b parent=up priority=8 max-limit=9M\n"},
		{check: "bucket-size-burst", sev: Info, wantInText: "100 ms",
			bad:  goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=9M\nadd name=a parent=up priority=1 max-limit=9M\nadd name=b parent=up priority=8 max-limit=9M\n",
			good: goodFilter + "/queue tree\nadd name=up parent=ether1 max-limit=9M\nadd name=a parent=up priority=1 max-limit=9M bucket-size=0.01\nadd name=b parent=up priority=8 max-limit=9M bucket-size=0.01\n"},
		{check: "simple-queue-shadowed", sev: Warning, wantInText: "never apply",
			bad:  goodFilter + "/queue simple\nadd name=all target=ether2 max-limit=5M/20M\nadd name=again target=ether2 max-limit=1M/1M\n",
			good: goodFilter + "/queue simple\nadd name=pc target=192.168.88.10 max-limit=1M/1M\nadd name=all target=192.168.88.0/24 max-limit=5M/20M\n"},
		{check: "service-open-to-wan", sev: Warning, wantInText: "winbox",
			bad:  "/ip firewall filter\nadd chain=input action=drop in-interface=ether1 protocol=udp\n/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n",
			good: "/ip firewall filter\nadd chain=input action=drop in-interface=ether1\n/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n"},
		{check: "input-no-final-drop", sev: Warning, wantInText: "answers the internet",
			bad:  "/ip firewall filter\nadd chain=input action=accept connection-state=established,related\nadd chain=input action=drop connection-state=invalid\n",
			good: "/ip firewall filter\nadd chain=input action=accept connection-state=established,related\nadd chain=input action=drop in-interface-list=!LAN\n"},
		{check: "no-invalid-drop", sev: Warning, wantInText: "invalid",
			bad:  "/ip firewall filter\nadd chain=forward action=accept connection-state=established,related\nadd chain=forward action=drop in-interface=ether1\n",
			good: "/ip firewall filter\nadd chain=forward action=accept connection-state=established,related\nadd chain=forward action=drop connection-state=invalid\nadd chain=forward action=drop in-interface=ether1\n"},
		{check: "forward-wan-open", sev: Warning, wantInText: "reaches the LAN", opt: Options{WAN: "ether1"},
			bad:  "/ip firewall filter\nadd chain=forward action=accept connection-state=established,related\nadd chain=forward action=drop connection-state=invalid\n",
			good: "/ip firewall filter\nadd chain=forward action=accept connection-state=established,related\nadd chain=forward action=drop connection-state=invalid\nadd chain=forward action=drop in-interface=ether1\n"},
		{check: "no-firewall", sev: Warning, wantInText: "accepts every packet",
			bad:  "/queue tree\nadd name=up parent=ether1 max-limit=9M\n",
			good: goodFilter},
		{check: "notice", sev: Info, wantInText: "never run",
			bad:  goodFilter + "/ip firewall filter\nadd chain=foward action=drop\n",
			good: goodFilter + "/ip firewall filter\nadd chain=forward action=jump jump-target=mine\nadd chain=mine action=return\n"},
	}
	for _, c := range cases {
		t.Run(c.check+"/"+c.wantInText, func(t *testing.T) {
			bad := withCheck(lintSrc(t, c.bad, c.opt), c.check)
			if len(bad) == 0 {
				t.Fatalf("no %s finding for:\n%s", c.check, c.bad)
			}
			f := bad[0]
			if f.Severity != c.sev {
				t.Errorf("severity %v, want %v:\n%s", f.Severity, c.sev, dump(bad))
			}
			if !strings.Contains(f.Message+" "+f.Effect, c.wantInText) {
				t.Errorf("finding lacks %q:\n%s", c.wantInText, dump(bad))
			}
			if f.Line == 0 && c.check != "no-firewall" && c.check != "service-open-to-wan" {
				t.Errorf("finding has no line:\n%s", dump(bad))
			}
			if f.Message == "" || (c.check != "notice" && (f.Effect == "" || f.Fix == "")) {
				t.Errorf("finding lacks message, effect or fix:\n%s", dump(bad))
			}
			if good := withCheck(lintSrc(t, c.good, c.opt), c.check); len(good) > 0 {
				t.Errorf("%s finding for the good config:\n%s", c.check, dump(good))
			}
		})
	}
}

// The goodFilter really passes every policy check, so the cases above
// test one check each.
func TestGoodFilterIsClean(t *testing.T) {
	if fs := lintSrc(t, goodFilter, Options{}); len(fs) > 0 {
		t.Fatalf("goodFilter has findings:\n%s", dump(fs))
	}
}

// The seed firewall (s000-fw) drops everything first: the finding must
// name the rule, its line and the dead rules.
func TestCatchAllFirst(t *testing.T) {
	_, fs, err := LintFile("testdata/s000-fw.rsc", Options{})
	if err != nil {
		t.Fatal(err)
	}
	dead := withCheck(fs, "dead-after-catch-all")
	if len(dead) != 2 {
		t.Fatalf("want 2 dead-after-catch-all findings (input, forward):\n%s", dump(fs))
	}
	want := "every packet to the router is dropped by rule #0 (line 5): LAN hosts cannot reach the router"
	if !strings.Contains(dead[0].Effect, want) || !strings.Contains(dead[0].Effect, "rules #2, #6-#10, #12-#13 never match") {
		t.Errorf("input finding effect:\n%s", dead[0].Effect)
	}
	if dead[0].Line != 5 || dead[1].Line != 6 {
		t.Errorf("lines %d, %d; want 5, 6", dead[0].Line, dead[1].Line)
	}
}

// The services check follows the input chain for the service's port from
// the inferred WAN: a drop from another interface does not protect it, an
// accept of the port from the WAN before the drop opens it.
func TestServicesWalk(t *testing.T) {
	nat := "/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n"
	for _, c := range []struct {
		name, filter string
		open         []string // services in the finding's item
	}{
		{"drop from LAN only", "add chain=input action=drop in-interface=ether2\n", []string{"winbox", "ssh"}},
		{"drop from WAN", "add chain=input action=drop in-interface=ether1\n", nil},
		{"ssh accepted first", "add chain=input action=accept protocol=tcp dst-port=22\nadd chain=input action=drop in-interface=ether1\n", []string{"ssh"}},
		{"jump to a dropping chain", "add chain=input action=jump jump-target=wan in-interface=ether1\nadd chain=wan action=drop\n", nil},
		{"rate-limited accept is not sure", "add chain=input action=drop in-interface=ether1 limit=10,5:packet\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := withCheck(lintSrc(t, nat+"/ip firewall filter\n"+c.filter, Options{}), "service-open-to-wan")
			if len(c.open) == 0 {
				if len(fs) > 0 {
					t.Fatalf("unexpected:\n%s", dump(fs))
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one finding:\n%s", dump(fs))
			}
			for _, s := range c.open {
				if !strings.Contains(fs[0].Item, s) {
					t.Errorf("%s not reported open:\n%s", s, dump(fs))
				}
			}
			if c.name == "ssh accepted first" && strings.Contains(fs[0].Item, "winbox") {
				t.Errorf("winbox is dropped from the WAN:\n%s", dump(fs))
			}
		})
	}
}

// An edited service is reported at the line that left it open, and a
// restriction to the LAN closes it.
func TestServiceEdits(t *testing.T) {
	fs := withCheck(lintSrc(t, "/ip service set ssh port=2222\n/ip service set winbox address=192.168.88.0/24\n", Options{}), "service-open-to-wan")
	var sawSSH bool
	for _, f := range fs {
		if f.Item == "/ip service ssh" {
			sawSSH = f.Line == 1 && strings.Contains(f.Message, "TCP 2222")
		}
		if strings.Contains(f.Item, "winbox") {
			t.Errorf("winbox restricted to the LAN reported open:\n%s", dump(fs))
		}
	}
	if !sawSSH {
		t.Errorf("ssh on 2222 not reported at line 1:\n%s", dump(fs))
	}
}

func TestCovers(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"protocol=tcp", "protocol=tcp dst-port=22", true},
		{"protocol=tcp dst-port=1-1024", "protocol=tcp dst-port=22,80", true},
		{"protocol=tcp dst-port=22", "protocol=tcp dst-port=22,80", false},
		{"protocol=!udp", "protocol=tcp", true},
		{"src-address=192.168.0.0/16", "src-address=192.168.88.0/24", true},
		{"src-address=192.168.88.0/24", "src-address=192.168.0.0/16", false},
		{"src-address=!10.0.0.0/8", "src-address=192.168.88.0/24", true},
		{"connection-state=established,related", "connection-state=established", true},
		{"connection-state=established", "connection-state=established,related", false},
		{"connection-state=!invalid", "connection-state=new", true},
		{"connection-state=new", "", false},
		{"in-interface=ether1", "in-interface=ether1 protocol=tcp", true},
		{"in-interface=ether1", "in-interface=ether2", false},
		{"in-interface-list=WAN", "in-interface=ether1", false}, // membership unknown
		{"limit=10,5:packet", "limit=10,5:packet protocol=tcp", true},
		{"limit=10,5:packet", "protocol=tcp", false},
		{"protocol=tcp dst-port=1-100,101-200", "protocol=tcp dst-port=50-150", true}, // adjacent ranges join
		{"protocol=tcp dst-port=1-100,102-200", "protocol=tcp dst-port=50-150", false},
		{"protocol=tcp dst-port=!1-1023", "protocol=tcp dst-port=1024-65535", true},
		{"protocol=tcp dst-port=!1-1023", "protocol=tcp dst-port=0-1024", false},
		{"protocol=tcp dst-port=!80", "protocol=tcp dst-port=!22,80", true},
		{"protocol=tcp dst-port=!22,80", "protocol=tcp dst-port=!80", false},
		{"protocol=tcp src-port=1000-2000", "protocol=tcp dst-port=1500", false},
		{"in-interface-list=all", "protocol=tcp", true},
		{"connection-state=established,invalid,new,related,untracked", "protocol=tcp", true},
		{"src-address=10.0.0.0/8 protocol=tcp", "src-address=10.1.0.0/16 protocol=tcp dst-port=80", true},
	} {
		l := newLinter(mustParse(t, "/ip firewall filter\nadd chain=forward action=drop "+c.a+"\nadd chain=forward action=drop "+c.b+"\n"), Options{}, nil)
		a, b := l.rules["filter"][0], l.rules["filter"][1]
		if got := covers(a, b); got != c.want {
			t.Errorf("covers(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		// The shadowing check skips pairs by key masks first: the masks
		// must never skip a pair that covers.
		if skip := a.need&^b.has != 0; skip && c.want {
			t.Errorf("masks skip covers(%q, %q)", c.a, c.b)
		}
	}
}

// Output order is by line, then check id, and stable.
func TestOrder(t *testing.T) {
	_, fs, err := LintFile("testdata/s001.rsc", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if a.Line > b.Line || a.Line == b.Line && a.Check > b.Check {
			t.Errorf("finding %d (%d %s) before %d (%d %s)", i-1, a.Line, a.Check, i, b.Line, b.Check)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	_, fs, err := LintFile("testdata/s000-qos.rsc", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, fs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"severity": "error"`) {
		t.Errorf("severity not written as a word:\n%s", b.String())
	}
	var back []Finding
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(fs) || back[0] != fs[0] {
		t.Errorf("round trip changed the findings")
	}
	var empty bytes.Buffer
	WriteJSON(&empty, nil)
	if strings.TrimSpace(empty.String()) != "[]" {
		t.Errorf("no findings: %q, want []", empty.String())
	}
}

func TestInterfaces(t *testing.T) {
	for _, c := range []struct {
		src, wan, lan string
	}{
		{"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1-gateway\n", "ether1-gateway", ""},
		{"/interface list\nadd name=WAN\nadd name=LAN\n/interface list member\nadd list=WAN interface=pppoe-out1\nadd list=LAN interface=bridge\n", "pppoe-out1", "bridge"},
		{"/ip dhcp-client\nadd interface=ether5 disabled=no\n/ip address\nadd address=10.0.0.1/24 interface=bridge1\n", "ether5", "bridge1"},
	} {
		wan, lan, why := Interfaces(mustParse(t, c.src), Options{})
		if wan != c.wan || lan != c.lan || wan != "" && why == "" {
			t.Errorf("Interfaces(%q) = %q, %q (%s); want %q, %q", c.src, wan, lan, why, c.wan, c.lan)
		}
	}
	if wan, _, _ := Interfaces(mustParse(t, "/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n"), Options{WAN: "sfp1"}); wan != "sfp1" {
		t.Errorf("--wan not honoured: %q", wan)
	}
}

// TestInterfacesAgreeWithRun checks that lint reads the WAN and LAN as
// `run --config` does (routeros.InferRoles), on configs where the two
// readings once disagreed: lint took the LAN list's member before the
// interface with the private /ip address, run the other way round, and
// lint skipped a masquerade out-interface-list with two members.
func TestInterfacesAgreeWithRun(t *testing.T) {
	for _, c := range []struct {
		name, src, wan, lan string
	}{
		{"address and LAN list name different interfaces",
			"/ip address\nadd address=192.168.88.1/24 interface=bridge\n/interface list member\nadd list=LAN interface=ether2\n" +
				"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n", "ether1", "bridge"},
		{"masquerade to a list of two uplinks",
			"/interface list member\nadd list=uplinks interface=ether1\nadd list=uplinks interface=lte1\n" +
				"/ip firewall nat\nadd chain=srcnat action=masquerade out-interface-list=uplinks\n" +
				"/ip dhcp-client\nadd interface=ether9\n/ip address\nadd address=10.0.0.1/24 interface=bridge1\n", "ether1", "bridge1"},
		{"the LAN shown only by its DHCP server",
			"/ip dhcp-server\nadd interface=bridge2 name=dhcp1\n/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n" +
				"/ip firewall filter\nadd chain=input action=accept in-interface=ether7 protocol=icmp\n", "ether1", "bridge2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := mustParse(t, c.src)
			wan, lan, _ := Interfaces(cfg, Options{})
			r := routeros.InferRoles(cfg, "", "")
			if wan != r.WAN || lan != r.LAN {
				t.Errorf("lint reads WAN %q, LAN %q; run --config reads WAN %q, LAN %q", wan, lan, r.WAN, r.LAN)
			}
			if wan != c.wan || lan != c.lan {
				t.Errorf("WAN %q, LAN %q; want %q, %q", wan, lan, c.wan, c.lan)
			}
		})
	}
}

// An accept-all in input: the rules after it are dead, and the input
// chain accepts what its later drop was meant to stop.
func TestAcceptAllInput(t *testing.T) {
	fs := lintSrc(t, "/ip firewall filter\nadd chain=input action=accept\nadd chain=input action=drop in-interface=ether1\n", Options{WAN: "ether1"})
	dead, open := withCheck(fs, "dead-after-catch-all"), withCheck(fs, "input-no-final-drop")
	if len(dead) != 1 || dead[0].Severity != Warning || !strings.Contains(dead[0].Effect, "every packet to the router is accepted by rule #0") {
		t.Errorf("dead-after-catch-all:\n%s", dump(dead))
	}
	if len(open) != 1 || !strings.Contains(open[0].Message, "accepts packets from the WAN (ether1)") {
		t.Errorf("input-no-final-drop:\n%s", dump(open))
	}
	if s := withCheck(fs, "service-open-to-wan"); len(s) != 1 {
		t.Errorf("services behind an accept-all are open:\n%s", dump(fs))
	}
}

// Drops in a user chain the built-in chain jumps to count.
func TestPolicyFollowsJumps(t *testing.T) {
	fs := lintSrc(t, "/ip firewall filter\nadd chain=input action=jump jump-target=in-policy\n"+
		"add chain=in-policy action=drop connection-state=invalid\nadd chain=in-policy action=accept connection-state=established,related\n"+
		"add chain=in-policy action=drop\n", Options{WAN: "ether1"})
	for _, id := range []string{"no-invalid-drop", "input-no-final-drop", "service-open-to-wan"} {
		for _, f := range withCheck(fs, id) {
			if strings.Contains(f.Item, "input") || id == "service-open-to-wan" {
				t.Errorf("%s despite the jump:\n%s", id, dump([]Finding{f}))
			}
		}
	}
}

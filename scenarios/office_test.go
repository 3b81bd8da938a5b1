package scenarios

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic/bulk"
	"github.com/qosbench/qosbench/traffic/probe"
	"github.com/qosbench/qosbench/traffic/voip"
)

// writeConfig writes a RouterOS script to a temporary router.rsc.
func writeConfig(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "router.rsc")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const officeCfg = `/ip address
add address=192.168.10.1/24 interface=bridge
/ip firewall filter
add chain=forward action=fasttrack-connection connection-state=established,related
add chain=forward action=accept connection-state=established,related
add chain=input action=accept in-interface=bridge src-address=192.168.10.0/24
add chain=input action=drop
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1
`

func TestOfficeScenario(t *testing.T) {
	path := writeConfig(t, officeCfg)
	s, lines, err := Office(path, OfficeMapping{})
	if err != nil {
		t.Fatal(err)
	}
	wantLines := []string{
		"WAN = ether1 (masquerade out-interface, " + path + ":9)",
		"LAN = bridge (/ip address 192.168.10.1/24, " + path + ":2)",
		"LAN subnet = 192.168.10.0/24 (/ip address 192.168.10.1/24 on bridge, " + path + ":2)",
		"WAN subnet = 198.51.100.0/24 (default: TEST-NET-2, documentation space)",
		"Uplink = 10Mbps up, 50Mbps down, 100ms buffer (default)",
		"ISP = drops private sources, as access networks do; the config's NAT (" + path + ":9) hides the LAN",
		"Variants = fasttrack=off, fasttrack=on (fasttrack-connection rule, " + path + ":4)",
	}
	if got, want := strings.Join(lines, "\n"), strings.Join(wantLines, "\n"); got != want {
		t.Errorf("lines:\n%s\nwant:\n%s", got, want)
	}
	if want := "Built-in office scenario for router.rsc (WAN ether1, LAN bridge): VoIP, web, bulk, firewall and management probes"; s.Description != want {
		t.Errorf("description %q, want %q", s.Description, want)
	}
	if s.Name != "office-router" || s.Config != path || s.DUT.Kind != "embedded" || s.ConfigMode != ConfigTerminal {
		t.Errorf("name %q config %q dut %q config-mode %q", s.Name, s.Config, s.DUT.Kind, s.ConfigMode)
	}
	if s.Lab.WAN.Interface != "ether1" || s.Lab.LAN.Interface != "bridge" || s.Lab.LAN.Subnet.String() != "192.168.10.0/24" ||
		s.Lab.WAN.Subnet.String() != "198.51.100.0/24" || s.Lab.LAN.Hosts != 2 {
		t.Errorf("lab %+v", s.Lab)
	}
	if u := s.Lab.Uplink; u.Up != 10e6 || u.Down != 50e6 || u.Buffer != 100*time.Millisecond || !u.DropPrivateSources {
		t.Errorf("uplink %+v", u)
	}
	if len(s.Variants) != 2 || s.Variants[0].Name != "fasttrack=off" || s.Variants[1].Name != "fasttrack=on" {
		t.Errorf("variants %+v", s.Variants)
	}
	if s.Duration != 10*time.Second || s.Warmup != 2*time.Second {
		t.Errorf("duration %v warmup %v", s.Duration, s.Warmup)
	}
	classes := strings.Join(s.ClassNames(), " ")
	if want := "voip web bulk web-out dns-out ping-out no-inbound wan-winbox wan-ssh wan-www wan-www-ssl wan-api wan-api-ssl wan-telnet wan-ftp lan-winbox lan-ssh"; classes != want {
		t.Errorf("classes\n%s\nwant\n%s", classes, want)
	}
	byClass := map[string]Traffic{}
	for _, tr := range s.Traffic {
		byClass[tr.Class] = tr
	}
	if v := byClass["voip"]; optionsOf[voip.Options](v).Calls != 2 || optionsOf[voip.Options](v).Codec != "g711" || v.DSCP != 46 || v.Direction != "both" {
		t.Errorf("voip %+v", v)
	}
	if b := byClass["bulk"]; optionsOf[bulk.Options](b).Flows != 2 || b.Direction != "both" {
		t.Errorf("bulk %+v", b)
	}
	if p := optionsOf[probe.Options](byClass["wan-winbox"]); p.From != "wan" || p.To != "router" || p.Service != "winbox" || p.Expect != "deny" {
		t.Errorf("wan-winbox %+v", p)
	}
	if p := optionsOf[probe.Options](byClass["lan-ssh"]); p.From != "lan" || p.Service != "ssh" || p.Expect != "allow" {
		t.Errorf("lan-ssh %+v", p)
	}
	var th []string
	for _, x := range s.Thresholds {
		th = append(th, x.Class+": "+x.Expr)
	}
	for _, want := range []string{"voip: latency.p99 < 150ms", "voip: jitter < 30ms", "voip: loss < 1%", "web: ttfb.p50 < 500ms", "no-inbound: verdict >= 100%", "wan-ftp: verdict >= 100%", "lan-winbox: verdict >= 100%"} {
		if !strings.Contains(strings.Join(th, "\n"), want) {
			t.Errorf("thresholds lack %q:\n%s", want, strings.Join(th, "\n"))
		}
	}
	var claims []string
	for _, c := range s.Claims {
		claims = append(claims, c.Text+": "+strings.Join(c.Classes, ","))
	}
	if got, want := strings.Join(claims, "\n"), "VoIP stays usable while web and bulk load the line: voip\n"+
		"LAN hosts reach the internet: web, DNS and ping work: web,web-out,dns-out,ping-out\n"+
		"Unsolicited traffic from the WAN does not reach the LAN: no-inbound\n"+
		"The router's management services are closed to the WAN: wan-winbox,wan-ssh,wan-www,wan-www-ssl,wan-api,wan-api-ssl,wan-telnet,wan-ftp\n"+
		"The router can be managed from the LAN: lan-winbox,lan-ssh"; got != want {
		t.Errorf("claims:\n%s\nwant:\n%s", got, want)
	}
	if len(th) != 4+14 {
		t.Errorf("%d thresholds, want 18 (3 voip, 1 web, 14 probes)", len(th))
	}
}

// Flags win over everything the config shows, and their values reach the
// scenario.
func TestOfficeFlagsOverride(t *testing.T) {
	path := writeConfig(t, officeCfg)
	s, lines, err := Office(path, OfficeMapping{WAN: "sfp1", LAN: "ether5", LANSubnet: "10.9.0.0/16", WANSubnet: "192.168.1.0/24", Uplink: "5Mbps/20Mbps", Buffer: "250ms"})
	if err != nil {
		t.Fatal(err)
	}
	want := "WAN = sfp1 (--wan)\nLAN = ether5 (--lan)\nLAN subnet = 10.9.0.0/16 (--lan-subnet)\nWAN subnet = 192.168.1.0/24 (--wan-subnet)\nUplink = 5Mbps up, 20Mbps down, 250ms buffer (--uplink; buffer: --buffer)"
	if got := strings.Join(lines[:5], "\n"); got != want {
		t.Errorf("lines:\n%s\nwant:\n%s", got, want)
	}
	l := s.Lab
	if l.WAN.Interface != "sfp1" || l.LAN.Interface != "ether5" || l.LAN.Subnet.String() != "10.9.0.0/16" || l.WAN.Subnet.String() != "192.168.1.0/24" ||
		l.Uplink.Up != 5e6 || l.Uplink.Down != 20e6 || l.Uplink.Buffer != 250*time.Millisecond {
		t.Errorf("lab %+v", l)
	}
	if l.Uplink.DropPrivateSources {
		t.Error("a private WAN subnet must not drop private sources: the router's own address is private")
	}
	// One flag alone: the LAN is still inferred, around the given WAN.
	_, lines, err = Office(path, OfficeMapping{WAN: "bridge", Uplink: "8Mbps"})
	if err != nil {
		t.Fatal(err)
	}
	if lines[0] != "WAN = bridge (--wan)" || !strings.HasPrefix(lines[1], "LAN = ether1 (") || lines[4] != "Uplink = 8Mbps up, 8Mbps down, 100ms buffer (--uplink; buffer: default)" {
		t.Errorf("lines:\n%s", strings.Join(lines, "\n"))
	}
}

// When the config names interfaces but shows no role, the error names
// what is missing, what the config names and the flags to pass.
func TestOfficeNothingShows(t *testing.T) {
	path := writeConfig(t, "/ip firewall filter\nadd chain=forward action=drop in-interface=ether3 protocol=tcp dst-port=445\nadd chain=forward action=drop out-interface=ether4\n")
	_, _, err := Office(path, OfficeMapping{})
	if !errors.Is(err, ErrMapping) {
		t.Fatalf("err = %v, want ErrMapping", err)
	}
	for _, w := range []string{"the WAN (the port towards the ISP) or the LAN", "ether3 (" + path + ":2), ether4 (" + path + ":3)", "Pass --wan IF and --lan IF"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	// With the WAN given, only the LAN is asked for... unless the only
	// other interface answers it.
	if _, lines, err := Office(path, OfficeMapping{WAN: "ether3"}); err != nil || lines[1] != "LAN = ether4 (the only interface besides the WAN the config names, "+path+":3)" {
		t.Errorf("WAN given: %v %q", err, lines)
	}
	path = writeConfig(t, "/ip firewall filter\nadd chain=forward action=drop in-interface=ether3 protocol=tcp dst-port=445\nadd chain=forward action=drop out-interface=ether4\nadd chain=forward action=drop out-interface=ether6\n")
	_, _, err = Office(path, OfficeMapping{WAN: "ether3"})
	if !errors.Is(err, ErrMapping) || !strings.Contains(err.Error(), "Pass --lan IF (WAN = ether3, --wan)") {
		t.Errorf("WAN given, LAN ambiguous: %v", err)
	}
}

// A config that names only its WAN (a QoS script shaping the upload)
// gets a LAN port of the default name; and the other way round.
func TestOfficeOneSideNamed(t *testing.T) {
	path := writeConfig(t, "/queue tree\nadd name=upload parent=ether2 max-limit=9M\nadd name=up-voip parent=upload packet-mark=voip priority=1\n")
	s, lines, err := Office(path, OfficeMapping{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lines[:2], "\n"); got != "WAN = ether2 (parent of upload queue tree upload, "+path+":2)\nLAN = ether1 (the config names no interface besides the WAN; RouterOS default configuration port)" {
		t.Errorf("lines:\n%s", got)
	}
	if s.Lab.WAN.Interface != "ether2" || s.Lab.LAN.Interface != "ether1" {
		t.Errorf("lab %+v", s.Lab)
	}
	path = writeConfig(t, "/ip firewall filter\nadd chain=input action=accept in-interface=bridge src-address=10.0.0.0/24\n")
	if _, lines, err = Office(path, OfficeMapping{}); err != nil || lines[0] != "WAN = ether1 (the config names no interface besides the LAN; RouterOS default configuration port)" {
		t.Errorf("LAN only: %v %q", err, lines)
	}
	// A flag for one side of a config that names nothing.
	path = writeConfig(t, "/ip service disable telnet\n")
	if _, lines, err = Office(path, OfficeMapping{WAN: "ether2"}); err != nil || lines[1] != "LAN = ether1 (the config names no interface; RouterOS default configuration port)" {
		t.Errorf("--wan ether2 on a config naming nothing: %v %q", err, lines)
	}
}

// A config that names no interface at all (management hardening only)
// runs on the default ports; a service it disables is not expected open
// from the LAN.
func TestOfficeNoInterfaces(t *testing.T) {
	path := writeConfig(t, "/ip service disable telnet\n/ip service set ssh address=10.1.1.0/24\n/user add name=ops password=x group=full\n")
	s, lines, err := Office(path, OfficeMapping{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Lab.WAN.Interface != "ether1" || s.Lab.LAN.Interface != "ether2" || lines[0] != "WAN = ether1 (the config names no interface; RouterOS default configuration port)" {
		t.Errorf("lab %+v lines %q", s.Lab, lines)
	}
	if len(s.Variants) != 1 || s.Variants[0].Name != "baseline" {
		t.Errorf("variants %+v", s.Variants)
	}
	names := strings.Join(s.ClassNames(), " ")
	if strings.Contains(names, "lan-ssh") || !strings.Contains(names, "lan-winbox") || !strings.Contains(names, "wan-telnet") {
		t.Errorf("classes %s", names)
	}
	if !strings.Contains(strings.Join(lines, "\n"), "Probe lan-ssh left out: the config does not let 192.168.88.2 (lan1) reach ssh ("+path+":2)") {
		t.Errorf("lines:\n%s", strings.Join(lines, "\n"))
	}
}

// Bad flag values are reported against the flag, with the loader's own
// message; a bad value the config gave names the flag that overrides it.
func TestOfficeBadValues(t *testing.T) {
	path := writeConfig(t, officeCfg)
	for _, c := range []struct {
		m    OfficeMapping
		want []string
	}{
		{OfficeMapping{LANSubnet: "10.0.0.1/24"}, []string{"--lan-subnet 10.0.0.1/24: 10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?"}},
		{OfficeMapping{Uplink: "10Mbps/50MB"}, []string{"--uplink 50MB: rate \"50MB\" is in bytes"}},
		{OfficeMapping{Buffer: "5s"}, []string{"--buffer 5s: must be between 1ms and 2s"}},
		{OfficeMapping{WAN: "bridge"}, nil}, // valid: the LAN moves to ether1
		{OfficeMapping{WAN: "ether1", LAN: "ether1"}, []string{"--wan ether1: lan and wan both use interface ether1"}},
		{OfficeMapping{WANSubnet: "192.168.10.0/25"}, []string{"--wan-subnet 192.168.10.0/25: 192.168.10.0/25 overlaps lan subnet 192.168.10.0/24"}},
		{OfficeMapping{LAN: "ether/2"}, []string{"--lan ether/2: \"ether/2\" is not a valid interface name"}},
		// A value cannot change the rendered YAML's structure.
		{OfficeMapping{LAN: "x\", hosts: 9}\n  wan: {subnet: \"1.0.0.0/8"}, []string{"--lan x\", hosts: 9}\n  wan: {subnet: \"1.0.0.0/8: \"x\\\", hosts: 9}\\n  wan: {subnet: \\\"1.0.0.0/8\" is not a valid interface name"}},
	} {
		_, _, err := Office(path, c.m)
		if c.want == nil {
			if err != nil {
				t.Errorf("%+v: %v", c.m, err)
			}
			continue
		}
		if !errors.Is(err, ErrMapping) {
			t.Errorf("%+v: err %v, want ErrMapping", c.m, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: error lacks %q:\n%v", c.m, w, err)
			}
		}
	}
	// An inferred value the lab cannot use: the message says where it
	// came from and which flag replaces it.
	long := writeConfig(t, "/ip address\nadd address=10.5.0.1/30 interface=ether2\n/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1\n")
	_, _, err := Office(long, OfficeMapping{})
	if !errors.Is(err, ErrMapping) || !strings.Contains(err.Error(), "lab.lan.subnet 10.5.0.0/30 (/ip address 10.5.0.1/30 on ether2, "+long+":2): 10.5.0.0/30 has room for 2 addresses but needs 3 (router + 2 hosts); pass --lan-subnet") {
		t.Errorf("inferred /30: %v", err)
	}
}

func TestOfficeConfigErrors(t *testing.T) {
	if _, _, err := Office(filepath.Join(t.TempDir(), "missing.rsc"), OfficeMapping{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing config: %v", err)
	}
	// Terminal mode: a line the router rejects is left out, the rest
	// still maps.
	path := writeConfig(t, "/ip firewall nat\nadd chain=srcnat action=masquerade out-interface=ether1 bogus=1\nadd chain=srcnat action=masquerade out-interface=ether7\n/ip address\nadd address=192.168.3.1/24 interface=ether2\n")
	_, lines, err := Office(path, OfficeMapping{})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(lines, "\n")
	if !strings.Contains(all, "WAN = ether7 (masquerade out-interface, "+path+":3)") {
		t.Errorf("lines:\n%s", all)
	}
}

func TestOfficeName(t *testing.T) {
	for in, want := range map[string]string{
		"router.rsc":                     "office-router",
		"/x/My Router (1).rsc":           "office-my-router-1",
		"___.rsc":                        "office",
		strings.Repeat("a", 80) + ".rsc": "office-" + strings.Repeat("a", 57),
	} {
		if got := officeName(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestOfficePrivateSources: without NAT in the config the mapping says the
// LAN cannot reach the internet and how to test a router that does NAT
// elsewhere; --private-sources pass turns the ISP's filter off.
func TestOfficePrivateSources(t *testing.T) {
	path := writeConfig(t, "/ip firewall filter\nadd chain=input action=drop in-interface=ether1\n")
	s, lines, err := Office(path, OfficeMapping{})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Lab.Uplink.DropPrivateSources || !strings.Contains(strings.Join(lines, "\n"), "no masquerade or src-nat") {
		t.Errorf("default: drop %v, lines %q", s.Lab.Uplink.DropPrivateSources, lines)
	}
	s, lines, err = Office(path, OfficeMapping{PrivateSources: "pass"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Lab.Uplink.DropPrivateSources || !strings.Contains(strings.Join(lines, "\n"), "--private-sources pass") {
		t.Errorf("pass: drop %v, lines %q", s.Lab.Uplink.DropPrivateSources, lines)
	}
	if _, _, err := Office(path, OfficeMapping{PrivateSources: "block"}); err == nil || !strings.Contains(err.Error(), "expected drop or pass") {
		t.Errorf("bad value: err %v", err)
	}
}

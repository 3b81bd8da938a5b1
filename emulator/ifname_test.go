package emulator_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// longIfaces are RouterOS v6 default port names: the LAN one is longer than
// a Linux device name can be, the WAN one (14 bytes) fits.
var longIfaces = []string{"ether2-master-local", "ether1-gateway"}

// TestGoldenLongInterfaceNames: a config naming ports longer than Linux
// allows translates to rules and queues on the lab's mapped devices, and a
// port the router lacks (wlan1) to a matcher that never matches, with a
// note. testdata/ifnames holds its own golden (go test -update).
func TestGoldenLongInterfaceNames(t *testing.T) {
	plan := checkGoldenPlan(t, "testdata/ifnames/longnames.rsc", longIfaces)

	dev := lab.DeviceNames(longIfaces)["ether2-master-local"]
	if len(dev) > lab.MaxDeviceName || !strings.HasPrefix(dev, "ether2-mast-") {
		t.Fatalf("device of ether2-master-local is %q", dev)
	}
	// The kernel never sees the long name: nft and tc would refuse it.
	for name, text := range map[string]string{"nft": plan.NFT, "tc": strings.Join(mapValues(plan.TC), "")} {
		if strings.Contains(text, `"ether2-master-local"`) || strings.Contains(text, "dev ether2-master-local ") {
			t.Errorf("%s names the RouterOS interface ether2-master-local instead of device %s:\n%s", name, dev, text)
		}
	}
	for _, want := range []string{
		`iifname "` + dev + `" counter accept`, // in-interface=
		`iifname { "` + dev + `" }`,            // in-interface-list=LAN
		`oifname "ether1-gateway"`,             // a name that fits maps to itself
		`iifname "-no-interface-"`,             // in-interface=wlan1
	} {
		if !strings.Contains(plan.NFT, want) {
			t.Errorf("ruleset lacks %q", want)
		}
	}
	if !slices.Contains(plan.Interfaces, dev) || !strings.Contains(plan.TC[dev], "dev "+dev+" ") {
		t.Errorf("no tc batch on %s: interfaces %v", dev, plan.Interfaces)
	}
	notes := strings.Join(plan.Notes, "\n")
	for _, want := range []string{
		"longnames.rsc:10: interface wlan1 is not a port of the lab router (its ports: ether1-gateway, ether2-master-local): filter rule #4 (chain=input) never matches",
		"longnames.rsc:12: interface wlan1 is not a port of the lab router (its ports: ether1-gateway, ether2-master-local): filter rule #6 (chain=forward) matches every packet (out-interface=!wlan1)",
		"member wlan1 is not an interface of the lab router",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// Queue counters are read on the device the queue lives on.
	for _, q := range plan.Queues {
		if q.Name == "lan-port" || q.Name == "WAN-Outbound" {
			continue
		}
		if q.Dev == "ether2-master-local" {
			t.Errorf("queue %s on device %s", q.Name, q.Dev)
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		out = append(out, m[k])
	}
	return out
}

// TestDevicesOverride: Features.Devices names the device of an interface.
func TestDevicesOverride(t *testing.T) {
	src := "/ip firewall filter\nadd chain=forward in-interface=ether2-master-local action=drop\n/queue tree\nadd name=q parent=ether2-master-local max-limit=1M packet-mark=no-mark\n"
	plan, err := emulator.Translate(parse(t, "r.rsc", src), longIfaces,
		emulator.Features{Devices: map[string]string{"ether2-master-local": "lan0", "not-a-port": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.NFT, `iifname "lan0" counter drop`) || plan.TC["lan0"] == "" || plan.Queues[0].Dev != "lan0" {
		t.Errorf("device lan0 not used:\n%s", plan.Render())
	}
}

// TestRouterInterfaceNamedLikeLabDevice: a RouterOS port named mgmt0 is not
// the lab's management link: it gets a device of its own.
func TestRouterInterfaceNamedLikeLabDevice(t *testing.T) {
	src := "/ip firewall filter\nadd chain=input in-interface=mgmt0 action=drop\n"
	plan, err := emulator.Translate(parse(t, "r.rsc", src), []string{"mgmt0", "ether1"}, emulator.Features{MgmtInterface: lab.MgmtInterface})
	if err != nil {
		t.Fatal(err)
	}
	dev := lab.DeviceNames([]string{"mgmt0", "ether1"})["mgmt0"]
	if dev == lab.MgmtInterface || !strings.Contains(plan.NFT, `iifname "`+dev+`" counter drop`) {
		t.Errorf("router port mgmt0 -> device %s:\n%s", dev, plan.NFT)
	}
}

// The devices and names the translation relies on never become a router
// interface's device.
func TestReservedDevices(t *testing.T) {
	for _, n := range []string{emulator.GlobalDev, emulator.NoInterface, lab.MgmtInterface, "lo", "-empty-list-"} {
		if !slices.Contains(lab.ReservedDevices, n) {
			t.Errorf("%s is not in lab.ReservedDevices", n)
		}
	}
}

// TestLongInterfaceNamesInLab builds a lab whose router ports carry RouterOS
// v6 names longer than Linux allows, and checks with real packets that a
// rule naming the LAN port matches, a rule naming a port the router lacks
// never does, and a queue tree on the WAN port counts the packets.
func TestLongInterfaceNamesInLab(t *testing.T) {
	labtest.Require(t)
	ifs := []string{"ether2-master-local", "ether1-gateway-port"}
	src := `/ip firewall filter
add chain=forward in-interface=wlan1 protocol=udp dst-port=3000 action=drop
add chain=forward in-interface=ether2-master-local protocol=udp dst-port=3000 action=accept
/queue tree
add name=up parent=ether1-gateway-port packet-mark=no-mark max-limit=50M
`
	plan, err := emulator.Translate(parse(t, "long.rsc", src), ifs, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	spec := labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond)
	spec.LAN.Interface, spec.WAN.Interface = ifs[0], ifs[1]
	l := labtest.Build(t, spec)
	devs := spec.Devices()
	h, err := l.DUT.Handle()
	if err != nil {
		t.Fatal(err)
	}
	for _, ros := range ifs {
		ln, err := h.LinkByName(devs[ros])
		if err != nil {
			t.Errorf("no device %s for %s: %v", devs[ros], ros, err)
			continue
		}
		if l.Device(ros) != devs[ros] {
			t.Errorf("Lab.Device(%s) = %s, want %s", ros, l.Device(ros), devs[ros])
		}
		// Best effort: kernels before 5.5 have no alternative names.
		if alt := ln.Attrs().AltNames; len(alt) > 0 && !slices.Contains(alt, ros) {
			t.Errorf("device %s has altnames %v, want %s", devs[ros], alt, ros)
		} else {
			t.Logf("%s -> device %s, altnames %v", ros, devs[ros], alt)
		}
	}
	h.Close()
	r := emulator.NewRouter(l.DUT, ifs)
	if err := r.Apply(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	rx := udp(t, l.WANHosts[0], 3000)
	send(t, udp(t, l.LANHosts[0], 0), addrOf(l.WANHosts[0].Addr, 3000), 5, 100)
	got, _ := receive(rx, 300*time.Millisecond)
	c := counters(t, r)
	t.Logf("received %d/5; in-interface=wlan1 drop %d packets, in-interface=ether2-master-local accept %d, queue up %d", got, c[0].Packets, c[1].Packets, c[2].Packets)
	if got != 5 {
		t.Errorf("received %d of 5 datagrams: the rule on a missing port dropped them?", got)
	}
	if c[0].Packets != 0 {
		t.Errorf("in-interface=wlan1 matched %d packets, want 0", c[0].Packets)
	}
	if c[1].Packets != 5 {
		t.Errorf("in-interface=ether2-master-local matched %d packets, want 5", c[1].Packets)
	}
	if c[2].Packets < 5 {
		t.Errorf("queue tree on ether1-gateway-port sent %d packets, want at least 5", c[2].Packets)
	}
}

// TestRouterInterfaceNames: the router speaks RouterOS names and knows the
// device of each (the API's /interface print maps devices back).
func TestRouterInterfaceNames(t *testing.T) {
	r := emulator.NewRouter(&lab.NS{Name: "unused"}, longIfaces)
	dev := r.Device("ether2-master-local")
	if dev != lab.DeviceNames(longIfaces)["ether2-master-local"] || dev == "ether2-master-local" {
		t.Fatalf("Device(ether2-master-local) = %q", dev)
	}
	if got := r.InterfaceName(dev); got != "ether2-master-local" {
		t.Errorf("InterfaceName(%s) = %q", dev, got)
	}
	if got := r.InterfaceName("ether1-gateway"); got != "ether1-gateway" {
		t.Errorf("InterfaceName(ether1-gateway) = %q", got)
	}
	if got := r.InterfaceName(emulator.GlobalDev); got != emulator.GlobalDev {
		t.Errorf("InterfaceName(%s) = %q", emulator.GlobalDev, got)
	}
	if r.Device("wlan1") != "" {
		t.Errorf("Device(wlan1) = %q, want none", r.Device("wlan1"))
	}
}

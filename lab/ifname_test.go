package lab

import (
	"fmt"
	"regexp"
	"testing"
)

func TestDeviceNamesShortNamesMapToThemselves(t *testing.T) {
	got := DeviceNames([]string{"ether2", "ether1", "bridge-local", "ether15-abcdefg"})
	for ros, dev := range got {
		if dev != ros {
			t.Errorf("%s -> %s, want itself", ros, dev)
		}
	}
	if len(got) != 4 {
		t.Errorf("got %d names, want 4: %v", len(got), got)
	}
}

var mappedRE = regexp.MustCompile(`^.{1,11}-[0-9a-f]{3}$`)

func TestDeviceNamesLongAndReserved(t *testing.T) {
	in := []string{"ether2-master-local", "ether1-gateway", "mgmt0", "lo", "qosglobal", ".", "sixteen-chars-ab"}
	got := DeviceNames(in)
	seen := map[string]string{}
	for _, ros := range in {
		dev := got[ros]
		if !validDevice(dev) {
			t.Errorf("%s -> %q: not a valid Linux device name", ros, dev)
		}
		for _, r := range ReservedDevices {
			if dev == r {
				t.Errorf("%s -> %s, a reserved device", ros, dev)
			}
		}
		if other, dup := seen[dev]; dup {
			t.Errorf("%s and %s both -> %s", ros, other, dev)
		}
		seen[dev] = ros
	}
	if got["ether1-gateway"] != "ether1-gateway" {
		t.Errorf("ether1-gateway (14 bytes) -> %s, want itself", got["ether1-gateway"])
	}
	for _, ros := range []string{"ether2-master-local", "mgmt0", "sixteen-chars-ab"} {
		if !mappedRE.MatchString(got[ros]) {
			t.Errorf("%s -> %s, want first 11 bytes, '-', 3 hex digits", ros, got[ros])
		}
	}
	if dev := got["ether2-master-local"]; dev[:12] != "ether2-mast-" {
		t.Errorf("ether2-master-local -> %s, want ether2-mast-XXX", dev)
	}
}

// The lab and the router compute the names separately: the mapping must
// not depend on the order of the names.
func TestDeviceNamesOrderIndependent(t *testing.T) {
	a := DeviceNames([]string{"ether2-master-local", "ether1-gateway-port"})
	b := DeviceNames([]string{"ether1-gateway-port", "ether2-master-local"})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("order changes the mapping: %v vs %v", a, b)
	}
}

// A short name that happens to equal the mapped name of a long one keeps
// it; the long name moves to another hash.
func TestDeviceNamesCollision(t *testing.T) {
	long := "ether2-master-local"
	taken := shortDevice(long, 0)
	got := DeviceNames([]string{long, taken})
	if got[taken] != taken {
		t.Errorf("%s -> %s, want itself", taken, got[taken])
	}
	if got[long] == taken || !mappedRE.MatchString(got[long]) {
		t.Errorf("%s -> %s, want another mapped name than %s", long, got[long], taken)
	}
	// Two long names with the same first 11 bytes never share a device,
	// whatever their hashes.
	names := []string{}
	for i := range 200 {
		names = append(names, fmt.Sprintf("ether2-master-%03d", i))
	}
	m := DeviceNames(names)
	seen := map[string]bool{}
	for _, n := range names {
		if seen[m[n]] {
			t.Fatalf("device %s given twice", m[n])
		}
		seen[m[n]] = true
	}
}

package labtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
)

// Require skips the test, with the reason, unless this process can build
// labs: root, and every needed kernel feature present. The probe really
// creates a namespace rather than trusting the uid.
//
// Under -short (make test-short) it always skips: -short means unprivileged
// unit tests only, even when run as root.
func Require(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("namespace test: -short runs unprivileged unit tests only")
	}
	if os.Geteuid() != 0 {
		t.Skip("namespace test: needs root to create network namespaces (run `sudo make test`)")
	}
	if err := lab.Missing(lab.DetectFeatures(context.Background())); err != nil {
		t.Skipf("namespace test: %v", err)
	}
}

// ID returns a fresh lab id for a test.
func ID(prefix string) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Spec is a small default lab: one LAN and one WAN host.
func Spec(up, down uint64, buffer time.Duration) lab.Spec {
	return lab.Spec{
		LAN:    lab.Segment{Subnet: netip.MustParsePrefix("192.168.88.0/24"), Hosts: 1, Interface: "ether2"},
		WAN:    lab.Segment{Subnet: netip.MustParsePrefix("198.51.100.0/24"), Hosts: 1, Interface: "ether1"},
		Uplink: lab.Uplink{Up: up, Down: down, Buffer: buffer},
	}
}

// Build builds a lab and registers its destruction with t.Cleanup, so it is
// removed even when the test fails; it also checks that nothing of it is left.
func Build(t testing.TB, spec lab.Spec) *lab.Lab {
	t.Helper()
	id := ID("t")
	l, err := lab.Build(context.Background(), id, spec, nil)
	if err != nil {
		t.Fatalf("build lab: %v", err)
	}
	t.Cleanup(func() {
		if err := l.Destroy(); err != nil {
			t.Errorf("destroy lab: %v", err)
		}
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("lab %s still has namespaces after Destroy", id)
		}
	})
	return l
}

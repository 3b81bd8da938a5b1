package schema

import (
	"slices"
	"testing"
)

// The data says what RouterOS says about itself; these are facts of the
// inspect output that the hand-written schema had wrong (issue 13).
func TestFacts(t *testing.T) {
	all := For("")
	nat := all.Menu("/ip/firewall/nat")
	for _, k := range []string{"randomise-ports", "same-not-by-dst", "realm"} {
		if nat.Prop(k) == nil {
			t.Errorf("/ip/firewall/nat lacks %s", k)
		}
	}
	for _, k := range []string{"connection-state", "tcp-flags"} {
		if nat.Prop(k) != nil {
			t.Errorf("/ip/firewall/nat has %s in %v; RouterOS rejects it there", k, nat.Prop(k).In)
		}
	}
	// tls-host in nat: 7.12 has it, 7.16 and later do not.
	if For("7.12").Menu("/ip/firewall/nat").Prop("tls-host") == nil || For("7.16").Menu("/ip/firewall/nat").Prop("tls-host") != nil {
		t.Error("nat tls-host: want it in 7.12 only")
	}
	raw := all.Menu("/ip/firewall/raw")
	for _, k := range []string{"routing-mark", "layer7-protocol"} {
		if raw.Prop(k) != nil {
			t.Errorf("/ip/firewall/raw has %s", k)
		}
	}
	if all.Menu("/ip/firewall/mangle").Prop("hw-offload") != nil {
		t.Error("/ip/firewall/mangle has hw-offload")
	}
	rw := For("7.22").Menu("/ip/firewall/filter").Prop("reject-with")
	if rw == nil || !slices.Contains(rw.Enum, "icmp-net-prohibited") || slices.Contains(rw.Enum, "icmp-network-prohibited") {
		t.Errorf("reject-with enum = %v", rw)
	}
	if all.Menu("/ip/firewall/connection/tracking").Prop("loose-tcp-tracking") == nil {
		t.Error("connection tracking settings missing")
	}
	if all.Menu("/queue/type").Prop("comment") != nil || all.Menu("/ip/service").Prop("comment") != nil {
		t.Error("comment on /queue type or /ip service")
	}
}

func TestFor(t *testing.T) {
	for in, want := range map[string]string{
		"7.16.2": "7.16", "7.16": "7.16", "7.15.3": "7.14-7.16", "7.99": "7", "7.10.2": "7.10", "7.8": "7",
		"7.1.5": "7", "7": "7", "6.49.8": "6", "6": "6", "": "", "5.26": "",
	} {
		if got := For(in).Version; got != want {
			t.Errorf("For(%q) = %q, want %q", in, got, want)
		}
	}
	// The v6 tree lists only the menus it knows.
	if v6 := For("6"); !v6.Partial || v6.Menu("/ip/firewall/filter") == nil || v6.Menu("/container") != nil {
		t.Errorf("v6 tree: partial=%v", v6.Partial)
	}
	// A union knows which versions have a property.
	p := For("7").Menu("/ip/firewall/filter").Prop("chain")
	if len(p.In) != len(Versions())-1 {
		t.Errorf("chain in %v", p.In)
	}
}

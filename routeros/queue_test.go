package routeros

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	good := map[string]uint64{
		"0": 0, "64000": 64000, "512k": 512_000, "512K": 512_000, "10M": 10_000_000, "10m": 10_000_000,
		"1G": 1_000_000_000, "1.5M": 1_500_000, "2.25k": 2250, "1.0": 1, "0.5G": 500_000_000,
		"18446744073709551615": 18446744073709551615, "18446744073G": 18446744073_000_000_000,
	}
	for in, want := range good {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                     `empty rate`,
		"10Mbps":               `invalid rate "10Mbps" (use bits per second, optionally with k, M or G: 512k, 10M)`,
		"10 M":                 `invalid rate "10 M" (use bits per second, optionally with k, M or G: 512k, 10M)`,
		"M":                    `invalid rate "M" (use bits per second, optionally with k, M or G: 512k, 10M)`,
		"-1":                   `invalid rate "-1" (use bits per second, optionally with k, M or G: 512k, 10M)`,
		"1.":                   `invalid rate "1." (use bits per second, optionally with k, M or G: 512k, 10M)`,
		".5M":                  `invalid rate ".5M" (use bits per second, optionally with k, M or G: 512k, 10M)`,
		"1.5":                  `invalid rate "1.5" (not a whole number of bits per second)`,
		"1.0001k":              `invalid rate "1.0001k" (not a whole number of bits per second)`,
		"18446744073709551616": `rate "18446744073709551616" is too large`,
		"18446744074G":         `rate "18446744074G" is too large`,
		"18446744073709551.9k": `rate "18446744073709551.9k" is too large`,
	}
	for in, want := range bad {
		if _, err := ParseRate(in); err == nil || err.Error() != want {
			t.Errorf("ParseRate(%q) = %v, want %s", in, err, want)
		}
	}
}

func TestDecodeQueueTree(t *testing.T) {
	c := mustParse(t, `/queue tree
add name=root parent=ether1 max-limit=100M
add name=voip parent=root packet-mark=voip,sip limit-at=512k max-limit=100M priority=1 \
    queue=pcq-upload-default bucket-size=0.2 comment="voice" disabled=yes
add name=rest parent=root packet-mark=no-mark burst-limit=0 burst-time=0s
add name=burst parent=root packet-mark="" burst-limit=20M burst-threshold=5M burst-time=8s
`)
	var got []QueueTree
	for _, it := range c.Items {
		q, err := DecodeQueueTree(it)
		if err != nil {
			t.Fatal(err)
		}
		if q.Item != it {
			t.Errorf("queue does not point at its item")
		}
		q.Item = nil
		got = append(got, *q)
	}
	want := []QueueTree{
		{Name: "root", Parent: "ether1", MaxLimit: 100_000_000, Priority: 8, Queue: "default-small", BucketSize: 0.1},
		{Name: "voip", Parent: "root", PacketMarks: []string{"voip", "sip"}, LimitAt: 512_000, MaxLimit: 100_000_000,
			Priority: 1, Queue: "pcq-upload-default", BucketSize: 0.2, Comment: "voice", Disabled: true},
		{Name: "rest", Parent: "root", PacketMarks: []string{"no-mark"}, Priority: 8, Queue: "default-small", BucketSize: 0.1},
		{Name: "burst", Parent: "root", Priority: 8, Queue: "default-small", BucketSize: 0.1,
			BurstLimit: 20_000_000, BurstThreshold: 5_000_000, BurstTime: 8 * time.Second},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}

	var unsupported [][]string
	for _, it := range c.Items {
		q, _ := DecodeQueueTree(it)
		unsupported = append(unsupported, q.Unsupported())
	}
	// Burst is modelled (the emulator runs it): nothing is unsupported.
	if want := [][]string{nil, nil, nil, nil}; !reflect.DeepEqual(unsupported, want) {
		t.Errorf("Unsupported() = %q, want %q", unsupported, want)
	}

	if _, err := DecodeQueueTree(&Item{Menu: MenuFilter}); err == nil || err.Error() != "/ip/firewall/filter is not /queue/tree" {
		t.Errorf("DecodeQueueTree(filter) = %v", err)
	}
	if _, err := DecodeQueueTree(&Item{Menu: MenuQueueTree, Props: []Prop{{"name", "x"}}}); err == nil ||
		err.Error() != `missing property "parent" in /queue/tree add` {
		t.Errorf("DecodeQueueTree(no parent) = %v", err)
	}
}

// TestTreeParentV5 checks that the global parents of RouterOS v5 are
// refused as v6 and v7 refuse them, with the version in the message, and
// that in terminal mode the queue and its children are left out.
func TestTreeParentV5(t *testing.T) {
	src := "/queue tree\nadd name=root parent=global-total\nadd name=voip parent=root packet-mark=voip\nadd name=ok parent=global packet-mark=x\n"
	_, err := ParseRSC("q.rsc", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "RouterOS v5 and earlier") || !strings.Contains(err.Error(), "q.rsc:2:") {
		t.Fatalf("err = %v, want a v5 parent error at line 2", err)
	}
	cfg, err := ParseRSCOptions("q.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cfg.Menu(MenuQueueTree)); got != 1 {
		t.Errorf("terminal mode kept %d queues, want 1 (only parent=global)", got)
	}
	if len(cfg.Rejected) != 2 {
		t.Errorf("rejected = %v, want the v5 root and its child", cfg.Rejected)
	}
}

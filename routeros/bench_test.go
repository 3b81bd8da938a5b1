package routeros

import (
	"fmt"
	"strings"
	"testing"
)

// blocklist is a script adding n address-list entries, the shape of the
// public blocklists people import (tens of thousands of entries).
func blocklist(n int) []byte {
	var b strings.Builder
	b.WriteString("/ip firewall address-list\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "add list=blocklist address=10.%d.%d.%d comment=\"entry %d\"\n", i>>16&255, i>>8&255, i&255, i)
	}
	return []byte(b.String())
}

// BenchmarkParseAddressList100k parses 100k address-list entries. Target
// (issue 14): under 2 s per parse, strict and terminal mode alike.
func BenchmarkParseAddressList100k(b *testing.B) {
	src := blocklist(100000)
	for _, mode := range []struct {
		name string
		opt  ParseOptions
	}{{"strict", ParseOptions{}}, {"terminal", ParseOptions{Terminal: true}}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				cfg, err := ParseRSCOptions("blocklist.rsc", src, mode.opt)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(cfg.Items); n != 100000 {
					b.Fatalf("%d items, want 100000", n)
				}
			}
		})
	}
}

// BenchmarkParseSimpleQueues10k parses 10k named simple queues, whose
// names are checked for duplicates as each is added.
func BenchmarkParseSimpleQueues10k(b *testing.B) {
	var s strings.Builder
	s.WriteString("/queue simple\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&s, "add name=q%d target=10.%d.%d.%d/32 max-limit=10M/10M\n", i, i>>16&255, i>>8&255, i&255)
	}
	src := []byte(s.String())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseRSC("queues.rsc", src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBigScriptKeepsChecks checks that a blocklist-sized script is still
// checked whole: a duplicate queue name after tens of thousands of
// entries is refused, in both modes, and an entry edited by number deep in
// the list is found. (Before the name index and the copy-on-write
// snapshots, this took minutes.)
func TestBigScriptKeepsChecks(t *testing.T) {
	n := 20000
	src := string(blocklist(n)) +
		"/queue simple\nadd name=q target=10.0.0.1/32\n/ip firewall address-list\n" +
		string(blocklist(n))[len("/ip firewall address-list\n"):] +
		"set 39999 comment=last\n/queue simple\nadd name=q target=10.0.0.2/32\n"
	_, err := ParseRSC("big.rsc", []byte(src))
	want := fmt.Sprintf(`big.rsc:%d:10: duplicate name "q" in /queue/simple (first used at %d:10)`, 2*n+7, n+3)
	if err == nil || err.Error() != want {
		t.Fatalf("strict: %v, want %s", err, want)
	}
	c, err := ParseRSCOptions("big.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rejected) != 1 || c.Rejected[0].Error() != want {
		t.Fatalf("terminal rejected %v, want %s", c.Rejected, want)
	}
	entries := c.Menu(MenuAddressList)
	if len(entries) != 2*n {
		t.Fatalf("%d entries, want %d", len(entries), 2*n)
	}
	if v, _ := entries[2*n-1].Get("comment"); v != "last" {
		t.Errorf("set 39999 changed the wrong entry: the last has comment %q", v)
	}
}

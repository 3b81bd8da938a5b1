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

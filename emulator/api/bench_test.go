package api

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkPrintQuery prints 500 queue-tree items through a query and a
// proplist, in-process (no network, fake backend).
func BenchmarkPrintQuery(b *testing.B) {
	s := NewServer(Config{Backend: &fakeBackend{}, User: "u", Password: "p"})
	ctx := context.Background()
	for i := range 500 {
		words := []string{"/queue/tree/add", fmt.Sprintf("=name=q%d", i), "=parent=ether1", fmt.Sprintf("=priority=%d", 1+i%8)}
		if _, err := s.exec(ctx, "/queue/tree", "add", parseRequest(words)); err != nil {
			b.Fatal(err)
		}
	}
	req := parseRequest([]string{"/queue/tree/print", "?priority=1", "?priority=2", "?#|", "=.proplist=.id,name"})
	b.ReportAllocs()
	for b.Loop() {
		out, err := s.exec(ctx, "/queue/tree", "print", req)
		if err != nil || len(out) != 127 {
			b.Fatalf("%d replies, %v", len(out), err)
		}
	}
}

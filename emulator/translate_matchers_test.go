package emulator

import (
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

// TestNFTMatchersComplete checks the emulator's matcher table against the
// one list of matchers: every matcher routeros decodes (so rules using it
// reach the translator) has a row, and every row is a matcher.
func TestNFTMatchersComplete(t *testing.T) {
	rows := map[string]bool{}
	for _, nm := range nftMatchers {
		if rows[nm.key] {
			t.Errorf("row %q twice", nm.key)
		}
		rows[nm.key] = true
		if m := routeros.LookupMatcher(nm.key); m == nil || m.Decode == nil {
			t.Errorf("row %q: not a matcher routeros decodes", nm.key)
		}
	}
	for _, m := range routeros.Matchers {
		if m.Decode != nil && !rows[m.Key] {
			t.Errorf("matcher %q is decoded but the emulator has no row for it: rules using it would lose the matcher", m.Key)
		}
	}
}

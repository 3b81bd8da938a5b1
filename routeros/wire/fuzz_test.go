package wire

import (
	"errors"
	"io"
	"slices"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder. It must never panic,
// never return a word over the limits, and whatever it decodes must
// re-encode to exactly the bytes it consumed (modulo skipped empty
// sentences).
func FuzzDecode(f *testing.F) {
	f.Add(AppendSentence(nil, "/login", "=name=admin", "=password=secret"))
	f.Add(AppendSentence(nil, "/ip/firewall/filter/print", "?chain=forward", "?#|", ".tag=1"))
	f.Add([]byte{0x80, 0x80})
	f.Add([]byte{0xF0, 0x00, 0x00, 0x01, 0x00})
	f.Add([]byte{0xF8})
	f.Add([]byte{0, 0, 1, 'a', 0})
	lim := Limits{MaxWord: 4096, MaxWords: 64, MaxSentence: 16384}
	f.Fuzz(func(t *testing.T, b []byte) {
		for range 64 {
			words, rest, err := Decode(b, lim)
			if err != nil {
				if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
					errors.Is(err, ErrWordTooLong) || errors.Is(err, ErrSentenceTooLong) || errors.Is(err, ErrControlByte) {
					return
				}
				t.Fatalf("unexpected error kind: %v", err)
			}
			if len(words) == 0 || len(words) > lim.MaxWords {
				t.Fatalf("decoded %d words", len(words))
			}
			total := 0
			for _, w := range words {
				if w == "" || len(w) > lim.MaxWord {
					t.Fatalf("bad word length %d", len(w))
				}
				total += len(w)
			}
			if total > lim.MaxSentence {
				t.Fatalf("sentence of %d bytes", total)
			}
			consumed := b[:len(b)-len(rest)]
			enc := AppendSentence(nil, words...)
			again, rest2, err := Decode(enc, lim)
			if err != nil || len(rest2) != 0 || !slices.Equal(again, words) {
				t.Fatalf("re-encoding does not decode to the same words: %v", err)
			}
			if len(consumed) < len(enc) {
				// Skipped empty sentences and non-minimal prefixes make the
				// input longer than the canonical encoding, never shorter.
				t.Fatalf("consumed %d bytes for a sentence whose shortest encoding is %d", len(consumed), len(enc))
			}
			b = rest
		}
	})
}

package wire

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestAppendLength(t *testing.T) {
	cases := []struct {
		n    int
		want []byte
	}{
		{0, []byte{0x00}},
		{1, []byte{0x01}},
		{0x7F, []byte{0x7F}},
		{0x80, []byte{0x80, 0x80}},
		{0x3FFF, []byte{0xBF, 0xFF}},
		{0x4000, []byte{0xC0, 0x40, 0x00}},
		{0x1FFFFF, []byte{0xDF, 0xFF, 0xFF}},
		{0x200000, []byte{0xE0, 0x20, 0x00, 0x00}},
		{0xFFFFFFF, []byte{0xEF, 0xFF, 0xFF, 0xFF}},
		{0x10000000, []byte{0xF0, 0x10, 0x00, 0x00, 0x00}},
		{MaxLength, []byte{0xF0, 0xFF, 0xFF, 0xFF, 0xFF}},
	}
	for _, c := range cases {
		got := AppendLength(nil, c.n)
		if !bytes.Equal(got, c.want) {
			t.Errorf("AppendLength(%#x) = % X, want % X", c.n, got, c.want)
		}
		// The decoder reads the same prefix back (without a body: only the
		// length is checked here).
		rd := NewReader(bytes.NewReader(got), Limits{})
		n, err := rd.readLength()
		if err != nil || n != c.n {
			t.Errorf("readLength(% X) = %#x, %v; want %#x", got, n, err, c.n)
		}
	}
}

func TestAppendLengthPanicsOutOfRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AppendLength(-1) did not panic")
		}
	}()
	AppendLength(nil, -1)
}

func TestRoundTripSizes(t *testing.T) {
	lim := Limits{MaxWord: 0x200001, MaxSentence: 0x400000}
	for _, n := range []int{1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1FFFFF, 0x200000} {
		w := strings.Repeat("x", n)
		enc := AppendSentence(nil, "/cmd", w)
		got, rest, err := Decode(enc, lim)
		if err != nil {
			t.Fatalf("size %#x: %v", n, err)
		}
		if len(rest) != 0 || len(got) != 2 || got[0] != "/cmd" || got[1] != w {
			t.Fatalf("size %#x: got %d words, %d bytes left", n, len(got), len(rest))
		}
	}
}

func TestDecodeSequence(t *testing.T) {
	var b []byte
	b = append(b, 0, 0) // empty sentences are skipped
	b = AppendSentence(b, "/login", "=name=admin", "=password=")
	b = AppendSentence(b, "/ip/firewall/filter/print", ".tag=7")
	var got [][]string
	for {
		w, rest, err := Decode(b, Limits{})
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, w)
		b = rest
	}
	want := [][]string{{"/login", "=name=admin", "=password="}, {"/ip/firewall/filter/print", ".tag=7"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	long := AppendSentence(nil, strings.Repeat("a", 0x81))
	cases := []struct {
		name string
		in   []byte
		lim  Limits
		want error
	}{
		{"control byte", []byte{0xF8}, Limits{}, ErrControlByte},
		{"control byte 0xFF", []byte{0xFF, 1, 2}, Limits{}, ErrControlByte},
		{"word over limit", long, Limits{MaxWord: 0x80}, ErrWordTooLong},
		{"huge announced length", []byte{0xF0, 0xFF, 0xFF, 0xFF, 0xFF}, Limits{}, ErrWordTooLong},
		{"too many words", AppendSentence(nil, "a", "b", "c"), Limits{MaxWords: 2}, ErrSentenceTooLong},
		{"sentence bytes", AppendSentence(nil, "abc", "def"), Limits{MaxSentence: 5}, ErrSentenceTooLong},
		{"truncated prefix", []byte{0xC0, 0x40}, Limits{}, io.ErrUnexpectedEOF},
		{"truncated word", []byte{5, 'a', 'b'}, Limits{}, io.ErrUnexpectedEOF},
		{"no terminator", []byte{1, 'a'}, Limits{}, io.ErrUnexpectedEOF},
		{"empty", nil, Limits{}, io.EOF},
	}
	for _, c := range cases {
		_, _, err := Decode(c.in, c.lim)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.WriteSentence("!done", "=ret=*A"); err != nil {
		t.Fatal(err)
	}
	want := []byte{5, '!', 'd', 'o', 'n', 'e', 7, '=', 'r', 'e', 't', '=', '*', 'A', 0}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("wrote % X, want % X", buf.Bytes(), want)
	}
}

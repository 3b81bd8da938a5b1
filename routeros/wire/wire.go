package wire

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// Errors the decoder returns for input it refuses. They are wrapped with
// context; test with errors.Is.
var (
	// ErrWordTooLong is returned for a word longer than Limits.MaxWord.
	ErrWordTooLong = errors.New("wire: word too long")
	// ErrSentenceTooLong is returned for a sentence with more than
	// Limits.MaxWords words or Limits.MaxSentence bytes.
	ErrSentenceTooLong = errors.New("wire: sentence too long")
	// ErrControlByte is returned for a length whose first byte is one of the
	// reserved control bytes 0xF8..0xFF.
	ErrControlByte = errors.New("wire: reserved control byte")
)

// MaxLength is the largest word length the encoding can express
// (the 5-byte form carries a 32-bit length).
const MaxLength = 1<<32 - 1

// Limits bound what a Reader accepts. Zero fields take the defaults of
// DefaultLimits.
type Limits struct {
	MaxWord     int // bytes in one word
	MaxWords    int // words in one sentence
	MaxSentence int // bytes of all words of one sentence
}

// DefaultLimits are generous for configuration work (an /export reply is
// written, never read, by the server) and small enough that a hostile peer
// cannot exhaust memory.
var DefaultLimits = Limits{MaxWord: 64 << 10, MaxWords: 1024, MaxSentence: 256 << 10}

func (l Limits) withDefaults() Limits {
	if l.MaxWord <= 0 {
		l.MaxWord = DefaultLimits.MaxWord
	}
	if l.MaxWords <= 0 {
		l.MaxWords = DefaultLimits.MaxWords
	}
	if l.MaxSentence <= 0 {
		l.MaxSentence = DefaultLimits.MaxSentence
	}
	return l
}

// AppendLength appends the encoded length n to dst:
//
//	0 ≤ n ≤ 0x7F           1 byte   n
//	0x80 ≤ n ≤ 0x3FFF      2 bytes  n | 0x8000
//	0x4000 ≤ n ≤ 0x1FFFFF  3 bytes  n | 0xC00000
//	0x200000 ≤ n ≤ 0xFFFFFFF 4 bytes n | 0xE0000000
//	larger                 5 bytes  0xF0, then n as 4 bytes
//
// All forms are big-endian. n must be in [0, MaxLength].
func AppendLength(dst []byte, n int) []byte {
	switch {
	case n < 0 || uint64(n) > MaxLength:
		panic(fmt.Sprintf("wire: length %d out of range", n))
	case n < 0x80:
		return append(dst, byte(n))
	case n < 0x4000:
		return append(dst, byte(n>>8)|0x80, byte(n))
	case n < 0x200000:
		return append(dst, byte(n>>16)|0xC0, byte(n>>8), byte(n))
	case n < 0x10000000:
		return append(dst, byte(n>>24)|0xE0, byte(n>>16), byte(n>>8), byte(n))
	default:
		return append(dst, 0xF0, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
}

// AppendWord appends one encoded word to dst.
func AppendWord(dst []byte, w string) []byte {
	return append(AppendLength(dst, len(w)), w...)
}

// AppendSentence appends the words and the terminating empty word to dst.
func AppendSentence(dst []byte, words ...string) []byte {
	for _, w := range words {
		dst = AppendWord(dst, w)
	}
	return append(dst, 0)
}

// Reader reads sentences from a byte stream with bounded memory. It is not
// safe for concurrent use.
type Reader struct {
	r   *bufio.Reader
	lim Limits
}

// NewReader returns a Reader on r with the given limits.
func NewReader(r io.Reader, lim Limits) *Reader {
	return &Reader{r: bufio.NewReader(r), lim: lim.withDefaults()}
}

// readLength decodes one length prefix.
func (rd *Reader) readLength() (int, error) {
	b0, err := rd.r.ReadByte()
	if err != nil {
		return 0, err
	}
	var extra int
	var n uint32
	switch {
	case b0 < 0x80:
		return int(b0), nil
	case b0 < 0xC0:
		extra, n = 1, uint32(b0&0x3F)
	case b0 < 0xE0:
		extra, n = 2, uint32(b0&0x1F)
	case b0 < 0xF0:
		extra, n = 3, uint32(b0&0x0F)
	case b0 == 0xF0:
		extra, n = 4, 0
	default:
		return 0, fmt.Errorf("%w 0x%02X", ErrControlByte, b0)
	}
	for range extra {
		b, err := rd.r.ReadByte()
		if err != nil {
			return 0, noEOF(err)
		}
		n = n<<8 | uint32(b)
	}
	return int(n), nil
}

// noEOF turns io.EOF in the middle of a sentence into io.ErrUnexpectedEOF,
// so that io.EOF means a clean end between sentences.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ReadSentence reads the next non-empty sentence and returns its words.
// Empty sentences (a lone zero-length word) are skipped, as RouterOS does.
// It returns io.EOF only when the stream ends cleanly between sentences.
// After an error other than a limit error the stream position is
// undefined; callers should close the connection on any error.
func (rd *Reader) ReadSentence() ([]string, error) {
	var words []string
	total := 0
	for {
		n, err := rd.readLength()
		if err != nil {
			if len(words) > 0 {
				err = noEOF(err)
			}
			return nil, err
		}
		if n == 0 {
			if len(words) == 0 {
				continue
			}
			return words, nil
		}
		if n > rd.lim.MaxWord {
			return nil, fmt.Errorf("%w: %d bytes (limit %d)", ErrWordTooLong, n, rd.lim.MaxWord)
		}
		if len(words) >= rd.lim.MaxWords {
			return nil, fmt.Errorf("%w: more than %d words", ErrSentenceTooLong, rd.lim.MaxWords)
		}
		if total+n > rd.lim.MaxSentence {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrSentenceTooLong, rd.lim.MaxSentence)
		}
		total += n
		buf := make([]byte, n)
		if _, err := io.ReadFull(rd.r, buf); err != nil {
			return nil, noEOF(err)
		}
		words = append(words, string(buf))
	}
}

// Decode decodes one sentence from the start of b and returns its words and
// the rest of b. It is ReadSentence over a byte slice: an incomplete
// sentence gives io.ErrUnexpectedEOF, an empty b gives io.EOF.
func Decode(b []byte, lim Limits) (words []string, rest []byte, err error) {
	cr := &countReader{b: b}
	rd := NewReader(cr, lim)
	// bufio would read ahead; size it so we can compute what was consumed.
	words, err = rd.ReadSentence()
	if err != nil {
		return nil, b, err
	}
	used := cr.n - rd.r.Buffered()
	return words, b[used:], nil
}

type countReader struct {
	b []byte
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	if c.n >= len(c.b) {
		return 0, io.EOF
	}
	k := copy(p, c.b[c.n:])
	c.n += k
	return k, nil
}

// Writer writes sentences. Each WriteSentence issues one Write call, so
// sentences from several goroutines never interleave if callers serialise
// WriteSentence (Writer itself is not safe for concurrent use).
type Writer struct {
	w   io.Writer
	buf []byte
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// WriteSentence encodes words as one sentence and writes it.
func (wr *Writer) WriteSentence(words ...string) error {
	wr.buf = AppendSentence(wr.buf[:0], words...)
	_, err := wr.w.Write(wr.buf)
	if cap(wr.buf) > 1<<20 {
		wr.buf = nil // do not keep a huge export buffer around
	}
	return err
}

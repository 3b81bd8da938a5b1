package scenarios

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// Scenario files are untrusted input: a small file nested deeply, or one huge
// string, made the YAML parser use gigabytes. Both limits are checked before
// the parser sees the bytes; real scenarios are a few KiB and a handful of
// levels deep.
const (
	// MaxFileSize is the largest scenario file accepted, in bytes.
	MaxFileSize = 1 << 20
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth = 32
)

// DurationRange is the range of a duration field, shared by the scenario's
// validation and by every flag that overrides the field, so the two cannot
// drift.
type DurationRange struct {
	Min, Max         time.Duration
	MinText, MaxText string // as written in messages ("1s", "1h")
}

// Check returns an error when d is outside the range.
func (r DurationRange) Check(d time.Duration) error {
	if d < r.Min || d > r.Max {
		return fmt.Errorf("must be between %s and %s, got %s", r.MinText, r.MaxText, d)
	}
	return nil
}

// Ranges of the scenario's top-level duration fields. The upper bound of
// Duration is also what keeps a run's memory bounded (its time series grow
// with the measured window).
var (
	DurationLimits = DurationRange{Min: time.Second, Max: time.Hour, MinText: "1s", MaxText: "1h"}
	WarmupLimits   = DurationRange{Min: 0, Max: time.Minute, MinText: "0s", MaxText: "60s"}
	// BufferLimits is the range of an uplink's buffer (lab.uplink.buffer,
	// run --buffer).
	BufferLimits = DurationRange{Min: time.Millisecond, Max: 2 * time.Second, MinText: "1ms", MaxText: "2s"}
)

// readLimited reads path, refusing files over MaxFileSize without reading
// them whole (a FIFO or /dev/zero has no size to stat).
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// checkLimits reports a file over MaxFileSize or nested deeper than MaxDepth.
// The depth comes from the YAML tokens (so quotes, comments and block
// scalars are read as YAML reads them): flow brackets open a level each, and
// block structure opens one per indentation column in use, "- - x" included.
func (d *decoder) checkLimits(data []byte) bool {
	if len(data) > MaxFileSize {
		d.report(Pos{}, "", "file is larger than %d bytes (%d KiB), the limit for a scenario file", MaxFileSize, MaxFileSize>>10)
		return false
	}
	flow := 0
	var indents []int
	line := 0
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk.Position == nil {
			continue
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(0, flow-1)
		case token.CommentType:
			continue
		}
		if flow == 0 && (tk.Position.Line != line || tk.Type == token.SequenceEntryType) {
			c := tk.Position.Column
			for len(indents) > 0 && indents[len(indents)-1] > c {
				indents = indents[:len(indents)-1]
			}
			if len(indents) == 0 || indents[len(indents)-1] < c {
				indents = append(indents, c)
			}
		}
		line = tk.Position.Line
		if depth := flow + len(indents); depth > MaxDepth {
			d.report(Pos{Line: tk.Position.Line, Col: tk.Position.Column}, "", "nested more than %d levels deep, the limit for a scenario file", MaxDepth)
			return false
		}
	}
	return true
}

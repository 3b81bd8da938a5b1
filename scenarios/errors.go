package scenarios

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/metrics"
)

// ErrInvalid is the sentinel for a scenario that failed to parse or validate.
// errors.Is(err, ErrInvalid) holds for every *Error and ErrorList returned by
// this package, so callers can map it to the "invalid scenario" exit code.
var ErrInvalid = errors.New("invalid scenario")

// Pos is a 1-based position in a scenario file. The zero Pos means "no
// position" (for example a required top-level key that is missing).
type Pos struct{ Line, Col int }

// IsValid reports whether p points somewhere in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as "LINE:COL", or "" for the zero Pos.
func (p Pos) String() string {
	if !p.IsValid() {
		return ""
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// less orders positions by line, then column; the zero Pos sorts first.
func (p Pos) less(q Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Error is one problem found in a scenario file.
type Error struct {
	File      string // scenario file name as given to Load or Parse; may be ""
	Line, Col int    // 1-based; zero when the problem has no single position
	Field     string // dotted path of the offending value, e.g. "traffic[1].flows"; may be ""
	Msg       string
}

// Error formats the problem as "FILE:LINE:COL: FIELD: MSG", leaving out the
// parts that are empty or zero.
func (e *Error) Error() string {
	var b strings.Builder
	loc := e.File
	if e.Line > 0 {
		if loc != "" {
			loc += ":"
		}
		loc += strconv.Itoa(e.Line)
		if e.Col > 0 {
			loc += ":" + strconv.Itoa(e.Col)
		}
	}
	if loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes errors.Is(e, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one scenario file, sorted by position.
// Load and Parse return an ErrorList (never a bare *Error) when the file is
// invalid, so callers can print all problems in one go.
type ErrorList []*Error

// Error returns one problem per line, without a trailing newline.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Is makes errors.Is(l, ErrInvalid) true.
func (l ErrorList) Is(target error) bool { return target == ErrInvalid }

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sortAndDedup orders l by line and column, keeping the order of discovery
// among equal positions, and drops exact duplicates (a value reached through
// several YAML aliases is checked, and would be reported, more than once).
func (l ErrorList) sortAndDedup() ErrorList {
	slices.SortStableFunc(l, func(a, b *Error) int {
		pa, pb := Pos{a.Line, a.Col}, Pos{b.Line, b.Col}
		switch {
		case pa.less(pb):
			return -1
		case pb.less(pa):
			return 1
		}
		return 0
	})
	out := l[:0]
	seen := make(map[Error]bool, len(l))
	for _, e := range l {
		if seen[*e] {
			continue
		}
		seen[*e] = true
		out = append(out, e)
	}
	return out
}

// didYouMean spell-checks names against the known ones; the threshold
// grammar in package metrics uses the same rules.
var didYouMean = metrics.DidYouMean

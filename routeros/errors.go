package routeros

import (
	"errors"
	"slices"
	"strconv"
)

// ErrInvalid is the sentinel for a configuration that failed to parse or
// validate. errors.Is(err, ErrInvalid) holds for every *Error and ErrorList
// returned by this package, so callers can map it to the "invalid config"
// exit code.
var ErrInvalid = errors.New("invalid RouterOS config")

// Error is one problem found in a RouterOS script or item.
type Error struct {
	File      string // script name as given to ParseRSC; "" for items built in code
	Line, Col int    // 1-based; zero when the problem has no single position
	Item      string // the command it belongs to, e.g. "/ip/firewall/mangle add"; may be ""
	Msg       string // complete message; it names the item and property when relevant
}

// Error formats the problem as "FILE:LINE:COL: MSG", leaving out the parts
// of the location that are empty or zero.
func (e *Error) Error() string { return location(e.File, e.Line, e.Col) + e.Msg }

// Is makes errors.Is(e, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// location formats "FILE:LINE:COL: " without its empty or zero parts.
func location(file string, line, col int) string {
	loc := file
	if line > 0 {
		if loc != "" {
			loc += ":"
		}
		loc += strconv.Itoa(line)
		if col > 0 {
			loc += ":" + strconv.Itoa(col)
		}
	}
	if loc == "" {
		return ""
	}
	return loc + ": "
}

// ErrorList is every problem found in one script, sorted by position.
// ParseRSC returns an ErrorList (never a bare *Error) when the script is
// invalid, so callers can print all problems in one go.
type ErrorList []*Error

// Error returns one problem per line, without a trailing newline.
func (l ErrorList) Error() string {
	var b []byte
	for i, e := range l {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, e.Error()...)
	}
	return string(b)
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

// err returns l as an error, or nil when l is empty (a nil ErrorList in an
// error interface would not compare equal to nil).
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// sorted orders l by line and column, keeping the order of discovery among
// equal positions.
func (l ErrorList) sorted() ErrorList {
	slices.SortStableFunc(l, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return l
}

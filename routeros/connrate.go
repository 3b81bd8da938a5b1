package routeros

import (
	"fmt"
	"strings"
)

// ConnRateMatch is connection-rate=min-max: the present speed of the
// packet's connection (both directions, bit/s) lies in [Min, Max]; Max 0
// means no upper bound. Neg inverts it.
type ConnRateMatch struct {
	Neg      bool
	Min, Max uint64
}

func parseConnRate(v string) (*ConnRateMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	a, b, ok := strings.Cut(rest, "-")
	bad := fmt.Errorf("invalid connection-rate %q (use min-max in bits per second, 0 = no limit: 200k-0)", v)
	if !ok {
		return nil, bad
	}
	lo, err1 := ParseRate(a)
	hi, err2 := ParseRate(b)
	if err1 != nil || err2 != nil || (hi != 0 && hi < lo) {
		return nil, bad
	}
	return &ConnRateMatch{Neg: neg, Min: lo, Max: hi}, nil
}

func checkConnRate(v string) error {
	// negatable() strips a leading "!" before calling.
	_, err := parseConnRate(v)
	return err
}

package metrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rate grammar: NUMBER [PREFIX] [SUFFIX], spaces allowed before the unit.
// PREFIX is k (or K), M or G, decimal; SUFFIX is bps, bit, bits, bit/s or
// bits/s. A bare NUMBER is an integer number of bits per second.

var ratePrefixes = map[byte]float64{'k': 1e3, 'K': 1e3, 'M': 1e6, 'G': 1e9}

var rateSuffixes = []string{"", "bps", "bit/s", "bits/s", "bit", "bits"}

// ParseRate parses a rate such as "10Mbps", "10Mbit/s", "10M", "1.5Gbps",
// "500kbps" or a plain integer number of bits per second. Prefixes are
// decimal. Byte units (MB, MBps, MB/s) are rejected with the equivalent
// bit rate in the message, because mixing the two is the commonest shaping
// mistake.
func ParseRate(s string) (uint64, error) {
	bps, _, err := ParseBitRate(s)
	if err != nil {
		return 0, err
	}
	return uint64(math.Round(bps)), nil
}

// ParseBitRate returns the rate in bits/s and whether a unit was written.
func ParseBitRate(s string) (float64, bool, error) {
	s = strings.TrimSpace(s)
	num, unit := SplitNumber(s)
	if num == "" {
		return 0, false, fmt.Errorf("invalid rate %q: expected a number with a unit such as 10Mbps", s)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false, fmt.Errorf("invalid rate %q: bad number %q", s, num)
	}
	unit = strings.TrimLeft(unit, " ")
	if unit == "" {
		if strings.Contains(num, ".") {
			return 0, false, fmt.Errorf("invalid rate %q: a plain number is bits per second and must be an integer; add a unit such as Mbps", s)
		}
		return checkRate(s, v, false)
	}
	mult, rest := 1.0, unit
	if m, ok := ratePrefixes[unit[0]]; ok {
		mult, rest = m, unit[1:]
	}
	if isByteUnit(rest) {
		prefix := ""
		if mult != 1 {
			prefix = unit[:1]
		}
		return 0, false, fmt.Errorf("rate %q is in bytes; rates are in bits per second: write %s%sbps",
			s, strconv.FormatFloat(v*8, 'f', -1, 64), prefix)
	}
	for _, suf := range rateSuffixes {
		if rest == suf && !(suf == "" && mult == 1) {
			return checkRate(s, v*mult, true)
		}
	}
	hint := "use bps, kbps, Mbps or Gbps (or kbit/s, Mbit/s, ...)"
	if c := unit[0]; c == 'm' || c == 'g' {
		// "10mbps": prefixes are case-sensitive (m would be milli).
		fixed := num + string(c-'a'+'A') + unit[1:]
		if _, _, err := ParseBitRate(fixed); err == nil {
			hint = fmt.Sprintf("prefixes are case-sensitive: did you mean %q?", fixed)
		}
	}
	return 0, false, fmt.Errorf("invalid rate %q: unknown unit %q; %s", s, unit, hint)
}

func checkRate(s string, v float64, hasUnit bool) (float64, bool, error) {
	// A rate beyond uint64 cannot be converted; any such value is far out of
	// every range this package accepts anyway.
	if v > math.MaxUint64/2 {
		return 0, false, fmt.Errorf("invalid rate %q: too large", s)
	}
	return v, hasUnit, nil
}

// isByteUnit reports whether a unit (after its prefix) counts bytes: B, Bps,
// B/s, byte, bytes/s and so on. Bits are always written with a lower-case b.
func isByteUnit(u string) bool {
	return strings.HasPrefix(u, "B") || strings.HasPrefix(strings.ToLower(u), "byte")
}

// SplitNumber splits s into a leading unsigned decimal number (digits with
// at most one dot) and the rest.
func SplitNumber(s string) (num, rest string) {
	i, dot := 0, false
	for i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			i++
			continue
		}
		if c == '.' && !dot {
			dot = true
			i++
			continue
		}
		break
	}
	num = s[:i]
	if num == "." {
		return "", s
	}
	return num, s[i:]
}

// timeUnits are the units of a Time threshold, as multiples of a millisecond.
var timeUnits = map[string]float64{"us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1, "s": 1e3}

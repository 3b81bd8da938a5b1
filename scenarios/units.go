package scenarios

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
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
	bps, _, err := parseRate(s)
	if err != nil {
		return 0, err
	}
	return uint64(math.Round(bps)), nil
}

// parseRate returns the rate in bits/s and whether a unit was written.
func parseRate(s string) (float64, bool, error) {
	s = strings.TrimSpace(s)
	num, unit := splitNumber(s)
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
		if _, _, err := parseRate(fixed); err == nil {
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

// splitNumber splits s into a leading unsigned decimal number (digits with
// at most one dot) and the rest.
func splitNumber(s string) (num, rest string) {
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

// formatRate renders bits/s compactly for messages: 10000000 -> "10Mbps".
func formatRate(bps float64) string {
	switch {
	case bps >= 1e9:
		return strconv.FormatFloat(bps/1e9, 'f', -1, 64) + "Gbps"
	case bps >= 1e6:
		return strconv.FormatFloat(bps/1e6, 'f', -1, 64) + "Mbps"
	case bps >= 1e3:
		return strconv.FormatFloat(bps/1e3, 'f', -1, 64) + "kbps"
	}
	return strconv.FormatFloat(bps, 'f', -1, 64) + "bps"
}

// parseDuration is time.ParseDuration with messages written for scenario
// authors rather than Go programmers.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err == nil {
		return d, nil
	}
	if num, rest := splitNumber(strings.TrimSpace(s)); num != "" && rest == "" {
		return 0, fmt.Errorf("duration %q has no unit: write e.g. %ss or %sms", s, num, num)
	}
	return 0, fmt.Errorf("invalid duration %q: use Go syntax such as 30s, 200ms, 1m30s", s)
}

// dscpNames maps the DiffServ code point names accepted in scenarios to
// their values (RFC 2474 class selectors, RFC 2597 AF, RFC 3246 EF).
var dscpNames = func() map[string]uint8 {
	m := map[string]uint8{"be": 0, "ef": 46}
	for i := range uint8(8) {
		m["cs"+strconv.Itoa(int(i))] = i * 8
	}
	for class := uint8(1); class <= 4; class++ {
		for drop := uint8(1); drop <= 3; drop++ {
			m[fmt.Sprintf("af%d%d", class, drop)] = class*8 + drop*2
		}
	}
	return m
}()

// dscpNameList is the accepted names in a stable order, for suggestions.
var dscpNameList = []string{
	"be", "ef", "cs0", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7",
	"af11", "af12", "af13", "af21", "af22", "af23", "af31", "af32", "af33", "af41", "af42", "af43",
}

var errDSCP = errors.New("use a number 0..63 or a name: be, ef, cs0..cs7, af11..af43")

// ParseDSCP parses a DiffServ code point written as a name (be, ef, cs0..cs7,
// af11..af43; case-insensitive) or a decimal number 0..63.
func ParseDSCP(s string) (uint8, error) {
	s = strings.TrimSpace(s)
	if v, ok := dscpNames[strings.ToLower(s)]; ok {
		return v, nil
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		if n > 63 {
			return 0, fmt.Errorf("DSCP %d out of range: %w", n, errDSCP)
		}
		return uint8(n), nil
	}
	return 0, fmt.Errorf("unknown DSCP %q%s: %w", s, didYouMean(strings.ToLower(s), dscpNameList), errDSCP)
}

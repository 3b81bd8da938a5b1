package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/metrics"
)

// ParseRate parses a rate such as "10Mbps", "10Mbit/s", "10M", "1.5Gbps",
// "500kbps" or a plain integer number of bits per second (metrics.ParseRate:
// the grammar is shared with throughput thresholds).
func ParseRate(s string) (uint64, error) { return metrics.ParseRate(s) }

// parseRate returns the rate in bits/s and whether a unit was written.
func parseRate(s string) (float64, bool, error) { return metrics.ParseBitRate(s) }

// splitNumber splits s into a leading unsigned decimal number and the rest.
func splitNumber(s string) (num, rest string) { return metrics.SplitNumber(s) }

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

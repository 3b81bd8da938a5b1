package scenarios

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"
)

// SeedClaims is one row of scenarios/seeds/claims.tsv: which claims of a
// seed scenario hold when it runs for Duration, as H (holds) and F (does
// not) in the scenario's order, and why the failing ones fail. The seed
// library's tests read it for every router kind they check.
type SeedClaims struct {
	Name     string
	Claims   string
	Duration time.Duration
	Why      string
	// RouterOS and RouterOSWhy, when set, are the verdicts on a real
	// router managed through its API (kind routeros) and why they differ.
	RouterOS, RouterOSWhy string
}

// ReadSeedClaims reads a claims table: tab-separated name, claims,
// duration, an optional reason, and optional claims and reason for kind
// routeros; lines starting with # are comments.
func ReadSeedClaims(path string) ([]SeedClaims, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []SeedClaims
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 3 {
			return nil, fmt.Errorf("%s:%d: want name, claims and duration separated by tabs", path, n)
		}
		d, err := time.ParseDuration(fs[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: duration: %w", path, n, err)
		}
		if strings.Trim(fs[1], "HF") != "" {
			return nil, fmt.Errorf("%s:%d: claims %q: want H and F only", path, n, fs[1])
		}
		c := SeedClaims{Name: fs[0], Claims: fs[1], Duration: d}
		if len(fs) > 3 {
			c.Why = fs[3]
		}
		if len(fs) > 4 {
			if strings.Trim(fs[4], "HF") != "" || len(fs[4]) != len(fs[1]) {
				return nil, fmt.Errorf("%s:%d: routeros claims %q: want one H or F per claim", path, n, fs[4])
			}
			c.RouterOS = fs[4]
		}
		if len(fs) > 5 {
			c.RouterOSWhy = fs[5]
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

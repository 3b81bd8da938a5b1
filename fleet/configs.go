package fleet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	afleet "github.com/qosbench/qosbench/analysis/fleet"
)

// ErrUsage marks a command-line mistake (bad --shard, no configs, two
// configs with one name).
var ErrUsage = errors.New("fleet")

// Expand returns the configs that paths name: a file is itself, a
// directory every *.rsc file directly in it. The list is sorted and
// without duplicates, so every machine given the same paths sees the same
// order. Two configs with the same base name are an error: each writes
// OUT/<name>/.
func Expand(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: config: %w", ErrUsage, err)
		}
		if !fi.IsDir() {
			if !seen[filepath.Clean(p)] {
				seen[filepath.Clean(p)] = true
				out = append(out, filepath.Clean(p))
			}
			continue
		}
		ms, err := filepath.Glob(filepath.Join(p, "*.rsc"))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrUsage, p, err)
		}
		if len(ms) == 0 {
			return nil, fmt.Errorf("%w: %s: no .rsc files in the directory", ErrUsage, p)
		}
		for _, m := range ms {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	sort.Strings(out)
	names := map[string]string{}
	for _, c := range out {
		n := afleet.Name(c)
		if prev, ok := names[n]; ok {
			return nil, fmt.Errorf("%w: %s and %s have the same name %q (each config writes OUT/%s/): rename one", ErrUsage, prev, c, n, n)
		}
		names[n] = c
	}
	return out, nil
}

// Shard is shard K of N (1 <= K <= N). The zero value is "no sharding".
type Shard struct{ K, N int }

// String is "K/N", or "1/1" for the zero value.
func (s Shard) String() string {
	if s.N == 0 {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// Owns reports whether the config at index i (0-based, in Expand's order)
// belongs to this shard: i mod N = K-1. Together the N shards own every
// index exactly once.
func (s Shard) Owns(i int) bool {
	if s.N <= 1 {
		return true
	}
	return i%s.N == s.K-1
}

// ParseShard parses "K/N".
func ParseShard(v string) (Shard, error) {
	k, n, ok := strings.Cut(v, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%w: --shard %q: want K/N, for example 2/4", ErrUsage, v)
	}
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("%w: --shard %q: K and N must be whole numbers", ErrUsage, v)
	}
	return newShard(ki, ni, "--shard "+v)
}

func newShard(k, n int, what string) (Shard, error) {
	if n < 1 || k < 1 || k > n {
		return Shard{}, fmt.Errorf("%w: %s: need 1 <= K <= N (got K=%d, N=%d)", ErrUsage, what, k, n)
	}
	return Shard{K: k, N: n}, nil
}

// Environment variables read by ShardFromEnv.
const (
	// EnvCompletionIndex is set by Kubernetes in each pod of an Indexed
	// Job: 0 .. completions-1.
	EnvCompletionIndex = "JOB_COMPLETION_INDEX"
	// EnvShards gives N when --shards is not passed.
	EnvShards = "QOSBENCH_SHARDS"
)

// ShardFromEnv builds the shard of a Kubernetes Indexed Job's pod: K is
// JOB_COMPLETION_INDEX+1, N is n when non-zero, else QOSBENCH_SHARDS.
// getenv is os.Getenv in production. Without JOB_COMPLETION_INDEX it
// returns the zero Shard and no error.
func ShardFromEnv(getenv func(string) string, n int) (Shard, error) {
	idx := getenv(EnvCompletionIndex)
	if idx == "" {
		if n > 0 {
			return Shard{}, fmt.Errorf("%w: --shards %d without %s: pass --shard K/N, or run in an Indexed Job", ErrUsage, n, EnvCompletionIndex)
		}
		return Shard{}, nil
	}
	i, err := strconv.Atoi(idx)
	if err != nil {
		return Shard{}, fmt.Errorf("%w: %s=%q is not a number", ErrUsage, EnvCompletionIndex, idx)
	}
	if n == 0 {
		v := getenv(EnvShards)
		if v == "" {
			return Shard{}, fmt.Errorf("%w: %s is set but the number of shards is not: pass --shards N or set %s (the Job's completions)", ErrUsage, EnvCompletionIndex, EnvShards)
		}
		if n, err = strconv.Atoi(v); err != nil {
			return Shard{}, fmt.Errorf("%w: %s=%q is not a number", ErrUsage, EnvShards, v)
		}
	}
	return newShard(i+1, n, fmt.Sprintf("%s=%s with %d shards", EnvCompletionIndex, idx, n))
}

// Select returns the configs (and their indices in configs) that s owns.
func (s Shard) Select(configs []string) (owned []string, idx []int) {
	for i, c := range configs {
		if s.Owns(i) {
			owned = append(owned, c)
			idx = append(idx, i)
		}
	}
	return owned, idx
}

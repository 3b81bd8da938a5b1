package fleet_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	afleet "github.com/qosbench/qosbench/analysis/fleet"
	"github.com/qosbench/qosbench/fleet"
)

func touch(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("/system identity set name=x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpand(t *testing.T) {
	d := t.TempDir()
	touch(t, filepath.Join(d, "fleet", "c.rsc"), filepath.Join(d, "fleet", "a.rsc"), filepath.Join(d, "fleet", "notes.txt"),
		filepath.Join(d, "fleet", "sub", "z.rsc"), filepath.Join(d, "extra", "b.rsc"), filepath.Join(d, "other", "a.rsc"))
	got, err := fleet.Expand([]string{filepath.Join(d, "fleet"), filepath.Join(d, "extra", "b.rsc"), filepath.Join(d, "fleet", "a.rsc")})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, g := range got {
		r, _ := filepath.Rel(d, g)
		rel = append(rel, r)
	}
	// Sorted, once each, only .rsc directly in the directory.
	if s := strings.Join(rel, " "); s != "extra/b.rsc fleet/a.rsc fleet/c.rsc" {
		t.Errorf("got %s", s)
	}
	if _, err := fleet.Expand([]string{filepath.Join(d, "fleet"), filepath.Join(d, "other")}); !errors.Is(err, fleet.ErrUsage) || !strings.Contains(err.Error(), `same name "a"`) {
		t.Errorf("two configs named a: %v", err)
	}
	if _, err := fleet.Expand([]string{filepath.Join(d, "fleet", "sub", "..", "..", "nothing")}); !errors.Is(err, fleet.ErrUsage) {
		t.Errorf("missing path: %v", err)
	}
	empty := filepath.Join(d, "empty")
	os.Mkdir(empty, 0o755)
	if _, err := fleet.Expand([]string{empty}); err == nil || !strings.Contains(err.Error(), "no .rsc files") {
		t.Errorf("empty directory: %v", err)
	}
}

// For every N, the N shards together own every config exactly once, and
// their sizes differ by at most one.
func TestShardsPartition(t *testing.T) {
	for total := 0; total <= 13; total++ {
		configs := make([]string, total)
		for i := range configs {
			configs[i] = fmt.Sprintf("c%02d.rsc", i)
		}
		for n := 1; n <= 7; n++ {
			owner := map[string]int{}
			minSize, maxSize := total, 0
			for k := 1; k <= n; k++ {
				s, err := fleet.ParseShard(fmt.Sprintf("%d/%d", k, n))
				if err != nil {
					t.Fatal(err)
				}
				owned, idx := s.Select(configs)
				for j, c := range owned {
					if _, dup := owner[c]; dup {
						t.Fatalf("%d configs, %d shards: %s in shards %d and %d", total, n, c, owner[c], k)
					}
					owner[c] = k
					if idx[j]%n != k-1 {
						t.Errorf("shard %d/%d owns index %d", k, n, idx[j])
					}
				}
				minSize, maxSize = min(minSize, len(owned)), max(maxSize, len(owned))
			}
			if len(owner) != total {
				t.Errorf("%d configs, %d shards: %d owned", total, n, len(owner))
			}
			if total > 0 && maxSize-minSize > 1 {
				t.Errorf("%d configs, %d shards: sizes %d..%d", total, n, minSize, maxSize)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, bad := range []string{"0/2", "3/2", "1/0", "2", "a/b", "1/-1", ""} {
		if _, err := fleet.ParseShard(bad); !errors.Is(err, fleet.ErrUsage) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if s, err := fleet.ParseShard("2/4"); err != nil || s != (fleet.Shard{K: 2, N: 4}) {
		t.Errorf("2/4: %v %v", s, err)
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		env   func(string) string
		n     int
		want  fleet.Shard
		error string
	}{
		{env(), 0, fleet.Shard{}, ""},
		{env(fleet.EnvCompletionIndex, "0"), 3, fleet.Shard{K: 1, N: 3}, ""},
		{env(fleet.EnvCompletionIndex, "2", fleet.EnvShards, "3"), 0, fleet.Shard{K: 3, N: 3}, ""},
		{env(fleet.EnvCompletionIndex, "2", fleet.EnvShards, "9"), 3, fleet.Shard{K: 3, N: 3}, ""}, // the flag wins
		{env(fleet.EnvCompletionIndex, "3"), 3, fleet.Shard{}, "need 1 <= K <= N"},
		{env(fleet.EnvCompletionIndex, "1"), 0, fleet.Shard{}, "pass --shards N or set QOSBENCH_SHARDS"},
		{env(fleet.EnvCompletionIndex, "x"), 2, fleet.Shard{}, "is not a number"},
		{env(), 2, fleet.Shard{}, "without JOB_COMPLETION_INDEX"},
	} {
		got, err := fleet.ShardFromEnv(c.env, c.n)
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%+v: error %v, want %q", c, err, c.error)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("got %v, %v; want %v", got, err, c.want)
		}
	}
}

// A config that cannot be tested is recorded and the rest still run;
// progress counts configs and estimates the time left from the mean.
func TestRunRecordsFailuresAndGoesOn(t *testing.T) {
	d := t.TempDir()
	configs := []string{filepath.Join(d, "a.rsc"), filepath.Join(d, "b.rsc"), filepath.Join(d, "c.rsc")}
	touch(t, configs...)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var progress []fleet.Progress
	out := filepath.Join(d, "out")
	outs, err := fleet.Run(context.Background(), configs, fleet.Options{
		Out: out,
		Now: clock,
		RunConfig: func(ctx context.Context, config, dir string) (*analysis.Results, error) {
			now = now.Add(10 * time.Second)
			switch afleet.Name(config) {
			case "a":
				return nil, &fleet.StageError{Stage: afleet.StageParse, Err: errors.New("a.rsc:1:1: bad")}
			case "b":
				return &analysis.Results{Pass: false}, nil
			}
			return &analysis.Results{Pass: true}, nil
		},
		Progress: func(p fleet.Progress) { progress = append(progress, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	var v []string
	for _, o := range outs {
		v = append(v, o.Verdict)
	}
	if strings.Join(v, " ") != "error fail pass" {
		t.Errorf("verdicts %v", v)
	}
	f, err := afleet.Merge("", out)
	if err != nil || len(f.Configs) != 1 || f.Configs[0].Stage != afleet.StageParse || f.Configs[0].Error != "a.rsc:1:1: bad" || f.Configs[0].ConfigSHA256 == "" {
		t.Errorf("error record: %v %+v", err, f)
	}
	if len(progress) != 3 || progress[0].Index != 1 || progress[0].Total != 3 || progress[0].Remaining != 20*time.Second || progress[2].Remaining != 0 || progress[1].Took != 10*time.Second {
		t.Errorf("progress %+v", progress)
	}
}

// Cancellation and ErrStop end the fleet at once, without recording the
// config as broken.
func TestRunStops(t *testing.T) {
	d := t.TempDir()
	configs := []string{filepath.Join(d, "a.rsc"), filepath.Join(d, "b.rsc")}
	touch(t, configs...)
	for _, stop := range []error{fleet.ErrStop, context.Canceled} {
		calls := 0
		outs, err := fleet.Run(context.Background(), configs, fleet.Options{Out: filepath.Join(d, "out"),
			RunConfig: func(ctx context.Context, config, dir string) (*analysis.Results, error) {
				calls++
				return nil, fmt.Errorf("not root: %w", stop)
			}})
		if !errors.Is(err, stop) || calls != 1 || len(outs) != 0 {
			t.Errorf("%v: err %v, %d calls, %d outcomes", stop, err, calls, len(outs))
		}
		if _, err := os.Stat(filepath.Join(d, "out", "a", afleet.ErrorFile)); err == nil {
			t.Errorf("%v: recorded as the config's error", stop)
		}
	}
}

package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/qosbench/qosbench/routeros"
)

// FileResult is one config's lint.
type FileResult struct {
	Path     string
	Config   *routeros.Config
	Findings []Finding
}

// LintFiles lints every config that paths name (a file is itself, a
// directory every *.rsc directly in it, sorted), on every core: linting is
// pure CPU and each file is independent. Results come back in input order,
// whatever order the workers finish in. The error names the first path
// that cannot be read; nothing is linted then.
func LintFiles(paths []string, opt Options) ([]FileResult, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		ms, err := filepath.Glob(filepath.Join(p, "*.rsc"))
		if err != nil {
			return nil, fmt.Errorf("lint: %s: %w", p, err)
		}
		if len(ms) == 0 {
			return nil, fmt.Errorf("lint: %s: no .rsc files in the directory", p)
		}
		sort.Strings(ms)
		files = append(files, ms...)
	}
	srcs := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
		srcs[i] = b
	}
	out := make([]FileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(files))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				cfg, fs := LintSource(files[i], srcs[i], opt)
				out[i] = FileResult{Path: files[i], Config: cfg, Findings: fs}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, nil
}

package fleet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/routeros/lint"
)

// SchemaID identifies the fleet format. It changes only when a field changes
// meaning or is removed; new fields are added under the same ID.
const SchemaID = "qosbench.fleet/v1"

// SchemaMinor counts the optional fields added under SchemaID.
const SchemaMinor = 0

// ErrorSchemaID identifies a ConfigError file.
const ErrorSchemaID = "qosbench.config-error/v1"

// Output file names.
const (
	// FleetFile is the merged fleet record.
	FleetFile = "fleet.json"
	// ErrorFile is what a config that could not be tested leaves in its
	// output directory, in place of results.json.
	ErrorFile = "error.json"
)

// ErrDuplicate is wrapped by Merge when two records name the same config.
var ErrDuplicate = errors.New("config recorded twice")

// ErrSchema is wrapped when a fleet file is missing its schema or has another.
var ErrSchema = errors.New("unsupported fleet schema")

// Verdicts of a config.
const (
	// Pass: every variant and comparison passed.
	Pass = "pass"
	// Fail: the run completed and at least one threshold or comparison
	// failed.
	Fail = "fail"
	// Error: the config could not be tested (parse, deploy or run error).
	Error = "error"
)

// Stages at which a config can fail to be tested.
const (
	StageParse  = "parse"  // the config or the scenario built for it is invalid
	StageDeploy = "deploy" // the lab or the deployment failed
	StageRun    = "run"    // traffic or measurement failed
)

// ConfigError records a config that could not be tested.
type ConfigError struct {
	// Schema is ErrorSchemaID.
	Schema string `json:"schema"`
	// Config is the config's path as given.
	Config string `json:"config"`
	// ConfigSHA256 is the hex SHA-256 of the config file; empty when it
	// could not be read.
	ConfigSHA256 string `json:"config_sha256,omitempty"`
	// Stage is StageParse, StageDeploy or StageRun.
	Stage string `json:"stage"`
	// Error is the error's text, with file and line where known.
	Error string `json:"error"`
	// Lint holds the linter's findings, when the config could be read.
	Lint []lint.Finding `json:"lint,omitempty"`
	// At is when the error happened.
	At time.Time `json:"at"`
}

// WriteError writes e as dir/error.json, creating dir, and removes a stale
// results.json there (a directory holds one outcome).
func WriteError(dir string, e ConfigError) error {
	e.Schema = ErrorSchemaID
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("fleet: create %s: %w", dir, err)
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("fleet: encode error record: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, analysis.ResultsFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("fleet: remove stale results: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, ErrorFile), append(b, '\n'), 0o644)
}

// Fleet is the merged record of many configs' runs.
type Fleet struct {
	// Schema is SchemaID; SchemaMinor the writer's SchemaMinor.
	Schema      string `json:"schema"`
	SchemaMinor int    `json:"schema_minor,omitempty"`
	// Pass is true when every config passed (and there is at least one).
	Pass bool `json:"pass"`
	// Passed, Failed and Errors count the configs by verdict.
	Passed int `json:"passed"`
	Failed int `json:"failed"`
	Errors int `json:"errors"`
	// Configs holds one entry per config, worst first (see Sort).
	Configs []Config `json:"configs"`
}

// Config is one config's outcome in a fleet.
type Config struct {
	// Name is the config's file name without .rsc: its key in the fleet.
	Name string `json:"name"`
	// Config is the config's path as the run was given it.
	Config string `json:"config"`
	// ConfigSHA256 is the hex SHA-256 of the config; compare uses it to
	// tell a changed config from an unchanged one.
	ConfigSHA256 string `json:"config_sha256,omitempty"`
	// Verdict is Pass, Fail or Error.
	Verdict string `json:"verdict"`
	// Stage and Error say why a config with verdict Error was not tested.
	Stage string `json:"stage,omitempty"`
	Error string `json:"error,omitempty"`
	// WorstClass is the traffic class with the most failed thresholds
	// (ties: the first in scenario order); empty when none failed.
	WorstClass string `json:"worst_class,omitempty"`
	// FailedThresholds lists each failed threshold as
	// "VARIANT: CLASS EXPR (measured VALUE)", and each failed comparison.
	FailedThresholds []string `json:"failed_thresholds,omitempty"`
	// Thresholds counts the thresholds and comparisons evaluated.
	Thresholds int `json:"thresholds"`
	// LintErrors and LintWarnings count the linter's findings; LintErrorText
	// gives each error finding as "LINE: [check] message".
	LintErrors    int      `json:"lint_errors"`
	LintWarnings  int      `json:"lint_warnings"`
	LintErrorText []string `json:"lint_error_text,omitempty"`
	// Dir is the config's output directory, relative to the fleet's output
	// directory when the fleet was written (so the report links work), else
	// as found.
	Dir string `json:"dir"`
	// DurationS is the measured duration per variant, in seconds.
	DurationS float64 `json:"duration_s,omitempty"`
	// StartedAt is when the config's run started.
	StartedAt time.Time `json:"started_at,omitzero"`
}

// Name is the fleet key of a config path: its base name without ".rsc".
func Name(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".rsc")
}

// FromResults summarises one config's results.
func FromResults(r *analysis.Results, dir string) Config {
	c := Config{
		Name:         Name(r.Scenario.Config),
		Config:       r.Scenario.Config,
		ConfigSHA256: r.Scenario.ConfigSHA256,
		Verdict:      Pass,
		Dir:          dir,
		DurationS:    r.Scenario.DurationS,
		StartedAt:    r.StartedAt,
	}
	if !r.Pass {
		c.Verdict = Fail
	}
	failedBy := map[string]int{}
	var order []string
	for _, v := range r.Variants {
		for _, t := range v.Thresholds {
			c.Thresholds++
			if t.Pass {
				continue
			}
			if _, seen := failedBy[t.Class]; !seen {
				order = append(order, t.Class)
			}
			failedBy[t.Class]++
			c.FailedThresholds = append(c.FailedThresholds, fmt.Sprintf("%s: %s %s (%s)", v.Name, t.Class, t.Expr, measured(t)))
		}
	}
	for _, cr := range r.Comparisons {
		c.Thresholds++
		if !cr.Pass {
			c.FailedThresholds = append(c.FailedThresholds, "comparison: "+cr.Expr)
		}
	}
	for _, class := range order {
		if c.WorstClass == "" || failedBy[class] > failedBy[c.WorstClass] {
			c.WorstClass = class
		}
	}
	c.addLint(r.Lint)
	return c
}

// measured is a threshold's measured value as the table shows it.
func measured(t analysis.ThresholdResult) string {
	switch {
	case t.ValueText != "":
		return "measured " + t.ValueText
	case t.Value != nil:
		return "measured " + analysis.FormatMetric(t.Metric, *t.Value)
	case t.Reason != "":
		return t.Reason
	}
	return "not measured"
}

// FromError summarises a config that could not be tested.
func FromError(e *ConfigError, dir string) Config {
	c := Config{
		Name:         Name(e.Config),
		Config:       e.Config,
		ConfigSHA256: e.ConfigSHA256,
		Verdict:      Error,
		Stage:        e.Stage,
		Error:        e.Error,
		Dir:          dir,
		StartedAt:    e.At,
	}
	c.addLint(e.Lint)
	return c
}

func (c *Config) addLint(fs []lint.Finding) {
	c.LintErrors, c.LintWarnings, _ = lint.Counts(fs)
	for _, f := range fs {
		if f.Severity == lint.Error {
			c.LintErrorText = append(c.LintErrorText, fmt.Sprintf("%s[%s] %s", lint.Location(f), f.Check, f.Message))
		}
	}
}

// Merge reads every results.json and error.json under dirs (recursively)
// and returns the fleet, worst first. A config found twice (two shards
// that overlap, or a directory given twice) is an error wrapping
// ErrDuplicate that names both places: a fleet names each config once.
// Directories are recorded relative to base when base is not empty.
func Merge(base string, dirs ...string) (*Fleet, error) {
	f := &Fleet{Schema: SchemaID, SchemaMinor: SchemaMinor}
	where := map[string]string{}
	add := func(c Config, path string) error {
		if prev, ok := where[c.Name]; ok {
			return fmt.Errorf("fleet: config %q in %s and in %s: %w", c.Name, prev, path, ErrDuplicate)
		}
		where[c.Name] = path
		f.Configs = append(f.Configs, c)
		return nil
	}
	seenDir := map[string]bool{}
	for _, root := range dirs {
		abs, err := filepath.Abs(root)
		if err != nil {
			return nil, fmt.Errorf("fleet: %s: %w", root, err)
		}
		if seenDir[abs] {
			continue // the same directory given twice is read once
		}
		seenDir[abs] = true
		if _, err := os.Stat(root); err != nil {
			return nil, fmt.Errorf("fleet: %w", err)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			dir := recordDir(base, filepath.Dir(path))
			switch d.Name() {
			case analysis.ResultsFile:
				r, err := analysis.ReadResults(path)
				if err != nil {
					return err
				}
				return add(FromResults(r, dir), path)
			case ErrorFile:
				e, err := readError(path)
				if err != nil {
					return err
				}
				return add(FromError(e, dir), path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	f.finish()
	return f, nil
}

// recordDir is dir relative to base when both are known, with slashes.
func recordDir(base, dir string) string {
	if base != "" {
		ab, err1 := filepath.Abs(base)
		ad, err2 := filepath.Abs(dir)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(ab, ad); err == nil {
				dir = rel
			}
		}
	}
	return filepath.ToSlash(dir)
}

func readError(path string) (*ConfigError, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	var e ConfigError
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("fleet: %s: decode: %w", path, err)
	}
	if e.Schema != ErrorSchemaID {
		return nil, fmt.Errorf("fleet: %s: schema %q, want %q: %w", path, e.Schema, ErrorSchemaID, ErrSchema)
	}
	return &e, nil
}

// finish counts the verdicts, sets Pass and sorts the configs.
func (f *Fleet) finish() {
	f.Passed, f.Failed, f.Errors = 0, 0, 0
	for _, c := range f.Configs {
		switch c.Verdict {
		case Pass:
			f.Passed++
		case Fail:
			f.Failed++
		default:
			f.Errors++
		}
	}
	f.Pass = len(f.Configs) > 0 && f.Passed == len(f.Configs)
	Sort(f.Configs)
}

// Sort orders configs worst first: errors, then failures by the number of
// failed thresholds, then by lint errors and warnings; ties by name.
func Sort(cs []Config) {
	rank := map[string]int{Error: 0, Fail: 1, Pass: 2}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if rank[a.Verdict] != rank[b.Verdict] {
			return rank[a.Verdict] < rank[b.Verdict]
		}
		if len(a.FailedThresholds) != len(b.FailedThresholds) {
			return len(a.FailedThresholds) > len(b.FailedThresholds)
		}
		if a.LintErrors != b.LintErrors {
			return a.LintErrors > b.LintErrors
		}
		if a.LintWarnings != b.LintWarnings {
			return a.LintWarnings > b.LintWarnings
		}
		return a.Name < b.Name
	})
}

// Write writes f to path as indented JSON.
func Write(path string, f *Fleet) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("fleet: encode: %w", err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// IsFleetFile reports whether the JSON file at path declares SchemaID; it
// lets compare take either two runs or two fleets.
func IsFleetFile(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var head struct {
		Schema string `json:"schema"`
	}
	return json.Unmarshal(b, &head) == nil && head.Schema == SchemaID
}

// Read reads a fleet.json written by Write, rejecting another schema with
// an error wrapping ErrSchema.
func Read(path string) (*Fleet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fleet: read: %w", err)
	}
	var f Fleet
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("fleet: %s: not a fleet file: %w", path, err)
	}
	if f.Schema != SchemaID {
		return nil, fmt.Errorf("fleet: %s: schema %q, want %q: %w", path, f.Schema, SchemaID, ErrSchema)
	}
	return &f, nil
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/chr"
)

// ciExample is the example CI workflow of docs/real-routers.md.
const ciExample = "../../examples/ci/github-actions-chr.yml"

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	Name string            `yaml:"name"`
	On   any               `yaml:"on"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		RunsOn string `yaml:"runs-on"`
		Steps  []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			If   string            `yaml:"if"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// invocation is one qosbench command line found in a step's script.
type invocation struct {
	step string
	args []string // after "qosbench"
	line string
}

// TestCIExampleWorkflow: the example workflow parses as YAML, and every
// qosbench command it runs is a valid invocation of this qosbench (the
// subcommand exists, its flags exist and parse, its arguments are the
// right number), with the exit codes and environment it relies on. So a
// renamed flag or a changed exit code cannot leave the example broken.
func TestCIExampleWorkflow(t *testing.T) {
	b, err := os.ReadFile(ciExample)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("%s: %v", ciExample, err)
	}
	if wf.Name == "" || wf.On == nil || len(wf.Jobs) == 0 {
		t.Fatalf("%s: not a workflow (name %q, on %v, %d jobs)", ciExample, wf.Name, wf.On, len(wf.Jobs))
	}
	var calls []invocation
	for jn, j := range wf.Jobs {
		if !strings.HasPrefix(j.RunsOn, "ubuntu") {
			t.Errorf("job %s runs on %q; the example is for GitHub's ubuntu runners (KVM)", jn, j.RunsOn)
		}
		for _, s := range j.Steps {
			if (s.Run == "") == (s.Uses == "") {
				t.Errorf("job %s, step %q: want exactly one of run and uses", jn, s.Name)
			}
			env := map[string]string{}
			for k, v := range wf.Env {
				env[k] = v
			}
			for k, v := range s.Env {
				env[k] = v
			}
			calls = append(calls, qosbenchCalls(t, s.Name, s.Run, env)...)
		}
	}
	seen := map[string]bool{}
	for _, c := range calls {
		sub := checkInvocation(t, c)
		seen[sub] = true
		if sub == "run" {
			if !strings.Contains(c.line, "--dut chr") {
				t.Errorf("step %q: the run is not against kind chr: %s", c.step, c.line)
			}
		}
		if sub == "compare" {
			checkCompare(t, c)
		}
	}
	for _, want := range []string{"run", "compare"} {
		if !seen[want] {
			t.Errorf("the workflow never runs `qosbench %s`", want)
		}
	}
	if _, err := dut.Lookup("chr"); err != nil {
		t.Errorf("the workflow runs --dut chr: %v", err)
	}
	// The run step passes the image the way kind chr reads it, and treats
	// exactly "a threshold failed" as a finished run.
	if !strings.Contains(string(b), chr.EnvImage+":") {
		t.Errorf("the workflow does not set %s, where kind chr looks for the image", chr.EnvImage)
	}
	if want := fmt.Sprintf(`"$rc" != %d`, exitThresholds); !strings.Contains(string(b), want) {
		t.Errorf("the run step should accept exit code %d (a threshold failed): no %q", exitThresholds, want)
	}
}

var shellVar = regexp.MustCompile(`\$\{?([A-Z_][A-Z0-9_]*)\}?`)

// qosbenchCalls finds the qosbench command lines of a step's script: the
// words after "qosbench" (after sudo and its options), up to the end of
// the shell command. Workflow env variables are expanded; ${{ }}
// expressions become a placeholder path.
func qosbenchCalls(t *testing.T, step, script string, env map[string]string) []invocation {
	t.Helper()
	var out []invocation
	script = strings.ReplaceAll(script, "\\\n", " ")
	for _, line := range strings.Split(script, "\n") {
		words := shellWords(t, line)
		for i := 0; i < len(words); i++ {
			w := words[i]
			// The workflow runs qosbench from PATH; a path ending in
			// /qosbench is the binary being installed.
			if w != "qosbench" {
				continue
			}
			var args []string
			for _, a := range words[i+1:] {
				if a == "||" || a == "&&" || a == ";" || a == "|" {
					break
				}
				a = shellVar.ReplaceAllStringFunc(a, func(m string) string {
					name := shellVar.FindStringSubmatch(m)[1]
					if v, ok := env[name]; ok {
						return v
					}
					t.Errorf("step %q: %s is not set by the workflow", step, name)
					return m
				})
				args = append(args, a)
			}
			out = append(out, invocation{step: step, args: args, line: line})
			break
		}
	}
	return out
}

// shellWords splits a command line into words as the shell does for the
// simple lines of a workflow: quotes group, ${{ }} expressions are one
// word, and a comment ends the line.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	in := false
	var quote rune
	flush := func() {
		if in {
			words = append(words, cur.String())
		}
		cur.Reset()
		in = false
	}
	line = regexp.MustCompile(`\$\{\{[^}]*\}\}`).ReplaceAllString(line, "/expr")
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == '#' && !in:
			flush()
			return words
		case r == ' ' || r == '\t':
			flush()
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		t.Errorf("unbalanced quote in %q", line)
	}
	flush()
	return words
}

// checkInvocation resolves the subcommand in this qosbench's command tree,
// parses its flags and checks its arguments; it returns the subcommand's
// path below the root ("run", "lab down").
func checkInvocation(t *testing.T, c invocation) string {
	t.Helper()
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	root := a.rootCmd()
	cmd, rest, err := root.Find(c.args)
	if err != nil || cmd == root {
		t.Errorf("step %q: `qosbench %s`: no such subcommand (%v)", c.step, strings.Join(c.args, " "), err)
		return ""
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("step %q: `qosbench %s`: %v", c.step, strings.Join(c.args, " "), err)
		return ""
	}
	if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
		t.Errorf("step %q: `qosbench %s`: arguments: %v", c.step, strings.Join(c.args, " "), err)
	}
	if f := cmd.Flags().Lookup("dut"); f != nil && f.Value.String() != "" {
		if _, err := dut.Lookup(f.Value.String()); err != nil {
			t.Errorf("step %q: --dut %s: %v", c.step, f.Value, err)
		}
	}
	return strings.TrimPrefix(cmd.CommandPath(), root.Name()+" ")
}

// checkCompare runs the workflow's compare command line for real, with its
// flags and two identical results files in place of the baseline and the
// new run: the flag values (tolerances) must be accepted and it must exit
// 0; a regressed run must exit with the code the workflow's comment names.
func checkCompare(t *testing.T, c invocation) {
	t.Helper()
	base := copyResults(t)
	args := []string{"compare"}
	files := 0
	for i := 1; i < len(c.args); i++ {
		a := c.args[i]
		switch {
		case a == "--out":
			args = append(args, a, filepath.Join(t.TempDir(), "compare"))
			i++
		case strings.HasPrefix(a, "-"):
			args = append(args, a)
			if !strings.Contains(a, "=") && i+1 < len(c.args) {
				args = append(args, c.args[i+1])
				i++
			}
		default:
			files++
			args = append(args, base)
		}
	}
	if files != 2 {
		t.Fatalf("step %q: compare takes BASE.json NEW.json, the workflow gives %d files: %s", c.step, files, c.line)
	}
	code, out, errs := qb(t, args...)
	if code != exitOK {
		t.Errorf("step %q: %v on two identical runs: exit %d, want 0\n%s%s", c.step, args, code, out, errs)
	}
	if b, _ := os.ReadFile(ciExample); !strings.Contains(string(b), fmt.Sprintf("Exit code %d means a regression", exitRegression)) {
		t.Errorf("the workflow's compare step should say exit code %d is a regression", exitRegression)
	}
}

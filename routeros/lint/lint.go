package lint

import (
	"regexp"

	"fmt"
	rosschema "github.com/qosbench/qosbench/routeros/schema"
	"os"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Severity says how bad a finding is.
type Severity int

const (
	// Info is advice: the config works as written, but could work better.
	Info Severity = iota
	// Warning is a mistake the router accepts: packets are treated
	// differently from what the config's author evidently meant.
	Warning
	// Error is a command the router rejects, or a config that cannot work
	// at all (every packet of a chain dropped before any accept).
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText writes the severity as its String, so JSON holds "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(v string) (Severity, error) {
	switch v {
	case "info":
		return Info, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("lint: unknown severity %q (use info, warning or error)", v)
}

// Finding is one problem of a config.
type Finding struct {
	Severity Severity `json:"severity"`
	// Check is the stable id of the check that found it ("shadowed-rule");
	// docs/lint.md describes every id.
	Check string `json:"check"`
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"` // 1-based; 0 when the finding concerns a default (an /ip service the config never touches)
	Col   int    `json:"col,omitempty"`
	// Item names the rule, queue or service: "/ip firewall filter rule #3
	// chain=input action=accept".
	Item    string `json:"item,omitempty"`
	Message string `json:"message"`
	// Effect says what happens to packets because of it.
	Effect string `json:"effect,omitempty"`
	// Fix is the suggested change, a RouterOS command where one exists.
	Fix string `json:"fix,omitempty"`
}

// Options tune the checks.
type Options struct {
	// Version is the RouterOS version the config is meant for: "6", "7"
	// or a 7.x such as "7.16" (see CheckVersion). It chooses the command
	// tree properties are checked against (package routeros/schema) and
	// the major version of the checks that differ between 6 and 7. Empty:
	// the version of the export header, else unknown (then checks that
	// depend on it report what each version does, and a property any
	// version has is accepted).
	Version string
	// WAN and LAN are the interface names facing the internet and the
	// office. Empty: inferred from the config (masquerade out-interface,
	// interface list "WAN", DHCP client; interface list "LAN", addresses).
	WAN, LAN string
}

// Checks lists every check id with a one-line description, in the order of
// docs/lint.md.
var Checks = []struct{ ID, Doc string }{
	{"rejected", "a command the router rejects (unknown menu, command or property, bad value)"},
	{"other-version", "a property, value or menu of another RouterOS version"},
	{"notice", "something the parser noticed that the router accepts (a user chain no rule jumps to)"},
	{"dead-after-catch-all", "a rule that matches every packet of its chain with a terminal action, before other rules"},
	{"shadowed-rule", "a rule that never matches: an earlier rule of the chain takes all its packets"},
	{"unused-mark", "a packet or connection mark that is set but used by no queue or rule"},
	{"mark-never-set", "a queue or rule waiting for a mark that no mangle rule sets"},
	{"mark-overwritten", "a mark replaced by a later rule of the chain because passthrough is on"},
	{"fasttrack-bypass", "fasttrack takes connections past the mangle rules and queues the config relies on"},
	{"queue-limit-at-sum", "children of a queue guarantee more than their parent has"},
	{"child-max-limit-above-parent", "a child queue's max-limit above its parent's"},
	{"inner-queue-priority", "priority on a queue with children (ignored)"},
	{"priority-without-max-limit", "priorities that never act because a max-limit is 0"},
	{"bucket-size-burst", "the default bucket-size lets children burst past a prioritized parent"},
	{"simple-queue-shadowed", "a simple queue after another with the same or a containing target never gets packets"},
	{"service-open-to-wan", "a management service reachable from the WAN"},
	{"input-no-final-drop", "the input chain accepts what no rule drops"},
	{"no-invalid-drop", "a chain does not drop connection-state=invalid"},
	{"forward-wan-open", "new connections from the WAN are forwarded to the LAN"},
	{"no-firewall", "the config has no filter rules at all"},
	{"mark-one-direction", "a packet mark chosen by port alone marks only one direction of the connections"},
	{"leaf-without-packet-mark", "a queue tree leaf with no packet-mark gets no packets"},
	{"priority-without-limit-at", "a prioritized queue with limit-at=0 has no guarantee"},
	{"invalid-drop-too-late", "the drop of invalid packets comes after accepts that let them through"},
	{"placeholder-password", "a user password that is empty or a placeholder from a guide"},
	{"fasttrack-guard-leaks", "a fasttrack rule's connection-mark guard spares some shaped classes but not others"},
	{"control-in-bulk-fifo", "DNS and ICMP share a small FIFO with bulk traffic"},
	{"shaped-twice", "simple queues and a queue tree under parent=global shape the same traffic"},
}

// Lint runs the checks on the model cfg and returns the findings sorted by
// line, then check id. It does not see the commands cfg.Rejected lists or
// the parser's notices: LintSource and LintFile add those. cfg is not
// changed.
func Lint(cfg *routeros.Config, opt Options) []Finding {
	l := newLinter(cfg, opt, nil)
	l.run()
	return l.sorted()
}

// LintFile parses path as pasting it into a RouterOS terminal would
// (routeros.ParseOptions{Terminal: true}) and lints the result: every
// command the router would reject is an Error finding (with the version
// that has the property, when it belongs to another one), and notices about
// likely mistakes are Info findings. The error is for an unreadable file.
func LintFile(path string, opt Options) (*routeros.Config, []Finding, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("lint: %w", err)
	}
	cfg, fs := LintSource(path, src, opt)
	return cfg, fs, nil
}

// LintSource is LintFile for a script already read; file names it in the
// findings.
func LintSource(file string, src []byte, opt Options) (*routeros.Config, []Finding) {
	// Terminal mode never fails: problems are in cfg.Rejected.
	cfg, _ := routeros.ParseRSCOptions(file, src, routeros.ParseOptions{Terminal: true, Version: opt.Version})
	if cfg == nil {
		cfg = &routeros.Config{Source: file}
	}
	l := newLinter(cfg, opt, src)
	l.rejected()
	l.notices()
	l.run()
	return cfg, l.sorted()
}

// versionRE is the form of Options.Version: a major version, or 6.x / 7.x
// with up to two more numbers.
var versionRE = regexp.MustCompile(`^[67](\.[0-9]+){0,2}$`)

// CheckVersion checks a --version value: "6", "7", or a release such as
// "7.16" or "7.16.2". The error lists the versions whose command tree
// qosbench has.
func CheckVersion(v string) error {
	if v == "" || versionRE.MatchString(v) {
		return nil
	}
	return fmt.Errorf("--version %q: use 6, 7 or a 7.x release (command trees: %s)", v, strings.Join(rosschema.Versions(), ", "))
}

// linter holds one config and what the checks derive from it.
type linter struct {
	cfg      *routeros.Config
	opt      Options
	version  string              // "6", "7" or "" (unknown)
	lines    []string            // source lines, when known (LintFile)
	wan, lan string              // interface names; "" unknown
	wanWhy   string              // how wan was found, for messages
	lists    map[string][]string // interface list name -> member interfaces

	steps       int // rules evaluated by the current walk
	treeCache   []*routeros.QueueTree
	simpleCache []*routeros.SimpleQueue
	rules       map[string][]*rule // by table: filter, mangle, nat, raw; in menu order
	findings    []Finding
}

func newLinter(cfg *routeros.Config, opt Options, src []byte) *linter {
	l := &linter{cfg: cfg, opt: opt, rules: map[string][]*rule{}}
	l.version, _, _ = strings.Cut(opt.Version, ".")
	if l.version == "" {
		l.version, _, _ = strings.Cut(cfg.RouterOSVersion, ".")
	}
	if src != nil {
		l.lines = strings.Split(string(src), "\n")
	}
	keys := keyBits{}
	for _, table := range []string{"filter", "mangle", "nat", "raw"} {
		for i, it := range cfg.Menu(tableMenu[table]) {
			r, err := routeros.DecodeRule(it)
			if err != nil {
				continue // ParseRSC validated it; an item built in code may not be
			}
			l.rules[table] = append(l.rules[table], newRule(r, table, i, &keys))
		}
	}
	l.inferInterfaces()
	return l
}

var tableMenu = map[string]string{"filter": routeros.MenuFilter, "mangle": routeros.MenuMangle,
	"nat": routeros.MenuNAT, "raw": routeros.MenuRaw}

// run makes the checks on the model (everything but rejected and notices).
func (l *linter) run() {
	l.versions()
	l.shadowing()
	l.marks()
	l.overwrittenMarks()
	l.fasttrack()
	l.queueTrees()
	l.simpleQueues()
	l.firewallPolicy()
	l.services()
	l.sohoChecks()
}

// add records a finding.
func (l *linter) add(f Finding) {
	if f.File == "" {
		f.File = l.cfg.Source
	}
	l.findings = append(l.findings, f)
}

// sorted returns the findings by line, then check id, keeping the order of
// discovery otherwise.
func (l *linter) sorted() []Finding {
	out := slices.Clone(l.findings)
	slices.SortStableFunc(out, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Check, b.Check)
	})
	return out
}

// Counts returns how many findings have each severity.
func Counts(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}

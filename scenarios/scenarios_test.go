package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/bulk"
	"github.com/qosbench/qosbench/traffic/voip"
)

func ptr[T any](v T) *T { return &v }

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestLoadFlagship(t *testing.T) {
	file := filepath.Join("testdata", "valid", "voip-under-load.yaml")
	s, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	want := &Scenario{
		File:        mustAbs(t, file),
		Name:        "voip-under-load",
		Description: "Four G.711 calls share a 10 Mbit/s uplink with bulk TCP uploads.",
		DUT:         DUT{Kind: "embedded"},
		Config:      mustAbs(t, filepath.Join("testdata", "valid", "configs", "soho-qos.rsc")),
		ConfigPos:   Pos{4, 9},
		ConfigMode:  ConfigStrict,
		Lab: Lab{
			LAN:    Segment{Subnet: netip.MustParsePrefix("192.168.88.0/24"), Hosts: 2, Interface: "ether2"},
			WAN:    Segment{Subnet: netip.MustParsePrefix("198.51.100.0/24"), Hosts: 1, Interface: "ether1"},
			Uplink: Uplink{Up: 10_000_000, Down: 50_000_000, Buffer: 200 * time.Millisecond},
		},
		Variants: []Variant{
			{Name: "fasttrack=off", Fasttrack: ptr(false)},
			{Name: "fasttrack=on", Fasttrack: ptr(true)},
		},
		Duration: 30 * time.Second,
		Warmup:   2 * time.Second,
		Traffic: []Traffic{
			{Spec: traffic.Spec{Class: "voip", Type: "voip", Direction: "both", DSCP: 46, Options: &voip.Options{Calls: 4, Codec: "g711"}}, Pos: Pos{14, 5}},
			{Spec: traffic.Spec{Class: "bulk", Type: "bulk", Direction: "upload", Options: &bulk.Options{Proto: "tcp", Flows: 4}}, Pos: Pos{15, 5}},
		},
		Thresholds: []Threshold{
			{Class: "voip", Expr: "latency.p99 < 30ms", Metric: "latency.p99", Op: "<", Value: 30, Pos: Pos{17, 10}},
			{Class: "voip", Expr: "jitter < 5ms", Metric: "jitter", Op: "<", Value: 5, Pos: Pos{17, 32}},
			{Class: "voip", Expr: "loss < 1%", Metric: "loss", Op: "<", Value: 0.01, Pos: Pos{17, 48}},
			{Class: "bulk", Expr: "throughput > 5Mbps", Metric: "throughput", Op: ">", Value: 5e6, Pos: Pos{18, 10}},
		},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Load(%s):\n got %+v\nwant %+v", file, s, want)
	}
	if got := s.ClassNames(); !reflect.DeepEqual(got, []string{"voip", "bulk"}) {
		t.Errorf("ClassNames() = %v", got)
	}
}

func TestDefaults(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "valid", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.DUT, DUT{Kind: "embedded"}) {
		t.Errorf("DUT = %+v, want embedded", s.DUT)
	}
	if s.Description != "" {
		t.Errorf("Description = %q", s.Description)
	}
	if got := s.Lab.LAN; got.Hosts != 1 || got.Interface != "ether2" {
		t.Errorf("LAN = %+v, want 1 host on ether2", got)
	}
	if got := s.Lab.WAN; got.Hosts != 1 || got.Interface != "ether1" {
		t.Errorf("WAN = %+v, want 1 host on ether1", got)
	}
	if got := s.Lab.Uplink; got != (Uplink{Up: 1e6, Down: 2e6, Buffer: 100 * time.Millisecond}) {
		t.Errorf("Uplink = %+v", got)
	}
	if !reflect.DeepEqual(s.Variants, []Variant{{Name: "baseline"}}) {
		t.Errorf("Variants = %+v, want one baseline", s.Variants)
	}
	if s.Warmup != 2*time.Second {
		t.Errorf("Warmup = %v, want 2s", s.Warmup)
	}
	wantTraffic := []Traffic{
		{Spec: traffic.Spec{Class: "calls", Type: "voip", Direction: "both", Options: &voip.Options{Calls: 1, Codec: "g711"}}, Pos: Pos{10, 5}},
		{Spec: traffic.Spec{Class: "upload", Type: "bulk", Direction: "upload", Options: &bulk.Options{Proto: "tcp", Flows: 1}}, Pos: Pos{11, 5}},
	}
	if !reflect.DeepEqual(s.Traffic, wantTraffic) {
		t.Errorf("Traffic =\n %+v\nwant\n %+v", s.Traffic, wantTraffic)
	}
	if s.Thresholds != nil {
		t.Errorf("Thresholds = %+v, want none", s.Thresholds)
	}
}

func TestAnchorsAndBlockStyle(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "valid", "anchors.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "anchors.and_merges-2" || s.Description != "Shared settings through anchors.\n" {
		t.Errorf("Name, Description = %q, %q", s.Name, s.Description)
	}
	if !reflect.DeepEqual(s.DUT, DUT{Kind: "routeros", Address: "[2001:db8::1]:8728"}) {
		t.Errorf("DUT = %+v", s.DUT)
	}
	if want := mustAbs(t, filepath.Join("testdata", "valid", "configs", "soho-qos.rsc")); s.Config != want {
		t.Errorf("Config = %q, want %q", s.Config, want)
	}
	if got := s.Lab.Uplink; got != (Uplink{Up: 1_500_000_000, Down: 100_000_000, Buffer: time.Millisecond}) {
		t.Errorf("Uplink = %+v", got)
	}
	if got := s.Lab.LAN; got.Hosts != 16 || got.Interface != "bridge-lan" {
		t.Errorf("LAN = %+v", got)
	}
	wantVariants := []Variant{{Name: "fasttrack=on", Fasttrack: ptr(true)}, {Name: "fasttrack=off", Fasttrack: ptr(false)}}
	if !reflect.DeepEqual(s.Variants, wantVariants) {
		t.Errorf("Variants = %+v", s.Variants)
	}
	if s.Duration != time.Hour || s.Warmup != 0 {
		t.Errorf("Duration, Warmup = %v, %v", s.Duration, s.Warmup)
	}
	wantTraffic := []Traffic{
		{Spec: traffic.Spec{Class: "office", Type: "voip", Direction: "upload", DSCP: 46, Options: &voip.Options{Calls: 20, Codec: "g729"}}, Pos: Pos{32, 5}},
		{Spec: traffic.Spec{Class: "home-office", Type: "voip", Direction: "both", DSCP: 34, Options: &voip.Options{Calls: 1, Codec: "g729"}}, Pos: Pos{36, 5}},
		{Spec: traffic.Spec{Class: "backup", Type: "bulk", Direction: "both", DSCP: 8, Options: &bulk.Options{Proto: "tcp", Flows: 64}}, Pos: Pos{39, 5}},
	}
	if !reflect.DeepEqual(s.Traffic, wantTraffic) {
		t.Errorf("Traffic =\n %+v\nwant\n %+v", s.Traffic, wantTraffic)
	}
	var got []string
	for _, th := range s.Thresholds {
		got = append(got, fmt.Sprintf("%s: %s %s %g", th.Class, th.Metric, th.Op, th.Value))
	}
	want := []string{
		"office: latency.p99 <= 40", "office: loss <= 0.005",
		"home-office: latency.p99 <= 40", "home-office: loss <= 0.005",
		"backup: throughput >= 500000", "backup: throughput < 1.5e+09",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Thresholds =\n %q\nwant\n %q", got, want)
	}
}

// TestParseWithoutFile resolves config against the working directory, which
// is the package directory under go test.
func TestParseWithoutFile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "valid", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "config: configs/", "config: testdata/valid/configs/", 1))
	s, err := Parse("", data)
	if err != nil {
		t.Fatal(err)
	}
	if s.File != "" {
		t.Errorf("File = %q, want empty", s.File)
	}
	if want := mustAbs(t, "testdata/valid/configs/soho-qos.rsc"); s.Config != want {
		t.Errorf("Config = %q, want %q", s.Config, want)
	}

	// Without a file name, errors carry no file part.
	_, err = Parse("", []byte("name: x\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "config: required") {
		t.Errorf("error = %v, want it to start with %q", err, "config: required")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join("testdata", "no-such-file.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
	if errors.Is(err, ErrInvalid) {
		t.Errorf("an unreadable file is not an invalid scenario: %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		err  Error
		want string
	}{
		{Error{File: "a.yaml", Line: 3, Col: 7, Field: "lab.wan", Msg: "required"}, "a.yaml:3:7: lab.wan: required"},
		{Error{File: "a.yaml", Field: "name", Msg: "required"}, "a.yaml: name: required"},
		{Error{File: "a.yaml", Line: 3, Msg: "bad"}, "a.yaml:3: bad"},
		{Error{Line: 3, Col: 1, Msg: "bad"}, "3:1: bad"},
		{Error{Field: "name", Msg: "required"}, "name: required"},
		{Error{Msg: "bad"}, "bad"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%+v.Error() = %q, want %q", tc.err, got, tc.want)
		}
	}
	one := &Error{Msg: "x"}
	list := ErrorList{one, {Msg: "y"}}
	if list.Error() != "x\ny" {
		t.Errorf("ErrorList.Error() = %q", list.Error())
	}
	if !errors.Is(one, ErrInvalid) || !errors.Is(list, ErrInvalid) {
		t.Error("errors.Is(..., ErrInvalid) = false")
	}
	var e *Error
	if !errors.As(error(list), &e) || e != one {
		t.Error("errors.As(list, *Error) does not find the first error")
	}
}

func TestSortAndDedup(t *testing.T) {
	l := ErrorList{
		{Line: 5, Col: 1, Msg: "c"},
		{Line: 2, Col: 9, Msg: "b"},
		{Msg: "a"},
		{Line: 5, Col: 1, Msg: "d"},
		{Line: 2, Col: 9, Msg: "b"},
		{Line: 2, Col: 3, Msg: "a2"},
	}
	var got []string
	for _, e := range l.sortAndDedup() {
		got = append(got, e.Msg)
	}
	if want := []string{"a", "a2", "b", "c", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sorted = %v, want %v", got, want)
	}
}

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		err  string
	}{
		{in: "10Mbps", want: 10e6},
		{in: "10Mbit/s", want: 10e6},
		{in: "10Mbit", want: 10e6},
		{in: "10M", want: 10e6},
		{in: "500kbps", want: 500e3},
		{in: "500Kbps", want: 500e3},
		{in: "1.5Gbps", want: 1.5e9},
		{in: "64000", want: 64000},
		{in: "100 Mbit/s", want: 100e6},
		{in: "2bits/s", want: 2},
		{in: "300bps", want: 300},
		{in: "10MB", err: "in bytes"},
		{in: "10MBps", err: "write 80Mbps"},
		{in: "1kB/s", err: "write 8kbps"},
		{in: "10 bytes/s", err: "write 80bps"},
		{in: "10mbps", err: `did you mean "10Mbps"`},
		{in: "1.5", err: "must be an integer"},
		{in: "", err: "expected a number"},
		{in: "-5Mbps", err: "expected a number"},
		{in: "fast", err: "expected a number"},
		{in: "10Tbps", err: "unknown unit"},
		{in: "1e6", err: "unknown unit"},
		{in: "99999999999999999999999999G", err: "too large"},
	} {
		got, err := ParseRate(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRate(%q) = %d, %v; want error containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseDSCP(t *testing.T) {
	for in, want := range map[string]uint8{
		"be": 0, "ef": 46, "EF": 46, "cs0": 0, "cs1": 8, "cs7": 56,
		"af11": 10, "af12": 12, "af13": 14, "af21": 18, "af31": 26, "af41": 34, "af43": 38,
		"0": 0, "46": 46, "63": 63,
	} {
		if got, err := ParseDSCP(in); err != nil || got != want {
			t.Errorf("ParseDSCP(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"64", "-1", "cs8", "af44", "af51", "", "voice", "999999999999999999999"} {
		if got, err := ParseDSCP(in); err == nil {
			t.Errorf("ParseDSCP(%q) = %d, want error", in, got)
		}
	}
}

func TestThresholdCheck(t *testing.T) {
	for _, tc := range []struct {
		op       string
		measured float64
		want     bool
	}{
		{"<", 29, true}, {"<", 30, false}, {"<=", 30, true}, {"<=", 31, false},
		{">", 31, true}, {">", 30, false}, {">=", 30, true}, {">=", 29, false}, {"?", 0, false},
	} {
		th := Threshold{Op: tc.op, Value: 30}
		if got := th.Check(tc.measured); got != tc.want {
			t.Errorf("Threshold{%s 30}.Check(%v) = %v, want %v", tc.op, tc.measured, got, tc.want)
		}
	}
}

func TestRegistry(t *testing.T) {
	if got := TrafficTypes(); !contains(got, "bulk", "voip") {
		t.Errorf("TrafficTypes() = %v", got)
	}
	if got := DUTKinds(); !contains(got, "chr", "embedded", "routeros") {
		t.Errorf("DUTKinds() = %v", got)
	}
	newGen := func(traffic.Spec) (traffic.Generator, error) { return nil, nil }
	mustPanic(t, "duplicate traffic type", func() { traffic.Register(traffic.Type{Name: "voip", New: newGen}) })
	mustPanic(t, "no constructor", func() { traffic.Register(traffic.Type{Name: "no-constructor"}) })
	mustPanic(t, "unknown metric", func() { traffic.Register(traffic.Type{Name: "bad-metric", Metrics: []string{"pesq"}, New: newGen}) })
	mustPanic(t, "duplicate DUT kind", func() { RegisterDUTKind("chr", func(*DUT, func(string, Pos, string)) {}) })

	// A type registered from outside: it accepts flows, keeps the default
	// metrics (throughput only) and reports through the callback.
	traffic.Register(traffic.Type{Name: "test-probe", New: newGen,
		NewOptions: func() traffic.Options { return new(testProbeOptions) }})
	// Types register for good from init; remove the test type so other
	// tests and -count=N see the built-ins only.
	t.Cleanup(func() { traffic.Unregister("test-probe") })
	const base = `name: probe
config: testdata/valid/configs/soho-qos.rsc
lab: {lan: {subnet: 10.0.0.0/24}, wan: {subnet: 10.1.0.0/24}, uplink: {up: 1M, down: 1M}}
duration: 1s
`
	s, err := Parse("", []byte(base+"traffic: [{class: p, type: test-probe}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Traffic[0]; optionsOf[testProbeOptions](got).Flows != 3 || got.Direction != "upload" {
		t.Errorf("test-probe traffic = %+v, want 3 flows, upload", got)
	}
	_, err = Parse("", []byte(base+`traffic: [{class: p, type: test-probe, direction: download, calls: 2}]
thresholds: {p: ["jitter < 1ms"]}
`))
	want := `5:51: traffic[0].direction: test-probe cannot download
5:61: traffic[0]: calls is not a field of type test-probe (it accepts flows)
6:18: thresholds.p[0]: jitter is not measured for type test-probe (class p); available: throughput`
	if err == nil || err.Error() != want {
		t.Errorf("errors:\n%v\nwant:\n%s", err, want)
	}
}

func contains(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, s := range list {
			found = found || s == w
		}
		if !found {
			return false
		}
	}
	return true
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

// TestValidInputsVariety checks smaller forms accepted in place.
func TestValidInputsVariety(t *testing.T) {
	const base = `name: v
config: testdata/valid/configs/soho-qos.rsc
lab: {lan: {subnet: 10.0.0.0/24}, wan: {subnet: 10.1.0.0/24}, uplink: {up: 64000, down: 10G}}
duration: 1s
traffic: [{class: v, type: voip, dscp: 0x2e}]
`
	for _, tc := range []struct {
		extra string
		check func(*Scenario) bool
	}{
		{"variants: {fasttrack: [Off]}\n", func(s *Scenario) bool {
			return len(s.Variants) == 1 && s.Variants[0].Name == "fasttrack=off" && !*s.Variants[0].Fasttrack
		}},
		{"variants:\n", func(s *Scenario) bool { return len(s.Variants) == 1 && s.Variants[0].Name == "baseline" }},
		{"variants: {}\n", func(s *Scenario) bool { return s.Variants[0].Fasttrack == nil }},
		{"thresholds:\n", func(s *Scenario) bool { return len(s.Thresholds) == 0 }},
		{"thresholds: {v: []}\n", func(s *Scenario) bool { return len(s.Thresholds) == 0 }},
		{"dut:\n", func(s *Scenario) bool { return s.DUT.Kind == "embedded" }},
		{"dut: {kind: chr}\n", func(s *Scenario) bool { return s.DUT.Kind == "chr" }},
		{"---\n", func(s *Scenario) bool { return s.Traffic[0].DSCP == 46 && s.Lab.Uplink.Down == 10e9 }},
	} {
		s, err := Parse("", []byte(base+tc.extra))
		if err != nil {
			t.Errorf("with %q: %v", tc.extra, err)
			continue
		}
		if !tc.check(s) {
			t.Errorf("with %q: unexpected %+v", tc.extra, s)
		}
	}
	if _, err := Parse("", []byte("\uFEFF"+base)); err != nil {
		t.Errorf("with a byte order mark: %v", err)
	}
}

// TestAliasBomb makes sure alias expansion is bounded.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-a: &a {class: c, type: voip}\n")
	prev := "a"
	for i := range 20 {
		name := string(rune('b' + i))
		b.WriteString("x-" + name + ": &" + name + " {<<: [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]}\n")
		prev = name
	}
	b.WriteString("traffic: [*" + prev + "]\n")
	done := make(chan error, 1)
	go func() {
		_, err := Parse("bomb.yaml", []byte(b.String()))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "too many alias expansions") {
			t.Errorf("err = %v, want too many alias expansions", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("alias expansion did not terminate")
	}
}

// TestShippedScenarios loads the scenario files shipped next to this
// package, so a format change cannot silently break them.
func TestShippedScenarios(t *testing.T) {
	files, _ := filepath.Glob("*.yaml")
	seeds, _ := filepath.Glob(filepath.Join("seeds", "*.yaml"))
	files = append(files, seeds...)
	if len(files) == 0 {
		t.Skip("no shipped scenarios in scenarios/")
	}
	for _, f := range files {
		if _, err := Load(f); err != nil {
			t.Errorf("%v", err)
		}
	}
}

// TestComparisonsInScenario loads a scenario with per-variant thresholds and
// comparisons and checks what the loader keeps.
func TestComparisonsInScenario(t *testing.T) {
	s, err := Load("testdata/valid/thresholds-extended.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, th := range s.Thresholds {
		got = append(got, th.Class+"|"+th.Metric+"|"+th.Op+"|"+th.Text+"|"+th.Variant)
	}
	want := []string{
		"voip|latency.p99|<||", "voip|mos|>=||", "voip|latency.p99|<||fasttrack=off", "bulk|throughput|>||", "bulk|fairness|>=||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("thresholds:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(s.Comparisons) != 2 {
		t.Fatalf("comparisons = %+v", s.Comparisons)
	}
	c := s.Comparisons[0]
	if c.A != "fasttrack=on" || c.B != "fasttrack=off" || c.Class != "bulk" || c.Metric != "throughput" || !c.Relative || c.Pos.Line == 0 {
		t.Errorf("comparison[0] = %+v", c)
	}
}

// testProbeOptions are the keys of the type TestRegistry registers from
// outside the built-ins: flows only, defaulting to 3; it cannot download.
type testProbeOptions struct {
	Flows int `yaml:"flows"`
}

func (o *testProbeOptions) Validate(s *traffic.Spec, report func(field, msg string)) {
	if o.Flows == 0 {
		o.Flows = 3
	}
	if s.Direction == "download" {
		report("direction", "test-probe cannot download")
	}
}

// optionsOf returns a class's options of type T, or a zero T when the class
// has other options or none.
func optionsOf[T any](tr Traffic) *T {
	if o, ok := any(tr.Options).(*T); ok && o != nil {
		return o
	}
	return new(T)
}

// TestOptionsDecodable: every registered type's options use only value
// kinds the loader decodes, so no key fails only when a scenario uses it.
func TestOptionsDecodable(t *testing.T) {
	for _, name := range traffic.Types() {
		tt, _ := traffic.Lookup(name)
		if tt.NewOptions == nil {
			continue
		}
		if err := checkOptions(tt.NewOptions()); err != nil {
			t.Errorf("type %s: %v", name, err)
		}
	}
	if err := checkOptions(&badOptions{}); err == nil {
		t.Error("a float64 key passed checkOptions")
	}
}

type badOptions struct {
	Ratio float64 `yaml:"ratio"`
}

func (*badOptions) Validate(*traffic.Spec, func(field, msg string)) {}

package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros/lint"
)

// SchemaID identifies the results format this package writes and reads. It
// changes only when a field changes meaning or is removed; new fields are
// added under the same ID and ignored by older readers.
const SchemaID = "qosbench.results/v1"

// SchemaMinor counts the optional fields added under SchemaID; files record
// it in "schema_minor" (absent in files of minor 0). Readers accept every
// minor: each addition is optional. 1: "lint". 2: "connect_failures",
// "connect_errors". 3: "claims". 4: "partial", "failure",
// "missing_variants". 5: "settle" on variants (run --until-settled).
// 6: "addresses", "dut_licence". 7: "noise_floor" on variants;
// "inconclusive" on thresholds, variants and results; "router_accel" and
// "delay_sources" in the environment.
const SchemaMinor = 7

// ErrSchema is wrapped by ReadResults when a file's schema is missing or not
// SchemaID.
var ErrSchema = errors.New("unsupported results schema")

// ClassResult holds the statistics of one traffic class in one variant, over
// the measured window. Units are canonical: milliseconds, ratios, bits/s.
type ClassResult struct {
	// Name is the class's name in the scenario.
	Name string `json:"name"`
	// Type is the class's traffic type (voip, web, bulk, udp, probe).
	Type string `json:"type"`
	// PacketsSent counts datagrams sent in the window.
	PacketsSent uint64 `json:"packets_sent"`
	// PacketsReceived counts distinct datagrams received of those sent in the
	// window; duplicates are not included.
	PacketsReceived uint64 `json:"packets_received"`
	// LossRatio is (sent - unique received) / sent within the window, in 0..1;
	// 0 when nothing was sent.
	LossRatio float64 `json:"loss_ratio"`
	// Reordered counts datagrams that arrived with a sequence number lower
	// than the highest already seen on their stream.
	Reordered uint64 `json:"reordered"`
	// Duplicates counts datagrams whose sequence number had already arrived.
	Duplicates uint64 `json:"duplicates"`
	// Late counts reordered datagrams older than the duplicate detector's
	// horizon (1024 sequence numbers): they were counted as received without
	// a duplicate check.
	Late uint64 `json:"late,omitempty"`
	// ThroughputBps is goodput in bits/s: payload received over the window's
	// length. Datagrams count by send time in the window, byte streams by
	// arrival time in the window. Duplicates do not count.
	ThroughputBps float64 `json:"throughput_bps"`
	// OfferedBps is the datagram payload sent in the window in bits/s; 0 for
	// byte-stream classes.
	OfferedBps float64 `json:"offered_bps,omitempty"`
	// LatencyMs summarises one-way delay; nil when no datagram arrived (and
	// always for byte-stream classes).
	LatencyMs *Latency `json:"latency_ms,omitempty"`
	// LatencyClamped counts delays above the histogram's 60 s range, recorded
	// as 60 s in the quantiles (Max and Mean keep the true values).
	LatencyClamped uint64 `json:"latency_clamped,omitempty"`
	// JitterMs is the RFC 3550 interarrival jitter: for each stream, the mean
	// of J over its arrivals after the first; then the mean over streams. Nil
	// when no stream had two arrivals.
	JitterMs *float64 `json:"jitter_ms,omitempty"`
	// JitterMaxMs is the largest final RFC 3550 J across streams.
	JitterMaxMs *float64 `json:"jitter_max_ms,omitempty"`
	// DSCPReceived maps the DSCP value seen on received datagrams (decimal) to
	// its count; duplicates are not included. For byte-stream classes (web,
	// bulk) it counts the TCP segments carrying payload that arrived at the
	// receiving host in the window, by arrival time (see traffic.DSCPSink).
	DSCPReceived map[string]uint64 `json:"dscp_received,omitempty"`
	// LatencyCDF samples the latency distribution at quantiles 0, 0.01 ..
	// 0.99, 0.995, 0.999, 0.9999 and 1, enough to redraw the CDF.
	LatencyCDF []CDFPoint `json:"latency_cdf,omitempty"`
	// ThroughputSeries is goodput in bits/s per SeriesBin (100 ms) bin across
	// the window, binned like ThroughputBps.
	ThroughputSeries []float64 `json:"throughput_series_bps,omitempty"`
	// Flows is the number of distinct datagram streams and byte-stream flows
	// seen in the window.
	Flows uint32 `json:"flows,omitempty"`
	// FlowThroughputBps is the goodput of each byte-stream flow (bulk, web)
	// in bits/s, in flow order; Fairness summarises it.
	FlowThroughputBps []float64 `json:"flow_throughput_bps,omitempty"`
	// Fairness is Jain's fairness index of goodput across the class's streams
	// and flows, in 1/Flows..1; nil with fewer than two flows or no data.
	Fairness *float64 `json:"fairness,omitempty"`
	// Direction is "upload" (LAN to WAN) or "download" on the per-direction
	// results in Directions; empty on a class's aggregate result.
	Direction string `json:"direction,omitempty"`
	// Directions holds the same statistics per direction when the class ran
	// in both directions: queues are per direction, so an aggregate can hide
	// a slow direction behind a fast one.
	Directions []ClassResult `json:"directions,omitempty"`

	// PacingMs summarises the pacing error of paced senders: each packet's
	// send time minus its scheduled time (see traffic.Pacer); nil for
	// unpaced classes.
	PacingMs *Latency `json:"pacing_ms,omitempty"`
	// SkippedSlots counts send slots a paced sender skipped because it fell
	// behind (generator overload, not network loss).
	SkippedSlots uint64 `json:"skipped_slots,omitempty"`
	// Requests and RequestsFailed count the web class's requests started in
	// the window, and those without a complete response.
	Requests       uint64 `json:"requests,omitempty"`
	RequestsFailed uint64 `json:"requests_failed,omitempty"`
	// ConnectFailures counts the TCP connects of a byte-stream class that
	// failed, over the whole run (warm-up included: a bulk flow connects
	// once, before the window): bulk flows that then carried nothing, and
	// web requests that failed at their connect. ConnectErrors counts them
	// by reason (traffic.ConnectFailure.Reason, e.g. "no answer").
	ConnectFailures uint64            `json:"connect_failures,omitempty"`
	ConnectErrors   map[string]uint64 `json:"connect_errors,omitempty"`
	// TTFBMs is the time to first byte of completed requests (connect
	// included); FCTMs the flow completion time (until the last byte).
	TTFBMs *Latency `json:"ttfb_ms,omitempty"`
	FCTMs  *Latency `json:"fct_ms,omitempty"`
	// Probe results: the expected verdict, the observed verdicts and
	// replies (syn-ack, rst, icmp-unreachable, reply, none) by count, and
	// the fraction of attempts whose verdict matched (the "verdict" metric).
	Expected     string            `json:"expected,omitempty"`
	Verdicts     map[string]uint64 `json:"verdicts,omitempty"`
	Replies      map[string]uint64 `json:"replies,omitempty"`
	VerdictMatch *float64          `json:"verdict_match,omitempty"`
	// IPDVMs summarises the magnitude of the IP packet delay variation (RFC
	// 3393, RFC 5481) between consecutive arrivals of a stream; nil without
	// two arrivals on some stream.
	IPDVMs *IPDV `json:"ipdv_ms,omitempty"`
	// LossRuns describes the runs of consecutive lost packets (burst loss);
	// nil for byte-stream classes.
	LossRuns *LossRuns `json:"loss_runs,omitempty"`
	// JitterSeries is the mean RFC 3550 J in ms per SeriesBin (100 ms) bin of
	// the window, by send time; -1 marks a bin without data.
	JitterSeries []float64 `json:"jitter_series_ms,omitempty"`
	// Voice is the E-model voice quality estimate; set for voip classes by
	// ScoreVoice, nil otherwise.
	Voice *VoiceQuality `json:"voice,omitempty"`
}

// IPDV summarises |IPDV| in milliseconds: the absolute difference of the
// one-way delays of consecutive arrivals on a stream (arrival order).
// Quantiles come from an HDR histogram with 1 µs units.
type IPDV struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// LossRuns describes burst loss: a run is a maximal sequence of consecutive
// sequence numbers of one stream that never arrived.
type LossRuns struct {
	// Count is the number of runs.
	Count uint64 `json:"count"`
	// Lost is the number of packets in runs.
	Lost uint64 `json:"lost"`
	// MaxLen is the longest run, in packets.
	MaxLen uint64 `json:"max_len"`
	// MeanLen is Lost / Count; 0 without runs.
	MeanLen float64 `json:"mean_len"`
	// BurstR is the burst ratio of a two-state (Gilbert) model fitted to the
	// runs, as the E-model uses it: 1 for random loss, above 1 when losses
	// cluster; 0 without loss.
	BurstR float64 `json:"burst_r,omitempty"`
}

// Latency summarises one-way delay, in milliseconds. Quantiles come from an
// HDR histogram with 1 µs units and 3 significant figures; Min, Max and Mean
// are exact.
type Latency struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
}

// CDFPoint is one point of a latency CDF: the fraction Q of packets had a
// one-way delay of at most Ms milliseconds.
type CDFPoint struct {
	Q  float64 `json:"q"`
	Ms float64 `json:"ms"`
}

// VariantResult is the outcome of one variant of a scenario (for example
// fasttrack on or off).
type VariantResult struct {
	// Name is the variant's name in the scenario.
	Name string `json:"name"`
	// Classes holds one result per traffic class, in scenario order.
	Classes []ClassResult `json:"classes"`
	// Thresholds holds one result per threshold, in scenario order.
	Thresholds []ThresholdResult `json:"thresholds"`
	// Pass is true when every threshold passed.
	Pass bool `json:"pass"`
	// Inconclusive is set when no threshold failed but at least one was
	// inconclusive (Pass is then false).
	Inconclusive bool `json:"inconclusive,omitempty"`
	// Noise is the noise floor measured before the variant's traffic;
	// nil when the run measured none (--noise-floor 0, older files).
	Noise *NoiseFloor `json:"noise_floor,omitempty"`
	// Notes carries warnings that qualify the numbers (for example a CHR
	// licence limit or fasttrack found active).
	Notes []string `json:"notes,omitempty"`
	// Counters are the router's per-rule and per-queue counters read after
	// the variant ran; nil when the router did not report them.
	Counters *Counters `json:"counters,omitempty"`
	// Settle says, for a run with --until-settled, when the variant ended
	// and how each threshold settled (schema minor 4); nil otherwise.
	Settle *SettleReport `json:"settle,omitempty"`
}

// NewVariantResult evaluates the thresholds of ths that apply to the variant
// (those without a Variant, and those naming it) against classes and returns
// the variant's result with Pass set.
func NewVariantResult(name string, classes []ClassResult, ths []ThresholdSpec) VariantResult {
	tr := Evaluate(ForVariant(ths, name), classes)
	return VariantResult{Name: name, Classes: classes, Thresholds: tr, Pass: AllPass(tr)}
}

// ForVariant returns the thresholds of ths that apply to the variant named
// name: those without a Variant and those whose Variant is name.
func ForVariant(ths []ThresholdSpec, name string) []ThresholdSpec {
	out := make([]ThresholdSpec, 0, len(ths))
	for _, t := range ths {
		if t.Variant == "" || t.Variant == name {
			out = append(out, t)
		}
	}
	return out
}

// Explain adds evidence to every failed threshold of v from the variant's
// router counters and its classes' failed connects (see ExplainThreshold).
func (v *VariantResult) Explain() {
	for i := range v.Thresholds {
		t := &v.Thresholds[i]
		if t.Pass || t.Inconclusive {
			continue
		}
		var c *ClassResult
		for j := range v.Classes {
			if v.Classes[j].Name == t.Class {
				c = &v.Classes[j]
			}
		}
		t.Evidence = ExplainThreshold(*t, c, v.Counters)
	}
}

// Results is the record of one run: the stable, versioned format written by
// `qosbench run` and read by `report` and `compare`.
type Results struct {
	// Schema is SchemaID.
	Schema string `json:"schema"`
	// SchemaMinor is the SchemaMinor of the run that wrote the file (run
	// sets it); 0 when absent. Written back unchanged by report.
	SchemaMinor int `json:"schema_minor,omitempty"`
	// Scenario describes what was run.
	Scenario ScenarioInfo `json:"scenario"`
	// Environment describes where it was run.
	Environment Environment `json:"environment"`
	// StartedAt is the wall-clock time the run started.
	StartedAt time.Time `json:"started_at"`
	// Variants holds one result per variant, in scenario order.
	Variants []VariantResult `json:"variants"`
	// Comparisons holds one result per comparison between variants, in
	// scenario order.
	Comparisons []ComparisonResult `json:"comparisons,omitempty"`
	// Claims holds the scenario's claims, each decided by its classes'
	// thresholds over every variant (see EvaluateClaims). They restate the
	// thresholds in words and do not change Pass.
	Claims []ClaimResult `json:"claims,omitempty"`
	// Lint holds the findings of the config linter (routeros/lint), run
	// before the lab was built, sorted by line. Advice: they do not change
	// Pass.
	Lint []lint.Finding `json:"lint,omitempty"`
	// Addresses are the addresses the router's ports and the lab's hosts
	// used, and whether each was static or leased by DHCP.
	Addresses []Address `json:"addresses,omitempty"`
	// Pass is true when every variant and every comparison passed, and
	// the run was not partial.
	Pass bool `json:"pass"`
	// Inconclusive is set when the run did not pass only because some
	// thresholds were inconclusive: no threshold or comparison failed and
	// the run was not partial. `run` and `report` exit 6 then.
	Inconclusive bool `json:"inconclusive,omitempty"`
	// Partial is set when the run failed (interrupted, a variant failed,
	// the router died, the teardown failed) after at least one variant
	// was measured: Variants holds the variants that finished, each
	// measured in full; MissingVariants names those that did not run to
	// the end, and Failure says what failed.
	Partial         bool     `json:"partial,omitempty"`
	Failure         string   `json:"failure,omitempty"`
	MissingVariants []string `json:"missing_variants,omitempty"`
}

// ComputePass sets r.Pass from the variants and comparisons and returns it:
// true when there is at least one variant, the run is not Partial, and every
// variant and comparison passed. A run that measured nothing does not pass.
//
// It also sets r.Inconclusive: the run did not pass, yet nothing failed
// (every variant that did not pass was inconclusive, every comparison
// passed, the run was not partial).
func (r *Results) ComputePass() bool {
	r.Pass = len(r.Variants) > 0 && !r.Partial
	nothingFailed := true // every failure was an inconclusive threshold
	for _, v := range r.Variants {
		if !v.Pass {
			r.Pass = false
			nothingFailed = nothingFailed && v.Inconclusive
		}
	}
	for _, c := range r.Comparisons {
		if !c.Pass {
			r.Pass = false
			nothingFailed = false
		}
	}
	r.Inconclusive = !r.Pass && len(r.Variants) > 0 && !r.Partial && nothingFailed
	return r.Pass
}

// ScenarioInfo describes the scenario a run executed.
type ScenarioInfo struct {
	// Name is the scenario's name.
	Name string `json:"name"`
	// Description is the scenario's free-text description.
	Description string `json:"description,omitempty"`
	// File is the scenario file's path as given.
	File string `json:"file,omitempty"`
	// Config is the router configuration's path as given.
	Config string `json:"config,omitempty"`
	// ConfigSHA256 is the hex SHA-256 of the router configuration.
	ConfigSHA256 string `json:"config_sha256,omitempty"`
	// DurationS is the measured duration of each variant, in seconds.
	DurationS float64 `json:"duration_s"`
	// WarmupS is the warm-up excluded before measuring, in seconds.
	WarmupS float64 `json:"warmup_s"`
	// DUTKind is the device-under-test kind (embedded, routeros, chr).
	DUTKind string `json:"dut_kind"`
	// DUTLicence is the router's licence level as /system/license shows
	// it, for kinds whose licence limits the rate (a CHR: "free", "p1",
	// "p10", "p-unlimited"); empty for the others.
	DUTLicence string `json:"dut_licence,omitempty"`
}

// Environment describes the machine and build a run used.
type Environment struct {
	// QosbenchVersion is the qosbench build's version.
	QosbenchVersion string `json:"qosbench_version"`
	// GoVersion is the Go toolchain the binary was built with.
	GoVersion string `json:"go_version"`
	// Kernel is the running kernel's release.
	Kernel string `json:"kernel"`
	// Hostname is the machine's host name.
	Hostname string `json:"hostname"`
	// CPUs is the number of logical CPUs usable by the process.
	CPUs int `json:"cpus"`
	// RouterIdentity is the router's /system identity, when the DUT is a
	// RouterOS device that reported it.
	RouterIdentity string `json:"router_identity,omitempty"`
	// RouterOSVersion is the RouterOS version the DUT reported, when known.
	RouterOSVersion string `json:"routeros_version,omitempty"`
	// RouterBoard is the router's board or platform name, when known.
	RouterBoard string `json:"router_board,omitempty"`
	// RouterAccel is the accelerator of a router running in QEMU: "kvm",
	// or "tcg" (its CPU emulated in software); empty for other kinds.
	RouterAccel string `json:"router_accel,omitempty"`
	// DelaySources are the delays the router kind itself adds to every
	// packet, which no config causes (QEMU TCG), one sentence each.
	DelaySources []string `json:"delay_sources,omitempty"`
}

// CurrentEnvironment describes the running process's machine; version is the
// qosbench version to record. Facts that cannot be read are left empty.
func CurrentEnvironment(version string) Environment {
	env := Environment{
		QosbenchVersion: version,
		GoVersion:       runtime.Version(),
		CPUs:            runtime.NumCPU(),
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		env.Kernel = strings.TrimSpace(string(b))
	}
	if h, err := os.Hostname(); err == nil {
		env.Hostname = h
	}
	return env
}

// WriteResults writes r to path as indented JSON. The write is atomic: the
// data goes to a temporary file in the same directory, which is renamed over
// path, so a reader never sees a partial file. An empty r.Schema is written
// as SchemaID.
func WriteResults(path string, r *Results) error {
	out := *r
	if out.Schema == "" {
		out.Schema = SchemaID
	}

	b, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return fmt.Errorf("analysis: encode results for %s: %w", path, err)
	}
	b = append(b, '\n')
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// ReadResults reads a results file written by WriteResults. It rejects a file
// whose schema is missing or is not SchemaID with an error wrapping ErrSchema
// that names the file and the schema found.
func ReadResults(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("analysis: read results: %w", err)
	}
	// Check the schema before decoding the rest, so that a file of another
	// version fails with a schema error rather than a confusing type error.
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("analysis: %s: not a qosbench results file: %w", path, err)
	}
	switch {
	case head.Schema == nil:
		return nil, fmt.Errorf("analysis: %s: no \"schema\" field, want %q: %w", path, SchemaID, ErrSchema)
	case *head.Schema != SchemaID:
		return nil, fmt.Errorf("analysis: %s: schema %q, want %q: %w", path, *head.Schema, SchemaID, ErrSchema)
	}
	var r Results
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("analysis: %s: decode results: %w", path, err)
	}
	return &r, nil
}

// writeFileAtomic writes a file through write into a temporary file next to
// path and renames it over path.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("analysis: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("analysis: write %s: %w", path, err)
	}
	// CreateTemp makes the file 0600; results and plots are meant to be shared.
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("analysis: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("analysis: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("analysis: write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("analysis: write %s: %w", path, err)
	}
	return nil
}

// dutText is the router kind as the reports name it, with its licence
// level when it has one ("chr (licence p1)").
func dutText(s ScenarioInfo) string {
	if s.DUTLicence == "" {
		return orDash(s.DUTKind)
	}
	return orDash(s.DUTKind) + " (licence " + s.DUTLicence + ")"
}

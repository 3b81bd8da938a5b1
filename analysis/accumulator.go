package analysis

import (
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/qosbench/qosbench/traffic"
)

// Latency histogram geometry: microsecond units from 1 µs to 60 s with three
// significant figures. One-way delay through a lab router is tens of µs to a
// few hundred ms under load; 60 s leaves room for pathological queues while
// keeping the counts array small (about 140 KiB per class).
const (
	histLowestUs  = 1
	histHighestUs = 60_000_000
	histSigFigs   = 3
)

// SeriesBin is the width of one bin of ClassResult.ThroughputSeries.
const SeriesBin = 100 * time.Millisecond

// MaxSeriesBins caps the time series of one accumulator, so that its memory
// is bounded whatever window it is given: 36,000 bins are one hour, the
// longest scenario duration. A longer window keeps its totals, percentiles
// and counters; its series cover the first hour only.
const MaxSeriesBins = 36_000

// dupWindow is how many sequence numbers behind the highest one seen the
// duplicate detector remembers. A packet older than that cannot be checked and
// is counted as received (and as Late).
const dupWindow = 1024

const dupWords = dupWindow / 64

// Window is the measured part of a run on the run clock: [Start, End).
// An empty or inverted window measures nothing.
type Window struct{ Start, End time.Duration }

// Contains reports whether t lies in the window: Start <= t < End.
func (w Window) Contains(t time.Duration) bool { return t >= w.Start && t < w.End }

// Length returns the window's length, or 0 if it is empty or inverted.
func (w Window) Length() time.Duration {
	if w.End <= w.Start {
		return 0
	}
	return w.End - w.Start
}

// Accumulator collects one traffic class's events for one variant and turns
// them into a ClassResult. It is a traffic.Sink, safe for concurrent use.
//
// It streams: memory is fixed when it is created (the latency histogram and one
// throughput bin per SeriesBin of the window) and grows only with the number of
// streams and flows, never with the number of packets.
//
// Events outside the window are ignored: a datagram's Sent and Received events
// are judged by its send time, a Bytes event by its arrival time. The generator
// must therefore pass to Sent the same send time it writes into the payload,
// or packets at the window's edges can be counted as sent but not received.
//
// Counting rules, per stream:
//   - a received sequence number already seen is a duplicate: counted in
//     Duplicates and otherwise ignored (no latency, jitter, DSCP or bytes);
//   - a new sequence number lower than the highest seen is reordered: counted
//     in Reordered and otherwise treated like any received packet;
//   - the duplicate detector remembers the last 1024 sequence numbers; an older
//     arrival cannot be checked and counts as received, reordered and Late.
type Accumulator struct {
	class, typ string
	window     Window
	// end is the window's end in ns, which EndAt may move earlier while
	// events arrive (--until-settled ends a variant when its verdicts are
	// settled); the window's End is only its initial value.
	end atomic.Int64
	// trace, when set (Trace), keeps what Settler needs: each unique
	// arrival's send time and delay, and datagrams sent and received per
	// SeriesBin by send time.
	trace *settleTrace

	// mu guards everything below. One lock per class is cheap enough at the
	// rates qosbench generates (one class rarely exceeds 100k packets/s) and
	// keeps a single histogram, where sharding per stream would multiply its
	// memory by the number of streams.
	mu      sync.Mutex
	streams map[uint32]*streamState
	flows   map[uint32]*flowState

	hist      *hdrhistogram.Histogram
	clamped   uint64
	latSumNs  float64
	latMinNs  time.Duration
	latMaxNs  time.Duration
	latCount  uint64
	dscp      [64]uint64
	sentBytes uint64
	recvBytes uint64 // unique datagram payload bytes
	flowBytes uint64 // byte-stream payload bytes
	bins      []uint64
	datagrams bool // any datagram event in the window

	// ipdv holds |IPDV| between consecutive arrivals of a stream, in µs.
	ipdv        *hdrhistogram.Histogram
	ipdvSumNs   float64
	ipdvMaxNs   time.Duration
	ipdvCount   uint64
	ipdvClamped uint64
	// jitBins and jitN hold, per SeriesBin (by send time), the sum and count
	// of every stream's RFC 3550 J after each update, in nanoseconds.
	jitBins []float64
	jitN    []uint64

	reordered, duplicates, late uint64
}

var (
	_ traffic.Sink     = (*Accumulator)(nil)
	_ traffic.DSCPSink = (*Accumulator)(nil)
)

// streamState is the per-stream state of a datagram stream.
type streamState struct {
	sent     uint64
	received uint64 // unique
	bytes    uint64 // unique payload bytes, for fairness

	started bool
	highest uint64
	seen    [dupWords]uint64 // bit (seq % dupWindow) set: seq seen, for seq in (highest-dupWindow, highest]

	// Loss runs: sequence numbers are judged lost or received in order, as
	// they leave the duplicate detector's window (when their fate is final),
	// from the first sequence number sent in the window.
	sentAny   bool
	minSent   uint64
	maxSent   uint64
	next      uint64 // first sequence number not judged yet
	nextValid bool
	runs      lossRuns

	// RFC 3550 jitter, in nanoseconds, over arrivals in arrival order.
	arrivals    uint64
	lastTransit time.Duration
	jitter      float64
	jitterSum   float64 // sum of jitter after each update, for the time average
	jitterN     uint64
}

// flowState is the per-flow state of a byte stream.
type flowState struct{ bytes uint64 }

// seqKind classifies an arriving sequence number.
type seqKind uint8

const (
	seqNew seqKind = iota
	seqReordered
	seqLate
	seqDuplicate
)

// observe records seq in the duplicate detector and classifies it.
func (s *streamState) observe(seq uint64) seqKind {
	if !s.started {
		s.started = true
		s.highest = seq
		s.mark(seq)
		return seqNew
	}
	if seq > s.highest {
		s.judgeUpTo(seq)
		// Forget the slots the window slides over before they are reused.
		if gap := seq - s.highest; gap >= dupWindow {
			s.seen = [dupWords]uint64{}
		} else {
			for q := s.highest + 1; q < seq; q++ {
				s.unmark(q)
			}
		}
		s.highest = seq
		s.mark(seq)
		return seqNew
	}
	if s.highest-seq >= dupWindow {
		return seqLate
	}
	if s.marked(seq) {
		return seqDuplicate
	}
	s.mark(seq)
	return seqReordered
}

// judgeUpTo judges, in order, every sequence number that leaves the
// duplicate detector's window when the highest sequence number becomes seq:
// those up to seq-dupWindow. It runs before the window slides, while the
// bits of the leaving numbers are still set.
func (s *streamState) judgeUpTo(seq uint64) {
	if seq < dupWindow {
		return
	}
	s.judge(&s.runs, seq-dupWindow, true)
}

// judge feeds runs the fate of every sequence number from s.next up to and
// including last: received when its bit is set in the window, lost
// otherwise. advance records the progress in s.next; Result passes false to
// judge the rest of a stream without changing it.
func (s *streamState) judge(runs *lossRuns, last uint64, advance bool) {
	next := s.next
	if !s.nextValid {
		if !s.sentAny && !s.started {
			return
		}
		next = s.firstSeq()
	}
	if last < next {
		return
	}
	// Numbers above the highest received, or below the window, were never
	// received (a number below the window's floor cannot be marked).
	floor := uint64(0)
	if s.started && s.highest >= dupWindow {
		floor = s.highest - dupWindow + 1
	}
	q := next
	if s.started && q < floor {
		end := min(last, floor-1)
		runs.lost(end - q + 1)
		q = end + 1
	}
	for ; q <= last && (!s.started || q <= s.highest); q++ {
		if s.started && s.marked(q) {
			runs.received()
		} else {
			runs.lost(1)
		}
	}
	if q <= last {
		runs.lost(last - q + 1)
	}
	if advance {
		s.next, s.nextValid = last+1, true
	}
}

// firstSeq is the first sequence number the loss-run count considers: the
// first one sent in the window, or the first received when no Sent event
// came (hand-fed accumulators).
func (s *streamState) firstSeq() uint64 {
	if s.sentAny {
		if s.started {
			return min(s.minSent, s.highest)
		}
		return s.minSent
	}
	return s.highest
}

// lossRuns counts runs of consecutive lost sequence numbers.
type lossRuns struct {
	cur    uint64 // length of the run in progress
	count  uint64 // completed and in-progress runs
	maxLen uint64
	lostN  uint64 // sequence numbers in runs
	got    uint64 // sequence numbers judged received
}

func (r *lossRuns) lost(n uint64) {
	if n == 0 {
		return
	}
	if r.cur == 0 {
		r.count++
	}
	r.cur += n
	r.lostN += n
	r.maxLen = max(r.maxLen, r.cur)
}

func (r *lossRuns) received() { r.cur = 0; r.got++ }

func (s *streamState) mark(seq uint64) {
	i := seq % dupWindow
	s.seen[i/64] |= 1 << (i % 64)
}

func (s *streamState) unmark(seq uint64) {
	i := seq % dupWindow
	s.seen[i/64] &^= 1 << (i % 64)
}

func (s *streamState) marked(seq uint64) bool {
	i := seq % dupWindow
	return s.seen[i/64]&(1<<(i%64)) != 0
}

// arrive updates the RFC 3550 interarrival jitter with one packet's transit
// time (receive time minus send time). D is taken between consecutive
// arrivals, in arrival order and not sequence order, as RFC 3550 §6.4.1 and
// A.8 specify: D(i,j) = (Rj - Ri) - (Sj - Si) = transit_j - transit_i, and
// J += (|D| - J)/16. Any constant offset between send and receive clocks cancels.
//
// It returns |D|, which is also the magnitude of the IPDV (RFC 3393, RFC 5481)
// between the two arrivals, and the updated J; ok is false on a stream's
// first arrival, which has no predecessor.
func (s *streamState) arrive(transit time.Duration) (ipdv time.Duration, j float64, ok bool) {
	if s.arrivals > 0 {
		ipdv = transit - s.lastTransit
		if ipdv < 0 {
			ipdv = -ipdv
		}
		s.jitter += (float64(ipdv) - s.jitter) / 16
		s.jitterSum += s.jitter
		s.jitterN++
		ok = true
	}
	s.lastTransit = transit
	s.arrivals++
	return ipdv, s.jitter, ok
}

// NewAccumulator returns an accumulator for the class named class, of traffic
// type typ (as in the scenario: voip, web, bulk, ...), measuring over window.
func NewAccumulator(class, typ string, window Window) *Accumulator {
	n := 0
	if l := window.Length(); l > 0 {
		n = int(min((l+SeriesBin-1)/SeriesBin, MaxSeriesBins))
	}
	a := &Accumulator{
		class:   class,
		typ:     typ,
		window:  window,
		streams: make(map[uint32]*streamState),
		flows:   make(map[uint32]*flowState),
		hist:    hdrhistogram.New(histLowestUs, histHighestUs, histSigFigs),
		ipdv:    hdrhistogram.New(histLowestUs, histHighestUs, histSigFigs),
		bins:    make([]uint64, n),
		jitBins: make([]float64, n),
		jitN:    make([]uint64, n),
	}
	a.end.Store(int64(window.End))
	return a
}

// win is the window with its current end.
func (a *Accumulator) win() Window {
	return Window{Start: a.window.Start, End: time.Duration(a.end.Load())}
}

// EndAt ends the window at t when t lies before its end: events after t no
// longer count, and every statistic (throughput, series, loss) is over the
// shorter window, as if it had been t's length from the start. Packets sent
// before t still count when they arrive later.
func (a *Accumulator) EndAt(t time.Duration) {
	if t < a.window.Start {
		t = a.window.Start
	}
	for {
		cur := a.end.Load()
		if int64(t) >= cur || a.end.CompareAndSwap(cur, int64(t)) {
			return
		}
	}
}

// bins is the number of SeriesBin bins the current window covers.
func (a *Accumulator) binCount() int {
	l := a.win().Length()
	return min(len(a.bins), int((l+SeriesBin-1)/SeriesBin))
}

// stream returns the state of stream id, creating it. Callers hold a.mu.
func (a *Accumulator) stream(id uint32) *streamState {
	s := a.streams[id]
	if s == nil {
		s = new(streamState)
		a.streams[id] = s
	}
	return s
}

// bin adds n bytes to the series bin of time t, which lies in the window.
// Callers hold a.mu.
func (a *Accumulator) bin(t time.Duration, n int) {
	if i := int((t - a.window.Start) / SeriesBin); i >= 0 && i < len(a.bins) {
		a.bins[i] += uint64(n)
	}
}

// Sent implements traffic.Sink.
func (a *Accumulator) Sent(stream uint32, seq uint64, size int, at time.Duration) {
	if !a.win().Contains(at) {
		return
	}
	a.mu.Lock()
	s := a.stream(stream)
	s.sent++
	if !s.sentAny || seq < s.minSent {
		s.minSent = seq
	}
	if !s.sentAny || seq > s.maxSent {
		s.maxSent = seq
	}
	s.sentAny = true
	if size > 0 {
		a.sentBytes += uint64(size)
	}
	a.datagrams = true
	if a.trace != nil {
		a.trace.sent(at - a.window.Start)
	}
	a.mu.Unlock()
}

// Received implements traffic.Sink.
func (a *Accumulator) Received(stream uint32, seq uint64, size int, sentAt, recvAt time.Duration, dscp uint8) {
	if !a.win().Contains(sentAt) {
		return
	}
	if size < 0 {
		size = 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.datagrams = true
	s := a.stream(stream)
	switch s.observe(seq) {
	case seqDuplicate:
		a.duplicates++
		return
	case seqReordered:
		a.reordered++
	case seqLate:
		a.reordered++
		a.late++
	}
	s.received++
	s.bytes += uint64(size)
	a.recvBytes += uint64(size)
	a.bin(sentAt, size)
	a.dscp[dscp&63]++

	transit := recvAt - sentAt
	if ipdv, j, ok := s.arrive(transit); ok {
		a.recordIPDV(ipdv)
		if i := int((sentAt - a.window.Start) / SeriesBin); i >= 0 && i < len(a.jitBins) {
			a.jitBins[i] += j
			a.jitN[i]++
		}
	}
	a.recordLatency(transit)
	if a.trace != nil {
		a.trace.arrived(sentAt-a.window.Start, transit)
	}
}

// recordIPDV adds one |IPDV| sample; like latency, values above the
// histogram's range are clamped in the histogram only. Callers hold a.mu.
func (a *Accumulator) recordIPDV(d time.Duration) {
	us := int64((d + 500*time.Nanosecond) / time.Microsecond)
	if us > histHighestUs {
		us = histHighestUs
		a.ipdvClamped++
	}
	// 0 is in range: the histogram's lowest discernible value is 1 but it
	// accepts 0.
	_ = a.ipdv.RecordValue(us)
	a.ipdvSumNs += float64(d)
	a.ipdvMaxNs = max(a.ipdvMaxNs, d)
	a.ipdvCount++
}

// Rate returns the class's goodput in bits/s over the last complete
// SeriesBin before now (run clock), or 0 when now is outside the window. It is
// cheap and meant for progress displays while the run goes on.
func (a *Accumulator) Rate(now time.Duration) float64 {
	i := int((now-a.window.Start)/SeriesBin) - 1
	a.mu.Lock()
	defer a.mu.Unlock()
	if i < 0 || i >= len(a.bins) {
		return 0
	}
	return float64(a.bins[i]) * 8 / SeriesBin.Seconds()
}

// recordLatency adds one one-way delay. Values under 1 µs count as 1 µs
// everywhere; values over the histogram's range are clamped in the histogram
// only (counted in clamped), so Max and Mean stay exact. Callers hold a.mu.
func (a *Accumulator) recordLatency(d time.Duration) {
	if d < time.Microsecond {
		d = time.Microsecond
	}
	us := int64((d + 500*time.Nanosecond) / time.Microsecond)
	if us > histHighestUs {
		us = histHighestUs
		a.clamped++
	}
	// us is in [1, histHighestUs], which the histogram always accepts.
	_ = a.hist.RecordValue(us)
	if a.latCount == 0 || d < a.latMinNs {
		a.latMinNs = d
	}
	if d > a.latMaxNs {
		a.latMaxNs = d
	}
	a.latSumNs += float64(d)
	a.latCount++
}

// ReceivedDSCP implements traffic.DSCPSink: one byte-stream segment that
// arrived at time at with the given DSCP, counted in DSCPReceived when at
// lies in the window.
func (a *Accumulator) ReceivedDSCP(dscp uint8, at time.Duration) {
	if !a.win().Contains(at) {
		return
	}
	a.mu.Lock()
	a.dscp[dscp&63]++
	a.mu.Unlock()
}

// Bytes implements traffic.Sink.
func (a *Accumulator) Bytes(flow uint32, n int, at time.Duration) {
	if n <= 0 || !a.win().Contains(at) {
		return
	}
	a.mu.Lock()
	f := a.flows[flow]
	if f == nil {
		f = new(flowState)
		a.flows[flow] = f
	}
	f.bytes += uint64(n)
	a.flowBytes += uint64(n)
	a.bin(at, n)
	a.mu.Unlock()
}

// cdfQuantiles are the quantiles of ClassResult.LatencyCDF: 0, 0.01 .. 0.99 in
// steps of 0.01, then the tail.
var cdfQuantiles = func() []float64 {
	q := make([]float64, 0, 104)
	for i := 0; i < 100; i++ {
		q = append(q, float64(i)/100)
	}
	return append(q, 0.995, 0.999, 0.9999, 1)
}()

// Result computes the class's statistics. It may be called at any time and
// more than once; it is meant to be called once traffic has stopped and a
// drain period has passed, so that packets sent near the end of the window
// have had a chance to arrive.
//
// Jitter: JitterMs is the mean over streams of each stream's time-averaged
// RFC 3550 jitter, that is the mean of J after each update (every arrival but
// the stream's first). The final J alone reflects only the last ~16 packets,
// which makes a run's verdict hinge on its last moments; the average reflects
// the whole window and is what a listener experiences on average. JitterMaxMs
// is the largest final J across streams.
func (a *Accumulator) Result() ClassResult {
	a.mu.Lock()
	defer a.mu.Unlock()

	r := ClassResult{
		Name:           a.class,
		Type:           a.typ,
		Reordered:      a.reordered,
		Duplicates:     a.duplicates,
		Late:           a.late,
		LatencyClamped: a.clamped,
		Flows:          uint32(len(a.streams) + len(a.flows)),
	}
	secs := a.win().Length().Seconds()

	var got uint64 // unique received, at most sent per stream
	var jitSum, jitMax float64
	var jitStreams int
	shares := make([]float64, 0, len(a.streams)+len(a.flows))
	for _, s := range a.streams {
		r.PacketsSent += s.sent
		r.PacketsReceived += s.received
		got += min(s.received, s.sent)
		if s.jitterN > 0 {
			// Per-stream time average of J (mean after each update), then
			// the mean over streams: see the doc comment for why not final J.
			jitSum += s.jitterSum / float64(s.jitterN)
			jitMax = math.Max(jitMax, s.jitter)
			jitStreams++
		}
		shares = append(shares, float64(s.bytes))
	}
	for _, f := range a.flows {
		shares = append(shares, float64(f.bytes))
	}
	if r.PacketsSent > 0 {
		r.LossRatio = float64(r.PacketsSent-got) / float64(r.PacketsSent)
	}
	if jitStreams > 0 {
		mean := jitSum / float64(jitStreams) / 1e6
		maxMs := jitMax / 1e6
		r.JitterMs, r.JitterMaxMs = &mean, &maxMs
	}
	if secs > 0 {
		r.ThroughputBps = float64(a.recvBytes+a.flowBytes) * 8 / secs
		if a.datagrams {
			r.OfferedBps = float64(a.sentBytes) * 8 / secs
		}
		r.ThroughputSeries = a.series()
	}
	if secs > 0 && len(a.flows) > 0 {
		r.FlowThroughputBps = a.flowRates(secs)
	}
	if len(shares) >= 2 {
		if j, ok := jainIndex(shares); ok {
			r.Fairness = &j
		}
	}
	for v, n := range a.dscp {
		if n == 0 {
			continue
		}
		if r.DSCPReceived == nil {
			r.DSCPReceived = make(map[string]uint64)
		}
		r.DSCPReceived[strconv.Itoa(v)] = n
	}
	if a.latCount > 0 {
		r.LatencyMs, r.LatencyCDF = a.latency()
	}
	if a.ipdvCount > 0 {
		r.IPDVMs = a.ipdvSummary()
	}
	if a.datagrams {
		r.LossRuns = a.lossRuns()
		r.JitterSeries = a.jitterSeries()
	}
	return r
}

// ipdvSummary summarises the |IPDV| histogram. Callers hold a.mu and ensure
// ipdvCount > 0.
func (a *Accumulator) ipdvSummary() *IPDV {
	maxMs := float64(a.ipdvMaxNs) / 1e6
	vals := a.ipdv.ValueAtPercentilesSlice([]float64{50, 90, 95, 99, 99.9})
	at := func(us int64) float64 { return math.Min(float64(us)/1e3, maxMs) }
	return &IPDV{
		P50: at(vals[0]), P90: at(vals[1]), P95: at(vals[2]), P99: at(vals[3]), P999: at(vals[4]),
		Max: maxMs, Mean: a.ipdvSumNs / float64(a.ipdvCount) / 1e6,
	}
}

// lossRuns finishes every stream's loss-run count on a copy (the streams go
// on unchanged): numbers still in the duplicate detector's window are judged
// by their bit, numbers sent after the highest received are lost. Callers
// hold a.mu.
func (a *Accumulator) lossRuns() *LossRuns {
	var total lossRuns
	var lostTotal uint64
	for _, s := range a.streams {
		r := s.runs
		last := s.maxSent
		if s.started && (!s.sentAny || s.highest > last) {
			last = s.highest
		}
		s.judge(&r, last, false)
		total.count += r.count
		total.maxLen = max(total.maxLen, r.maxLen)
		total.got += r.got
		lostTotal += r.lostN
	}
	out := &LossRuns{Count: total.count, MaxLen: total.maxLen, Lost: lostTotal}
	if total.count > 0 {
		out.MeanLen = float64(lostTotal) / float64(total.count)
		// Gilbert model fitted to the runs (ITU-T G.113 Appendix I):
		// p = P(loss | previous received), q = P(received | previous lost),
		// BurstR = 1/(p+q); 1 for random loss, above 1 for bursty loss.
		if total.got > 0 {
			p := float64(total.count) / float64(total.got)
			q := float64(total.count) / float64(lostTotal)
			out.BurstR = 1 / (p + q)
		}
	}
	return out
}

// jitterSeries returns the mean RFC 3550 J per SeriesBin in ms, by send
// time; a bin without an update holds -1 (no data). Callers hold a.mu.
func (a *Accumulator) jitterSeries() []float64 {
	if len(a.jitBins) == 0 {
		return nil
	}
	out := make([]float64, a.binCount())
	any := false
	for i, sum := range a.jitBins[:len(out)] {
		if a.jitN[i] == 0 {
			out[i] = -1
			continue
		}
		out[i] = sum / float64(a.jitN[i]) / 1e6
		any = true
	}
	if !any {
		return nil
	}
	return out
}

// series returns the throughput of each bin in bits/s; the last bin may be
// shorter than SeriesBin and is divided by its own length. Callers hold a.mu.
func (a *Accumulator) series() []float64 {
	if len(a.bins) == 0 {
		return nil
	}
	out := make([]float64, a.binCount())
	length := a.win().Length()
	for i, b := range a.bins[:len(out)] {
		w := SeriesBin
		if rest := length - time.Duration(i)*SeriesBin; rest < w && rest > 0 {
			w = rest
		}
		out[i] = float64(b) * 8 / w.Seconds()
	}
	return out
}

// latency summarises the histogram. HDR quantiles are the highest value
// equivalent to the bucket (up to 0.1% high at 3 significant figures), so they
// are clipped to the exact minimum and maximum to keep the CDF consistent.
// Callers hold a.mu and ensure latCount > 0.
func (a *Accumulator) latency() (*Latency, []CDFPoint) {
	minMs := float64(a.latMinNs) / 1e6
	maxMs := float64(a.latMaxNs) / 1e6
	at := func(us int64) float64 {
		return math.Min(math.Max(float64(us)/1e3, minMs), maxMs)
	}
	pcts := make([]float64, 0, len(cdfQuantiles)+5)
	for _, q := range cdfQuantiles {
		pcts = append(pcts, q*100)
	}
	pcts = append(pcts, 50, 90, 95, 99, 99.9)
	vals := a.hist.ValueAtPercentilesSlice(pcts)

	cdf := make([]CDFPoint, len(cdfQuantiles))
	for i, q := range cdfQuantiles {
		cdf[i] = CDFPoint{Q: q, Ms: at(vals[i])}
	}
	cdf[0].Ms = minMs
	cdf[len(cdf)-1].Ms = maxMs

	k := len(cdfQuantiles)
	return &Latency{
		P50:  at(vals[k]),
		P90:  at(vals[k+1]),
		P95:  at(vals[k+2]),
		P99:  at(vals[k+3]),
		P999: at(vals[k+4]),
		Max:  maxMs,
		Mean: a.latSumNs / float64(a.latCount) / 1e6,
		Min:  minMs,
	}, cdf
}

// flowRates returns each byte-stream flow's goodput over secs seconds, in
// flow id order. Callers hold a.mu.
func (a *Accumulator) flowRates(secs float64) []float64 {
	ids := make([]uint32, 0, len(a.flows))
	for id := range a.flows {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]float64, len(ids))
	for i, id := range ids {
		out[i] = float64(a.flows[id].bytes) * 8 / secs
	}
	return out
}

// jainIndex returns Jain's fairness index (Σx)² / (n·Σx²) of xs: 1 when all
// shares are equal, 1/n when one takes everything. ok is false when every
// share is zero.
func jainIndex(xs []float64) (j float64, ok bool) {
	var sum, sq float64
	for _, x := range xs {
		sum += x
		sq += x * x
	}
	if sq == 0 {
		return 0, false
	}
	return sum * sum / (float64(len(xs)) * sq), true
}

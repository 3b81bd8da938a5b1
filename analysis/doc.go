// Package analysis turns the measurement events of a qosbench run into
// statistics, checks them against a scenario's thresholds, and stores and
// renders the result.
//
// It owns:
//
//   - streaming accumulation of one traffic class's events (Accumulator, which
//     implements traffic.Sink): one-way latency in an HDR histogram, RFC 3550
//     interarrival jitter and its 100 ms series, |IPDV|, loss and loss runs,
//     reordering, duplicates, goodput and its time series, per-flow goodput,
//     DSCP seen at the receiver, and a cheap current rate for progress
//     displays (Accumulator.Rate);
//   - the E-model voice quality estimate (EModel, ScoreVoice: ITU-T G.107
//     R-factor and MOS per codec, with its assumptions recorded);
//   - the per-class statistics record (ClassResult) and where each metric's
//     value lives in it (RegisterMetric binds a metric that package metrics
//     defines to its field; names, units and the threshold grammar are
//     package metrics'), threshold evaluation (Evaluate), comparisons between variants
//     (EvaluateComparisons) and between runs (CompareRuns, Tolerances);
//   - the router's counters per variant (Counters) and the explanation of
//     failed thresholds from them (ExplainThreshold);
//   - the versioned results format (Results, SchemaID) written by `run` and read
//     by `report` and `compare` (WriteResults, ReadResults);
//   - rendering of a Results value: a plain-text table (WriteTable), a
//     Markdown summary (WriteMarkdown), JUnit XML (WriteJUnit), a
//     self-contained HTML report with inline SVG plots (WriteHTML), PNG plots
//     (PlotLatencyCDF, PlotThroughput), all at once (WriteOutputs); and of a
//     run comparison (WriteCompareText, WriteCompareMarkdown,
//     WriteCompareHTML).
//
// It must not touch the lab, a router or the network, and it does not parse
// scenario files or threshold text: callers convert their threshold specs
// into ThresholdSpec, and must not define a metric here that package
// metrics does not (RegisterMetric refuses it).
// Everything here works on plain data, so every function is testable without
// privileges.
//
// # Time
//
// Event times are time.Duration offsets on the run's single monotonic clock
// (traffic.Clock). One-way delay is the receive offset minus the send offset
// carried in the payload. A Window selects the measured part of the run:
// datagrams count when their send time lies in the window, byte-stream data
// when its arrival time does, so warm-up traffic is excluded and packets still
// in flight at the end of the window are counted once they arrive (the caller
// waits for a drain period before calling Accumulator.Result).
//
// # Units
//
// Results and thresholds use canonical units: milliseconds for times, a ratio
// in 0..1 for loss, bits per second for throughput, plain numbers for scores
// and counts. Only the renderers convert (loss in percent, throughput in
// Mbit/s).
package analysis

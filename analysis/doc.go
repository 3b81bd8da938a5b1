// Package analysis turns the measurement events of a qosbench run into
// statistics, checks them against a scenario's thresholds, and stores and
// renders the result.
//
// It owns:
//
//   - streaming accumulation of one traffic class's events (Accumulator, which
//     implements traffic.Sink): one-way latency in an HDR histogram, RFC 3550
//     interarrival jitter, loss, reordering, duplicates, goodput and its time
//     series, DSCP seen at the receiver;
//   - the per-class statistics record (ClassResult) and threshold evaluation
//     (Evaluate);
//   - the versioned results format (Results, SchemaID) written by `run` and read
//     by `report` and `compare` (WriteResults, ReadResults);
//   - rendering of a Results value: a plain-text table (WriteTable) and PNG plots
//     (PlotLatencyCDF, PlotThroughput).
//
// It must not touch the lab, a router or the network, and it does not parse
// scenario files: callers convert their threshold specs into ThresholdSpec.
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
// Results and thresholds use canonical units: milliseconds for latency and
// jitter, a ratio in 0..1 for loss, bits per second for throughput. Only the
// table converts (loss in percent, throughput in Mbit/s).
package analysis

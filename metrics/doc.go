// Package metrics is qosbench's one list of metrics: what a threshold can
// be written on, in which unit, which traffic types measure it, and the
// threshold grammar with its evaluation.
//
// It owns:
//
//   - the metric definitions (Def, Lookup, Names): name, kind of value
//     (time, ratio, rate, score, count, text), the range of a score, and
//     whether a higher value is better; in documentation order;
//   - which traffic types measure which metrics (DeclareType, OfType,
//     TypesOf): each traffic type declares its list once, and scenario
//     validation and reports both read it from here;
//   - the voice codecs the E-model can score (VoiceCodecs, VoiceCodec):
//     a voip class whose codec has no E-model parameters has no mos or
//     rfactor, and validation says so before anything runs;
//   - the threshold grammar of docs/thresholds.md (Parse for
//     "latency.p99 < 30ms when fasttrack=on", ParseComparison for
//     "on vs off: voip.latency.p99 <= +20%") and the units it reads
//     (ParseRate, time units, percentages);
//   - the evaluation of a parsed threshold against a measured value
//     (Holds, IsOp) and the display of a value in its unit (Format).
//
// It does not know where a value comes from: analysis binds each metric to
// the field of its per-class result that holds it (analysis.RegisterMetric
// refuses a name not defined here, and a test checks every name here is
// bound). It must not import any other qosbench package: scenarios and
// analysis, which sit above it, both use it, so it is where they agree.
package metrics

// Package scenarios turns a scenario file into a validated, side-effect-free
// description of one qosbench test: which router configuration to load, the
// lab topology around it, the traffic classes to generate, the variants to
// run and the thresholds that decide pass or fail.
//
// What it owns:
//   - the data model (Scenario and the types below it), which the rest of
//     qosbench consumes as plain data;
//   - the YAML format itself: a strict loader that rejects unknown keys,
//     fills documented defaults, and reports every problem of a file at once
//     as an ErrorList with file:line:col positions;
//   - the grammars shared by that format: DSCP names (ParseDSCP), sizes,
//     durations; rates (ParseRate) and threshold expressions come from
//     package metrics, which defines every metric once;
//   - placing thresholds and comparisons in the scenario: the class
//     exists, its traffic type measures the metric (metrics declared by
//     the type, with its per-class check: no mos for an opus call), the
//     variant exists;
//   - decoding each traffic class: the common keys here, the type's own
//     keys into the Options struct its folder defines (traffic/voip, ...;
//     decoded strictly by field type, then the type's Validate), so adding
//     a key to a type touches only that type's folder; the registry of DUT
//     kinds (RegisterDUTKind);
//   - the built-in office scenario (Office), built around a RouterOS
//     script for users who have no scenario file. It is the one place that
//     reads a script here: to place the config's WAN and LAN in the lab
//     (routeros.InferRoles), before loading the scenario it renders through
//     the same strict loader.
//
// What it must not touch: the kernel (no namespaces, links, qdiscs or
// sockets), routers (no API connections) or anything else live. The only
// side effect of loading is reading the scenario file and checking that the
// referenced RouterOS script exists and is a regular file; the script itself
// is parsed elsewhere (Scenario.ConfigPos lets that parser point back here).
//
// The file format is documented for users in docs/scenario-format.md.
package scenarios

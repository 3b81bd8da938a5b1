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
//   - the grammars shared by that format: rates (ParseRate), DSCP names
//     (ParseDSCP) and threshold expressions (see Threshold);
//   - the registries of traffic types and DUT kinds, so that adding one
//     touches a single place (RegisterTrafficType, RegisterDUTKind);
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

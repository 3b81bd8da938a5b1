// Package fleet owns the record of a fleet: many RouterOS configs, each run
// with the same scenario (run --config on a directory), possibly sharded
// across machines, merged into one report.
//
// It owns:
//
//   - the per-config failure record (ConfigError, ErrorFile) that a config
//     which could not be parsed, deployed or run leaves in its output
//     directory instead of results.json;
//   - the versioned fleet format (Fleet, SchemaID), built from the output
//     directories of any number of shards (Merge) and written as fleet.json;
//   - its renderings: summary.md, junit.xml (one test suite per config) and
//     a self-contained report.html (one row per config, worst first, each
//     linking to the config's own report), all at once (WriteOutputs);
//   - the comparison of two fleets (Compare): which configs regressed.
//
// It works on files and plain data only: it must not touch the lab, a
// router or the network, and it does not run anything (package
// github.com/qosbench/qosbench/fleet does). Its format is described in
// docs/fleet.md.
package fleet

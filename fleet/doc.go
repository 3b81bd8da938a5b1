// Package fleet runs many RouterOS configs one after another on this
// machine, or the share of them that one shard of a job owns, and records
// each config's outcome in its own output directory.
//
// It owns:
//
//   - the list of configs a command line names (Expand: files and
//     directories of .rsc files, in sorted order);
//   - the deterministic partition into shards (Shard, ParseShard,
//     ShardFromEnv for Kubernetes Indexed Jobs): shard K of N owns the
//     configs whose index i has i mod N = K-1;
//   - the loop that runs them (Run), with progress (config i of N, its
//     verdict, time remaining), where a config that cannot be parsed,
//     deployed or run is recorded (analysis/fleet.ConfigError) and the rest
//     still run.
//
// How one config runs is the caller's (Options.RunConfig, which the command
// line builds from the orchestrator); the merged report and its format
// belong to package github.com/qosbench/qosbench/analysis/fleet. This
// package does not touch the lab itself.
package fleet

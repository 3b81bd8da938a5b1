// Command qosbench tests MikroTik RouterOS firewall and QoS configurations
// before they reach a customer's router: it builds a lab of network
// namespaces around a router under test, deploys the config through the
// RouterOS API, runs traffic, and checks thresholds per variant (see
// README.md).
//
// This package is the CLI only: one file per subcommand (run.go, lint.go,
// lab.go, ...) that parses flags, calls the packages below and maps their
// errors to exit codes. It holds no logic of its own: what a run does lives
// in orchestrator and fleet, what a report says in analysis.
package main

// Package all registers every router kind with package dut. Import it for
// its side effect where kinds are chosen by name (the orchestrator, the
// CLI).
package all

// Package all registers every router kind with package dut. Import it for
// its side effect where kinds are chosen by name (the orchestrator, the
// CLI).
package all

import (
	// Each kind registers itself in its init.
	_ "github.com/qosbench/qosbench/dut/chr"
	_ "github.com/qosbench/qosbench/dut/embedded"
	_ "github.com/qosbench/qosbench/dut/routeros"
	_ "github.com/qosbench/qosbench/dut/vm"
)

package all

import (
	// Each kind registers itself in its init.
	_ "github.com/qosbench/qosbench/dut/chr"
	_ "github.com/qosbench/qosbench/dut/embedded"
	_ "github.com/qosbench/qosbench/dut/routeros"
	_ "github.com/qosbench/qosbench/dut/vm"
)

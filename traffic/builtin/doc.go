// Package builtin links qosbench's built-in traffic types: importing it
// registers voip, web, bulk, udp and probe with package traffic (and their
// metrics with package metrics). The scenario loader imports it, so every
// program that loads scenarios knows them.
//
// It holds no code of its own; a new built-in type is one more import here.
package builtin

import (
	// Each type registers itself in its init function.
	_ "github.com/qosbench/qosbench/traffic/bulk"
	_ "github.com/qosbench/qosbench/traffic/probe"
	_ "github.com/qosbench/qosbench/traffic/udp"
	_ "github.com/qosbench/qosbench/traffic/voip"
	_ "github.com/qosbench/qosbench/traffic/web"
)

package api

import (
	"context"
	"errors"

	"github.com/qosbench/qosbench/routeros"
)

// ErrInvalidConfig is wrapped by Backend.Apply when the configuration
// cannot be reproduced (as opposed to a kernel failure). The server
// answers it with a !trap of category 1 (argument value failure).
var ErrInvalidConfig = errors.New("configuration rejected")

// Backend is the router the server configures. Calls are serialised by the
// server; implementations need not be safe for concurrent use.
type Backend interface {
	// Apply replaces the whole packet-path configuration with cfg. On
	// error the previous configuration must still be in force.
	Apply(ctx context.Context, cfg *routeros.Config) error
	// Stats returns the counters of the configuration last applied.
	Stats(ctx context.Context) (Stats, error)
	// Interfaces lists the router's interfaces (never the management link).
	Interfaces(ctx context.Context) ([]Interface, error)
}

// Checker is implemented by backends that can check a configuration
// without applying it. The server then applies edits in batches (see
// Server.commit): each edit is checked at once, and refused as Apply would
// refuse it, while the packet path is reloaded once per batch.
type Checker interface {
	// Check returns the error Apply would return for cfg as invalid
	// (wrapping ErrInvalidConfig), without changing anything.
	Check(cfg *routeros.Config) error
}

// Stats are the counters the API reports.
type Stats struct {
	// Items maps an index in the applied Config.Items to its counters.
	// Items without an entry report zeros.
	Items map[int]ItemStats
	// Fasttrack counts fast-tracked packets (/ip/settings).
	FasttrackPackets, FasttrackBytes uint64
}

// ItemStats are the counters of one rule or queue. Simple queues count
// each direction; RouterOS prints them as "upload/download".
type ItemStats struct {
	Packets, Bytes, Dropped uint64
	Up, Down                *DirStats // simple queues only
}

// DirStats are the counters of one direction of a simple queue.
type DirStats struct{ Packets, Bytes, Dropped uint64 }

// Interface is one router interface as /interface print shows it.
type Interface struct {
	Name    string
	Type    string // RouterOS type: "ether", "bridge", ...
	Running bool
	MTU     int
	MAC     string
	// Addrs are the interface's IPv4 addresses with their prefix length
	// ("192.168.88.1/24"), for /ip/address.
	Addrs []string
	// Counters since the interface was created.
	RxBytes, TxBytes, RxPackets, TxPackets, RxDrops, TxDrops uint64
}

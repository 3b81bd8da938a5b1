package bulk

import (
	"fmt"
)

// bulk: greedy transfers that fill whatever capacity is left, the load that
// VoIP has to survive. TCP has no per-packet timestamps of ours, so only
// throughput can be judged.

const maxFlows = 64

func validateBulk(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Flows == 0 {
		t.Flows = 1
	}
	if t.Flows > maxFlows {
		report("flows", fmt.Sprintf("at most %d flows, got %d", maxFlows, t.Flows))
	}
	switch t.Proto {
	case "":
		t.Proto = "tcp"
	case "tcp":
	case "udp":
		report("proto", "udp is not supported yet by type bulk")
	default:
		report("proto", fmt.Sprintf("unknown proto %q; expected tcp", t.Proto))
	}
}

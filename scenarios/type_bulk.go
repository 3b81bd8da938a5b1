package scenarios

import "fmt"

// bulk: greedy transfers that fill whatever capacity is left, the load that
// VoIP has to survive. TCP has no per-packet timestamps of ours, so only
// throughput can be judged.

const maxFlows = 64

func init() {
	RegisterTrafficType("bulk", validateBulk, TrafficFields("proto", "flows", "port"), TrafficMetrics("throughput", "fairness"))
}

func validateBulk(t *Traffic, report func(field string, pos Pos, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Flows == 0 {
		t.Flows = 1
	}
	if t.Flows > maxFlows {
		report("flows", Pos{}, fmt.Sprintf("at most %d flows, got %d", maxFlows, t.Flows))
	}
	switch t.Proto {
	case "":
		t.Proto = "tcp"
	case "tcp":
	case "udp":
		report("proto", Pos{}, "udp is not supported yet by type bulk")
	default:
		report("proto", Pos{}, fmt.Sprintf("unknown proto %q; expected tcp", t.Proto))
	}
}

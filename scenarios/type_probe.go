package scenarios

import (
	"fmt"
	"regexp"
	"slices"
)

// probe: a firewall check with an expected verdict. One class is one check:
// a connection attempt, datagram or ping from a zone to a target, or a
// crafted packet (an ACK or FIN with no connection, a spoofed source).

var (
	probeProtos = []string{"tcp", "udp", "icmp"}
	probeCrafts = []string{"ack", "fin", "spoof"}
	probeTarget = regexp.MustCompile(`^(router|(lan|wan)[1-9][0-9]*)$`)
)

func init() {
	RegisterTrafficType("probe", validateProbe,
		TrafficFields("proto", "from", "to", "port", "expect", "craft", "ttl", "count"),
		TrafficMetrics("verdict"))
}

func validateProbe(t *Traffic, report func(field string, pos Pos, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Proto == "" {
		t.Proto = "tcp"
	}
	if !slices.Contains(probeProtos, t.Proto) {
		report("proto", Pos{}, fmt.Sprintf("unknown proto %q%s; expected tcp, udp or icmp", t.Proto, didYouMean(t.Proto, probeProtos)))
	}
	if t.From == "" {
		t.From = "lan"
	}
	if t.From != "lan" && t.From != "wan" {
		report("from", Pos{}, fmt.Sprintf("unknown zone %q; expected lan or wan", t.From))
	}
	switch {
	case t.To == "":
		report("to", Pos{}, "required: a host (lan1, wan1, ...) or router")
	case !probeTarget.MatchString(t.To):
		report("to", Pos{}, fmt.Sprintf("unknown target %q; expected a host such as lan1 or wan1, or router", t.To))
	}
	if t.Proto != "icmp" && t.Port == 0 {
		report("port", Pos{}, "required for tcp and udp probes")
	}
	if t.Proto == "icmp" && t.Port != 0 {
		report("port", Pos{}, "icmp probes have no port")
	}
	switch t.Expect {
	case "allow", "deny":
	case "":
		report("expect", Pos{}, "required: allow or deny")
	default:
		report("expect", Pos{}, fmt.Sprintf("unknown verdict %q; expected allow or deny", t.Expect))
	}
	if t.Craft != "" {
		if !slices.Contains(probeCrafts, t.Craft) {
			report("craft", Pos{}, fmt.Sprintf("unknown crafted packet %q%s; expected ack, fin or spoof", t.Craft, didYouMean(t.Craft, probeCrafts)))
		} else if (t.Craft == "ack" || t.Craft == "fin") && t.Proto != "tcp" {
			report("craft", Pos{}, fmt.Sprintf("craft %s needs proto tcp", t.Craft))
		}
	}
	if t.TTL > 255 {
		report("ttl", Pos{}, fmt.Sprintf("TTL must be 1..255, got %d", t.TTL))
	}
	if t.Count == 0 {
		t.Count = 3
	}
	if t.Count > 100 {
		report("count", Pos{}, fmt.Sprintf("at most 100 attempts, got %d", t.Count))
	}
}

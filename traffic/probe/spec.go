package probe

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/metrics"
)

// probe: a firewall check with an expected verdict. One class is one check:
// a connection attempt, datagram or ping from a zone to a target, a
// crafted packet (an ACK or FIN with no connection, a spoofed source), or a
// connection to one of the router's management services.

var (
	probeProtos = []string{"tcp", "udp", "icmp"}
	probeCrafts = []string{"ack", "fin", "spoof"}
	probeTarget = regexp.MustCompile(`^(router|(lan|wan)[1-9][0-9]*)$`)
)

// probeServices are the router's management services a probe can name
// with `service:`, in RouterOS's /ip service print order. They are the
// routeros package's service names; traffic types do not read configs, so
// the list is repeated here (a test in scenarios keeps the two equal).
var probeServices = []string{"telnet", "ftp", "www", "ssh", "www-ssl", "api", "winbox", "api-ssl"}

// Services returns the service names a probe accepts in `service:`
// (RouterOS's /ip service names, in its print order).
func Services() []string { return slices.Clone(probeServices) }

func validateProbe(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Service != "" {
		validateServiceTarget(t, report)
	} else {
		validatePlainTarget(t, report)
	}
	switch t.Expect {
	case "allow", "deny":
	case "":
		report("expect", "required: allow or deny")
	default:
		report("expect", fmt.Sprintf("unknown verdict %q; expected allow or deny", t.Expect))
	}
	switch {
	case t.Craft == "":
	case t.Service != "":
		report("craft", "a service probe makes a real connection; craft is for probes without service")
	case !slices.Contains(probeCrafts, t.Craft):
		report("craft", fmt.Sprintf("unknown crafted packet %q%s; expected ack, fin or spoof", t.Craft, metrics.DidYouMean(t.Craft, probeCrafts)))
	case (t.Craft == "ack" || t.Craft == "fin") && t.Proto != "tcp":
		report("craft", fmt.Sprintf("craft %s needs proto tcp", t.Craft))
	}
	if t.TTL > 255 {
		report("ttl", fmt.Sprintf("TTL must be 1..255, got %d", t.TTL))
	}
	if t.Count == 0 {
		t.Count = 3
	}
	if t.Count > 100 {
		report("count", fmt.Sprintf("at most 100 attempts, got %d", t.Count))
	}
}

// validateProbeFrom defaults and checks the zone a probe starts in.
func validateProbeFrom(t class, report func(field, msg string)) {
	if t.From == "" {
		t.From = "lan"
	}
	if t.From != "lan" && t.From != "wan" {
		report("from", fmt.Sprintf("unknown zone %q; expected lan or wan", t.From))
	}
}

// validatePlainTarget checks what a probe without service sends where: a
// protocol, a zone, a target host or the router, and a port for tcp/udp.
func validatePlainTarget(t class, report func(field, msg string)) {
	if t.Proto == "" {
		t.Proto = "tcp"
	}
	if !slices.Contains(probeProtos, t.Proto) {
		report("proto", fmt.Sprintf("unknown proto %q%s; expected tcp, udp or icmp", t.Proto, metrics.DidYouMean(t.Proto, probeProtos)))
	}
	validateProbeFrom(t, report)
	switch {
	case t.To == "":
		report("to", "required: a host (lan1, wan1, ...) or router")
	case !probeTarget.MatchString(t.To):
		report("to", fmt.Sprintf("unknown target %q; expected a host such as lan1 or wan1, or router", t.To))
	}
	if t.Proto != "icmp" && t.Port == 0 {
		report("port", "required for tcp and udp probes")
	}
	if t.Proto == "icmp" && t.Port != 0 {
		report("port", "icmp probes have no port")
	}
}

// validateServiceTarget checks a probe of a router service: a TCP
// connection to the router whose port, when not written, is the one the
// deployed config gives the service.
func validateServiceTarget(t class, report func(field, msg string)) {
	if !slices.Contains(probeServices, t.Service) {
		report("service", fmt.Sprintf("unknown service %q%s; expected one of %s", t.Service, metrics.DidYouMean(t.Service, probeServices), strings.Join(probeServices, ", ")))
	}
	if t.Proto == "" {
		t.Proto = "tcp"
	}
	if t.Proto != "tcp" {
		report("proto", fmt.Sprintf("a service probe connects over tcp, not %s (omit proto)", t.Proto))
	}
	validateProbeFrom(t, report)
	if t.To == "" {
		t.To = "router"
	}
	if t.To != "router" {
		report("to", fmt.Sprintf("a service probe targets the router, not %q (omit to, or write to: router)", t.To))
	}
	// Port is optional: 0 means the service's port in the deployed config.
}

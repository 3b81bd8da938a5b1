package orchestrator

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic"
	"github.com/qosbench/qosbench/traffic/probe"
)

// servicePort gives a service probe without a port the port the deployed
// config gives its service (the RouterOS default unless /ip service set
// changes it). A disabled service keeps its configured port: the probe
// then finds nothing listening there, which is the verdict to report. A
// spec that is not a service probe, or has a port, is returned unchanged.
func servicePort(spec traffic.Spec, services []routeros.Service) traffic.Spec {
	o := probe.Of(spec)
	if o == nil || o.Service == "" || o.Port != 0 {
		return spec
	}
	c := *o // the scenario's options stay as written
	for _, s := range services {
		if s.Name == c.Service {
			c.Port = s.Port
		}
	}
	spec.Options = &c
	return spec
}

// serviceProbeNotes says, for each service probe of s, which port it
// connects to and what cfg says of the service (disabled, restricted to
// addresses), so a report explains a verdict that follows from the service
// table rather than from the firewall.
func serviceProbeNotes(s *scenarios.Scenario, cfg *routeros.Config) []string {
	services := routeros.Services(cfg)
	var notes []string
	for _, t := range s.Traffic {
		p := probe.Of(t.Spec)
		if p == nil || p.Service == "" {
			continue
		}
		port := probe.Of(servicePort(t.Spec, services)).Port
		var svc *routeros.Service
		for i := range services {
			if services[i].Name == p.Service {
				svc = &services[i]
			}
		}
		if svc == nil {
			continue
		}
		where := "RouterOS default"
		if svc.File != "" {
			where = fmt.Sprintf("%s:%d", filepath.Base(svc.File), svc.Line)
		}
		n := fmt.Sprintf("probe %s: service %s on port %d", t.Class, p.Service, port)
		switch {
		case port != svc.Port:
			n += fmt.Sprintf(" (the scenario's port; the config serves %s on %d, %s)", p.Service, svc.Port, where)
		default:
			n += " (" + where + ")"
		}
		if svc.Disabled {
			n += fmt.Sprintf("; the config disables %s, so nothing should listen", p.Service)
		} else if len(svc.Address) > 0 {
			n += fmt.Sprintf("; the config restricts %s to %v", p.Service, svc.Address)
		}
		notes = append(notes, n)
	}
	return notes
}

// explainProbes adds to every failed verdict threshold of vr what its
// probe's attempts saw (the replies by count) and what that reply means,
// so "verdict == deny" failing on a management service says whether the
// service answered, or was refused, unanswered or reset.
func explainProbes(vr *analysis.VariantResult) {
	for i := range vr.Thresholds {
		th := &vr.Thresholds[i]
		if th.Pass || th.Metric != analysis.MetricVerdict {
			continue
		}
		for j := range vr.Classes {
			if c := &vr.Classes[j]; c.Name == th.Class && len(c.Replies) > 0 {
				th.Evidence = append(probeEvidence(c), th.Evidence...)
			}
		}
	}
}

// probeEvidence describes a probe class's attempts: the verdicts and
// replies by count, and what each kind of service reply tells.
func probeEvidence(c *analysis.ClassResult) []string {
	counts := func(m map[string]uint64) string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		// Most frequent first, then by name, so the text is stable.
		sort.Slice(keys, func(a, b int) bool {
			if m[keys[a]] != m[keys[b]] {
				return m[keys[a]] > m[keys[b]]
			}
			return keys[a] < keys[b]
		})
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s x%d", k, m[k]))
		}
		return strings.Join(parts, ", ")
	}
	out := []string{fmt.Sprintf("expected %s; attempts: %s; replies: %s", c.Expected, counts(c.Verdicts), counts(c.Replies))}
	seen := map[string]bool{}
	for r := range c.Replies {
		kind := r
		if strings.HasPrefix(r, "answered: ") {
			kind = "answered"
		}
		if h := replyHints[kind]; h != "" && !seen[kind] {
			seen[kind] = true
			out = append(out, r+": "+h)
		}
	}
	sort.Strings(out[1:])
	return out
}

// replyHints say what a probe's reply means for the config: the
// replies of service probes (traffic.Reply*), then those of the others.
var replyHints = map[string]string{
	"answered":                 "the service answered: no input rule stops this source and the service's address list (if any) includes it",
	traffic.ReplySilentOpen:    "the connection was accepted but the service never answered the probe's hello: no proof it is reachable, counted as deny (a router too busy to reject the connection looks the same)",
	traffic.ReplyRefused:       "nothing listens on the port: the service is disabled or on another port (see the notes), or a rule rejects with tcp-reset",
	traffic.ReplyUnreachable:   "a rule rejects the connection with an ICMP error",
	traffic.ReplyNoAnswer:      "the SYN got no answer: an input rule drops it",
	traffic.ReplyServiceReset:  "the service accepted and dropped the connection at once: its address list (/ip service address=) excludes this source",
	traffic.ReplyServiceClosed: "the service accepted and closed the connection at once: its address list (/ip service address=) excludes this source",

	"syn-ack":          "the target accepted the connection: no rule stops it",
	"reply":            "the target answered: no rule stops the probe or its answer",
	"rst":              "refused with a TCP reset: a reject rule, or nothing listening",
	"icmp-unreachable": "refused with an ICMP error: a reject rule, or no route",
	"none":             "nothing came back within 3 s: a rule drops the probe or its answer (or the answer has no way back, e.g. no NAT towards an ISP that drops private sources)",
}

// probeAttemptNotes notes each probe class of s that made fewer attempts
// than its count: an unanswered attempt waits 3 s, so a short run cuts a
// probe's attempts, which the verdict (a fraction of attempts) hides.
func probeAttemptNotes(s *scenarios.Scenario, vr *analysis.VariantResult) []string {
	var notes []string
	for _, t := range s.Traffic {
		p := probe.Of(t.Spec)
		if p == nil || p.Count == 0 {
			continue
		}
		for _, c := range vr.Classes {
			if c.Name != t.Class {
				continue
			}
			var n uint64
			for _, k := range c.Verdicts {
				n += k
			}
			if n < uint64(p.Count) {
				notes = append(notes, fmt.Sprintf("probe %s: %d of %d attempts before the run ended (an unanswered attempt waits 3 s; a longer duration gives them all)", t.Class, n, p.Count))
			}
		}
	}
	return notes
}

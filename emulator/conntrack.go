package emulator

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// conntrackSysctls maps the /ip firewall connection tracking settings
// that change what happens to packets to the per-namespace netfilter
// sysctls that do the same (reference §4.6 and §9.8): how long an idle
// connection is remembered in each state (after that, its next packet is
// "new" or "invalid" again, and NAT and connection marks are gone), and
// loose-tcp-tracking (yes: a TCP packet of a connection the router has
// not seen from its start is picked up as established; no: it is
// invalid).
var conntrackSysctls = map[string]string{
	"tcp-syn-sent-timeout":     "net.netfilter.nf_conntrack_tcp_timeout_syn_sent",
	"tcp-syn-received-timeout": "net.netfilter.nf_conntrack_tcp_timeout_syn_recv",
	"tcp-established-timeout":  "net.netfilter.nf_conntrack_tcp_timeout_established",
	"tcp-fin-wait-timeout":     "net.netfilter.nf_conntrack_tcp_timeout_fin_wait",
	"tcp-close-wait-timeout":   "net.netfilter.nf_conntrack_tcp_timeout_close_wait",
	"tcp-last-ack-timeout":     "net.netfilter.nf_conntrack_tcp_timeout_last_ack",
	"tcp-time-wait-timeout":    "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
	"tcp-close-timeout":        "net.netfilter.nf_conntrack_tcp_timeout_close",
	"udp-timeout":              "net.netfilter.nf_conntrack_udp_timeout",
	"udp-stream-timeout":       "net.netfilter.nf_conntrack_udp_timeout_stream",
	"icmp-timeout":             "net.netfilter.nf_conntrack_icmp_timeout",
	"generic-timeout":          "net.netfilter.nf_conntrack_generic_timeout",
	"loose-tcp-tracking":       "net.netfilter.nf_conntrack_tcp_loose",
}

// conntrackSettings turns /ip firewall connection tracking into sysctls
// for the plan. enabled=no (no connection tracking at all) is refused:
// every stateful matcher and NAT would change meaning. Settings that do
// not change packets in the lab (tcp-max-retrans-timeout,
// tcp-unacked-timeout) are noted as not applied.
func (t *translator) conntrackSettings() {
	for _, it := range t.cfg.Settings {
		if it.Menu != routeros.MenuConntrack {
			continue
		}
		for _, p := range it.Props {
			key := conntrackSysctls[p.Key]
			switch {
			case p.Key == "enabled":
				if p.Value == "no" || p.Value == "false" {
					t.errf(it, "connection tracking enabled=no is not reproduced: the embedded router always tracks connections")
				}
			case p.Key == "loose-tcp-tracking":
				v := "0"
				if routeros.IsTrue(p.Value) {
					v = "1"
				}
				t.sysctl(key, v)
			case key != "":
				d, err := routeros.ParseDuration(p.Value)
				if err != nil || d.Seconds() < 1 {
					t.errf(it, "connection tracking %s=%s: not a duration of at least 1s", p.Key, p.Value)
					continue
				}
				t.sysctl(key, strconv.Itoa(int(d.Seconds())))
			default:
				t.note("connection tracking %s=%s is not applied by the embedded router", p.Key, p.Value)
			}
		}
	}
}

func (t *translator) sysctl(key, value string) {
	if t.plan.Sysctls == nil {
		t.plan.Sysctls = map[string]string{}
	}
	t.plan.Sysctls[key] = value
}

// applySysctls writes the plan's sysctls, and puts back the value the
// namespace had before for every sysctl an earlier plan set and this one
// does not.
func (r *Router) applySysctls(ctx context.Context, want map[string]string) error {
	if r.sysctlOrig == nil {
		r.sysctlOrig = map[string]string{}
	}
	for key := range want {
		if _, saved := r.sysctlOrig[key]; saved {
			continue
		}
		out, err := r.ns.Run(ctx, "", "cat", path.Join("/proc/sys", strings.ReplaceAll(key, ".", "/")))
		if err != nil {
			return fmt.Errorf("embedded: read %s: %w", key, err)
		}
		r.sysctlOrig[key] = strings.TrimSpace(out)
	}
	for key, orig := range r.sysctlOrig {
		v, ok := want[key]
		if !ok {
			v = orig
		}
		if err := r.ns.WriteSysctl(key, v); err != nil {
			return fmt.Errorf("embedded: connection tracking: %w", err)
		}
	}
	return nil
}

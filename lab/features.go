package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNotRoot is returned when the lab needs privileges the process lacks.
var ErrNotRoot = errors.New("lab: qosbench needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces; run it with sudo")

// ErrMissingFeature wraps every missing kernel feature or tool.
var ErrMissingFeature = errors.New("lab: missing kernel feature or tool")

// Feature is the outcome of one probe.
type Feature struct {
	Name   string // e.g. "tc qdisc htb"
	OK     bool
	Detail string // why it failed, or what was found
	// Needed says whether the embedded lab cannot run without it.
	Needed bool
	// Qdisc names the tc qdisc kind an optional probe checked ("sfq"), so
	// the router can offer queue types that need it.
	Qdisc string
}

// FeatureFlowtable names the optional probe of nft flowtables
// (nf_flow_table), which the router uses for FastTrack when present.
const FeatureFlowtable = "nftables flowtable"

// DetectFeatures tries, in a throwaway namespace, every kernel feature and tool the
// embedded lab uses, and reports each. It changes nothing outside that
// namespace and removes it before returning.
func DetectFeatures(ctx context.Context) []Feature {
	var out []Feature
	add := func(name string, needed bool, err error, okDetail string) {
		f := Feature{Name: name, OK: err == nil, Needed: needed, Detail: okDetail}
		if err != nil {
			f.Detail = err.Error()
		}
		out = append(out, f)
	}
	if os.Geteuid() != 0 {
		add("root privileges", true, ErrNotRoot, "")
		return out
	}
	add("root privileges", true, nil, "euid 0")
	for _, tool := range []struct{ name, pkg string }{{"nft", "nftables"}, {"tc", "iproute2"}, {"nsenter", "util-linux"}} {
		p, err := exec.LookPath(tool.name)
		if err != nil {
			err = fmt.Errorf("%s not found in PATH (Debian package %s; `make deps` installs it)", tool.name, tool.pkg)
		}
		add("tool "+tool.name, true, err, p)
	}
	// A probe killed before its deferred delete (SIGKILL, or a signal the
	// command does not handle) leaves its namespace; the next probe removes
	// those of processes that are gone. The name carries the prober's pid
	// for that, and the lab-name form, so `lab down --all` finds them too.
	sweepStaleProbes()
	name := probeName(os.Getpid())
	ns, err := createNS(name)
	add("network namespaces", true, err, "")
	if err != nil {
		return out
	}
	defer deleteNS(name)
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	fresh := func() error { // a veth pair inside the probe namespace
		_, _ = ns.Run(ctx, "", "ip", "link", "del", "pa")
		_, err = ns.Run(ctx, "", "ip", "link", "add", "pa", "type", "veth", "peer", "name", "pb")
		if err == nil {
			_, err = ns.Run(ctx, "", "ip", "link", "set", "pa", "up")
		}
		return err
	}
	add("veth", true, fresh(), "")
	tcTry := func(name string, needed bool, batch string) {
		_ = fresh()
		_, err := ns.Run(ctx, batch, "tc", "-batch", "-")
		if err != nil {
			err = fmt.Errorf("%w (kernel module for %s missing?)", err, name)
		}
		add(name, needed, err, "")
	}
	tcTry("tc qdisc htb + pfifo/bfifo", true, "qdisc add dev pa root handle 1: htb default 1\nclass add dev pa parent 1: classid 1:1 htb rate 10mbit\nqdisc add dev pa parent 1:1 handle 10: bfifo limit 10000\nqdisc add dev pb root pfifo limit 10\n")
	tcTry("tc size table (stab)", true, "qdisc add dev pa root handle 1: stab overhead -14 linklayer ethernet htb default 0\n")
	_, ierr := ns.Run(ctx, "", "ip", "link", "add", "ifbp", "type", "ifb")
	add("ifb device", true, ierr, "")
	tcTry("tc ingress + u32 + mirred", true, "qdisc add dev pa handle ffff: ingress\nfilter add dev pa parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ifbp\n")
	for _, q := range []struct{ kind, args string }{
		{"tbf", "rate 1mbit burst 3000 limit 10000"},
		{"sfq", ""},
		{"fq_codel", ""},
		{"codel", ""},
		{"cake", ""},
		{"netem", "delay 1ms"},
		{"red", "limit 100000 min 10000 max 30000 avpkt 1000 burst 20 probability 0.02 bandwidth 10mbit"},
	} {
		tcTry("tc qdisc "+q.kind, false, "qdisc add dev pa root "+q.kind+" "+q.args+"\n")
		out[len(out)-1].Qdisc = q.kind
	}
	nftTry := func(name string, needed bool, rules string) {
		_, _ = ns.Run(ctx, "", "nft", "flush", "ruleset")
		_, err := ns.Run(ctx, rules, "nft", "-f", "-")
		add(name, needed, err, "")
	}
	nftTry("nftables conntrack + marks + meta priority", true, "table inet p {\n chain c { type filter hook postrouting priority 0; ct state established ct mark set ct mark | 0x80000000 meta mark set 1 meta priority set 1:10 accept; }\n}\n")
	nftTry("nftables nat (masquerade)", false, "table ip p {\n chain c { type nat hook postrouting priority 100; oifname \"pa\" masquerade; }\n}\n")
	nftTry(FeatureFlowtable, false, "table inet p {\n flowtable f { hook ingress priority 0; devices = { pa }; }\n}\n")
	return out
}

// probePrefix starts the namespace name of a feature probe:
// qosb-probe<pid>-x, a lab name whose id is probe<pid>.
const probePrefix = NamePrefix + "probe"

func probeName(pid int) string { return fmt.Sprintf("%s%d-x", probePrefix, pid) }

// probePID returns the pid in a probe namespace's name, or 0.
func probePID(ns string) int {
	rest, ok := strings.CutPrefix(ns, probePrefix)
	if !ok {
		return 0
	}
	rest, ok = strings.CutSuffix(rest, "-x")
	if !ok {
		return 0
	}
	pid, err := strconv.Atoi(rest)
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// sweepStaleProbes removes the probe namespaces of processes that no longer
// run. It leaves those of live processes, which may be probing right now.
func sweepStaleProbes() {
	names, err := listNS()
	if err != nil {
		return
	}
	for _, n := range names {
		pid := probePID(n)
		if pid == 0 || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
			continue // alive
		}
		killProcessesIn(&NS{Name: n})
		_ = deleteNS(n)
	}
}

// Missing returns the needed features that failed, as one error wrapping
// ErrMissingFeature (and ErrNotRoot when that is the cause), or nil.
func Missing(fs []Feature) error {
	var msgs []string
	notRoot := false
	for _, f := range fs {
		if f.Needed && !f.OK {
			msgs = append(msgs, f.Name+": "+f.Detail)
			if f.Name == "root privileges" {
				notRoot = true
			}
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	if notRoot {
		return ErrNotRoot
	}
	return fmt.Errorf("%w:\n  %s", ErrMissingFeature, strings.Join(msgs, "\n  "))
}

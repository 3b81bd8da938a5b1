package main

import (
	"fmt"
	"net"
	"os/exec"
	"sort"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/traffic"
	"github.com/spf13/cobra"
)

func (a *app) doctorCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check privileges, tools, kernel features and timing the lab needs",
		Long: "doctor probes, in a throwaway namespace, every kernel feature and tool the embedded lab uses\n" +
			"and prints what is there and what is missing. Features marked optional are used when present\n" +
			"(for queue types such as sfq or red). It then measures this machine's timer overshoot and the\n" +
			"pacing error of qosbench's paced sender, checks kernel receive timestamps and raw sockets,\n" +
			"lists the benchmark tools, and shows the offload state of the interfaces of labs that are up.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fs := lab.DetectFeatures(cmd.Context())
			for _, f := range fs {
				state := "ok"
				if !f.OK {
					state = "MISSING"
					if !f.Needed {
						state = "absent (optional)"
					}
				}
				fmt.Fprintf(a.stdout, "%-45s %s\n", f.Name, state)
				if !f.OK && a.verbose {
					fmt.Fprintf(a.stdout, "    %s\n", f.Detail)
				}
			}
			a.doctorTraffic()
			return withCode(exitRuntime, lab.Missing(fs))
		},
	}
}

// doctorTraffic prints what the traffic engine depends on: timing, kernel
// timestamps, raw sockets, benchmark tools, and offloads of live labs.
func (a *app) doctorTraffic() {
	w := a.stdout
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d)/1e6) }
	ts := "ok (SO_TIMESTAMPNS)"
	if !traffic.KernelTimestamps() {
		ts = "absent (receive times taken on read)"
	}
	fmt.Fprintf(w, "%-45s %s\n", "kernel UDP receive timestamps", ts)
	if err := traffic.RawSockets(); err != nil {
		fmt.Fprintf(w, "%-45s MISSING (%v): probe craft and bench raw sender unavailable\n", "raw sockets (AF_PACKET, IPPROTO_RAW)", err)
	} else {
		fmt.Fprintf(w, "%-45s ok\n", "raw sockets (AF_PACKET, IPPROTO_RAW)")
	}
	for _, d := range []time.Duration{100 * time.Microsecond, time.Millisecond} {
		s := traffic.TimerOvershoot(d, 200)
		fmt.Fprintf(w, "%-45s p50 %s  p99 %s  max %s ms\n", fmt.Sprintf("timer overshoot, %v sleep", d), ms(s.P50), ms(s.P99), ms(s.Max))
	}
	for _, pps := range []float64{50, 10_000} {
		s, skipped := traffic.PacingError(pps, time.Second)
		fmt.Fprintf(w, "%-45s p50 %s  p99 %s  max %s ms, %d slots skipped\n", fmt.Sprintf("pacing error at %.0f pkt/s (1 s)", pps), ms(s.P50), ms(s.P99), ms(s.Max), skipped)
	}
	for _, t := range []struct{ name, pkg string }{{"iperf3", "iperf3"}, {"trafgen", "netsniff-ng"}, {"irtt", "irtt"}} {
		state := "ok"
		if _, err := exec.LookPath(t.name); err != nil {
			state = "absent (optional, for `qosbench bench`; apt-get install " + t.pkg + ")"
		}
		fmt.Fprintf(w, "%-45s %s\n", "tool "+t.name, state)
	}
	labs, err := lab.Labs()
	if err != nil || len(labs) == 0 {
		fmt.Fprintf(w, "%-45s %s\n", "offloads of lab interfaces", "no lab up (labs turn TSO/GSO/GRO off on every veth they create)")
		return
	}
	ids := make([]string, 0, len(labs))
	for id := range labs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, name := range labs[id] {
			ns := &lab.NS{Name: name}
			var ifs []net.Interface
			_ = ns.Do(func() error {
				var err error
				ifs, err = net.Interfaces()
				return err
			})
			for _, ifc := range ifs {
				if ifc.Flags&net.FlagLoopback != 0 {
					continue
				}
				o, err := ns.Offloads(ifc.Name)
				state := "off"
				switch {
				case err != nil:
					state = "unknown: " + err.Error()
				case o.Any():
					state = "ON: " + o.String() + " (aggregated packets distort packet counts)"
				}
				fmt.Fprintf(w, "%-45s %s\n", fmt.Sprintf("offloads %s/%s", name, ifc.Name), state)
			}
		}
	}
}

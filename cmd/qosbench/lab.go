package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/spf13/cobra"
)

func (a *app) labCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Build, inspect and remove a scenario's lab by hand",
	}
	var upID string
	var upDUT dutOverride
	up := &cobra.Command{
		Use:   "up SCENARIO",
		Short: "Build the lab and deploy the first variant's config; leave it running",
		Long: "up builds the scenario's lab (namespaces named qosb-<id>-<role>), deploys the config of the\n" +
			"first variant to the router under test and leaves everything in place for inspection with\n" +
			"`ip netns exec`. The id defaults to the scenario's name. Remove it with `qosbench lab down`.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// SIGINT and SIGTERM cancel the bring-up, which then removes
			// what it built, as run does (they left whole labs before).
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			a.progress("lab up: checking %s and probing kernel features", args[0])
			p, err := prepareForKernel(ctx, args[0], upDUT)
			if err != nil {
				if ctx.Err() != nil {
					return withCode(exitInterrupted, errors.New("interrupted; nothing was built"))
				}
				return err
			}
			a.warnRejected(p)
			id := upID
			if id == "" {
				id = lab.IDFromName(p.Scenario.Name)
			}
			a.progress("lab up: building lab %s, starting the router, deploying variant %s", id, p.Variants[0].Variant.Name)
			up, err := orchestrator.BringUp(ctx, p, id, a.logger())
			if err == nil && ctx.Err() != nil {
				// Interrupted just as it finished: the user asked to stop.
				err = errors.Join(ctx.Err(), up.Lab.Destroy())
			}
			if err != nil {
				if ctx.Err() != nil {
					if ok, _ := lab.Exists(id); ok {
						return withCode(exitInterrupted, fmt.Errorf("interrupted; removing lab %s failed (qosbench lab down --id %s): %w", id, id, err))
					}
					return withCode(exitInterrupted, fmt.Errorf("interrupted; lab %s was removed", id))
				}
				return withCode(exitRuntime, err)
			}
			stop()
			l := up.Lab
			fmt.Fprintf(a.stdout, "lab %s is up (dut %s, variant %s deployed through the RouterOS API)\n", id, up.Kind, up.Variant)
			for _, n := range up.Notes {
				fmt.Fprintf(a.stdout, "  note: %s\n", n)
			}
			// tc and nft need the Linux device of a port whose RouterOS
			// name is too long for Linux; show it next to the name.
			port := func(ros string) string {
				if dev := l.Device(ros); dev != ros {
					return ros + " (device " + dev + ")"
				}
				return ros
			}
			where := l.DUT.Name
			if l.Spec.RouterOutside {
				// The DUT namespace only wires the ports to a router
				// outside it (a VM, a RouterBOARD).
				where = "wired via " + l.DUT.Name
			}
			fmt.Fprintf(a.stdout, "  router   %-24s %s %s, %s %s\n", where, port(p.Scenario.Lab.LAN.Interface), l.RouterLAN, port(p.Scenario.Lab.WAN.Interface), l.RouterWAN)
			for _, h := range append(append([]*lab.Host(nil), l.LANHosts...), l.WANHosts...) {
				fmt.Fprintf(a.stdout, "  %-8s %-24s eth0 %s\n", h.Name, h.NS.Name, h.Addr)
			}
			fmt.Fprintf(a.stdout, "  uplink   %-24s up %d bit/s, down %d bit/s, buffer %s\n", l.ISP.Name, l.Spec.Uplink.Up, l.Spec.Uplink.Down, l.Spec.Uplink.Buffer)
			if up.CredsFile != "" {
				fmt.Fprintf(a.stdout, "  api      %-24s api-ssl %s (login in %s, CA %s)\n", l.Mgmt.Name, up.APIAddress, up.CredsFile, up.CAFile)
			} else {
				fmt.Fprintf(a.stdout, "  api      %-24s %s\n", l.Mgmt.Name, up.APIAddress)
			}
			// How to look at the router depends on where it runs: the
			// kind says (dut.Inspector).
			hints := []string{dut.InspectAPI()}
			if in, ok := p.Kind.(dut.Inspector); ok {
				hints = in.Inspect(l)
			}
			for i, h := range hints {
				label := "inspect:"
				if i > 0 {
					label = ""
				}
				fmt.Fprintf(a.stdout, "%-9s %s\n", label, h)
			}
			fmt.Fprintf(a.stdout, "remove:   qosbench lab down --id %s\n", id)
			return nil
		},
	}
	up.Flags().StringVar(&upID, "id", "", "lab id (default: the scenario's name)")
	addDUTFlags(up, &upDUT)

	var downID string
	var all bool
	down := &cobra.Command{
		Use:   "down [SCENARIO]",
		Short: "Remove a lab (by scenario or --id), or every qosbench lab with --all",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireRoot(cmd.Context()); err != nil {
				return err
			}
			var removed []string
			var err error
			switch {
			case all:
				if len(args) > 0 || downID != "" {
					return withCode(exitUsage, fmt.Errorf("--all takes no scenario and no --id"))
				}
				removed, err = lab.Sweep()
				r, derr := dut.Sweep("")
				removed, err = append(removed, r...), errors.Join(err, derr)
			default:
				id, ierr := labIDFrom(args, downID)
				if ierr != nil {
					return ierr
				}
				removed, err = lab.Teardown(id)
				r, derr := dut.Sweep(id)
				removed, err = append(removed, r...), errors.Join(err, derr)
			}
			for _, n := range removed {
				fmt.Fprintf(a.stdout, "removed %s\n", n)
			}
			if len(removed) == 0 && err == nil {
				fmt.Fprintln(a.stdout, "nothing to remove")
			}
			return withCode(exitRuntime, err)
		},
	}
	down.Flags().StringVar(&downID, "id", "", "lab id")
	down.Flags().BoolVar(&all, "all", false, "remove every qosbench lab on this machine (namespaces named "+lab.NamePrefix+"*)")

	status := &cobra.Command{
		Use:   "status",
		Short: "List the qosbench labs on this machine and their namespaces",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			labs, err := lab.Labs()
			if err != nil {
				return withCode(exitRuntime, err)
			}
			if len(labs) == 0 {
				fmt.Fprintln(a.stdout, "no qosbench labs")
				return nil
			}
			ids := make([]string, 0, len(labs))
			for id := range labs {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				fmt.Fprintf(a.stdout, "%s: %s\n", id, strings.Join(labs[id], " "))
				if s := routerState(id, labs[id]); s != "" {
					fmt.Fprintf(a.stdout, "  %s\n", s)
				}
			}
			return nil
		},
	}
	cmd.AddCommand(up, down, status)
	return cmd
}

// routerState says whether the embedded router process of a lab runs, for
// labs that have one (run and lab up give them a management namespace), or
// "" for other labs. A lab whose router died is stranded: nothing answers
// on its API.
func routerState(id string, namespaces []string) string {
	if !slices.Contains(namespaces, lab.NamePrefix+id+"-mgmt") {
		return ""
	}
	for _, p := range lab.Processes(lab.NamePrefix + id + "-dut") {
		if slices.Contains(p.Cmdline, api.SubcommandName) {
			return fmt.Sprintf("router process %d running", p.PID)
		}
	}
	return fmt.Sprintf("router process not running (dead, or still starting): remove the lab with qosbench lab down --id %s", id)
}

func labIDFrom(args []string, id string) (string, error) {
	if id != "" && len(args) > 0 {
		return "", withCode(exitUsage, fmt.Errorf("give a scenario or --id, not both"))
	}
	if id != "" {
		return id, withCode(exitUsage, lab.ValidID(id))
	}
	if len(args) == 0 {
		return "", withCode(exitUsage, fmt.Errorf("give a scenario, --id or --all"))
	}
	s, err := scenarios.Load(args[0])
	if err != nil {
		return "", withCode(exitInvalid, err)
	}
	return lab.IDFromName(s.Name), nil
}

func requireRoot(ctx context.Context) error {
	for _, f := range lab.DetectFeatures(ctx) {
		if f.Name == "root privileges" && !f.OK {
			return withCode(exitRuntime, lab.ErrNotRoot)
		}
	}
	return nil
}

// progress prints one line of progress on stderr, unless --quiet.
func (a *app) progress(format string, args ...any) {
	if !a.quiet {
		fmt.Fprintf(a.stderr, format+"\n", args...)
	}
}

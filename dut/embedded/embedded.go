package embedded

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// Name is the kind's name.
const Name = "embedded"

func init() { dut.Register(Kind{}) }

// Kind is the embedded router kind.
type Kind struct{}

var (
	_ dut.Kind          = Kind{}
	_ dut.ConfigChecker = Kind{}
	_ dut.SettingsMenus = Kind{}
	_ dut.Inspector     = Kind{}
)

// Name implements dut.Kind.
func (Kind) Name() string { return Name }

// Validate implements dut.Kind: the embedded router needs nothing from the
// environment; the scenario loader already refused the fields it does not
// use.
func (Kind) Validate(*scenarios.Scenario) error { return nil }

// Ports implements dut.Kind: the router's ports are the lab's devices in
// the DUT namespace, LAN first.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// CheckConfig implements dut.ConfigChecker: the config translates to nft and
// tc for these ports and kernel features.
func (Kind) CheckConfig(cfg *routeros.Config, ports []string, feat emulator.Features) ([]string, error) {
	plan, err := emulator.Translate(cfg, ports, feat)
	if err != nil {
		return nil, err
	}
	return plan.Notes, nil
}

// SettingsMenus implements dut.SettingsMenus: the embedded router's
// singleton menus a config may set: its identity, which its services
// announce; /ip settings (allow-fast-path=no turns FastTrack off); and
// connection tracking (timeouts, loose-tcp-tracking).
func (Kind) SettingsMenus() []string {
	return []string{"/system/identity", "/ip/settings", routeros.MenuConntrack}
}

// Sweep implements dut.Kind: the router process lives in the lab's DUT
// namespace, and lab.Teardown ends every process there; nothing else is
// left.
func (Kind) Sweep(string) ([]string, error) { return nil, nil }

// Start implements dut.Kind: it starts the router process of l and returns
// how to reach its api-ssl service from the management namespace, the
// certificate pinned to the CA the process generated, with the per-run
// credentials the process wrote (they never leave the Target).
func (Kind) Start(ctx context.Context, l *lab.Lab, opts dut.StartOptions) (dut.Router, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	proc, err := api.Start(ctx, l, api.StartOptions{Features: opts.Features, RouterOSVersion: opts.RouterOSVersion})
	if err != nil {
		return nil, fmt.Errorf("dut embedded: start the router process: %w", err)
	}
	ep := proc.Endpoint
	tg := ep.Target(60 * time.Second) // each batch of changes re-applies nft and tc
	log.Debug("embedded router up", "api", tg.Address)
	return &Router{
		target:  tg,
		proc:    proc,
		dp:      emulator.NewRouter(l.DUT, []string{l.Spec.LAN.Interface, l.Spec.WAN.Interface}),
		runtime: l.RuntimeDir,
	}, nil
}

// Router is a running embedded router.
type Router struct {
	target  *deploy.Target
	proc    *api.Process
	dp      *emulator.Router
	runtime string

	once    sync.Once
	stopErr error
}

var (
	_ dut.Router           = (*Router)(nil)
	_ dut.ConntrackFlusher = (*Router)(nil)
	_ dut.CredentialFiles  = (*Router)(nil)
)

// Target implements dut.Router.
func (r *Router) Target() *deploy.Target { return r.target }

// Stop implements dut.Router: it ends the router process; the packet path
// stays until the lab is destroyed.
func (r *Router) Stop() error {
	r.once.Do(func() { r.stopErr = r.proc.Stop() })
	return r.stopErr
}

// FlushConntrack implements dut.ConntrackFlusher.
func (r *Router) FlushConntrack() error { return r.dp.FlushConntrack() }

// CredentialFiles implements dut.CredentialFiles: the login and the CA the
// router process wrote into the lab's runtime directory (mode 0600).
func (r *Router) CredentialFiles() (creds, ca string) {
	return filepath.Join(r.runtime, api.CredsFile), filepath.Join(r.runtime, api.CAFile)
}

// Inspect implements dut.Inspector: the router's rules and queues are nft
// and tc in the lab's DUT namespace.
func (Kind) Inspect(l *lab.Lab) []string {
	return []string{
		"ip netns exec " + l.DUT.Name + " nft list ruleset",
		"ip netns exec " + l.DUT.Name + " tc -s class show dev " + l.Device(l.Spec.WAN.Interface),
	}
}

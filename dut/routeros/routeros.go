package routeros

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// Name is the kind's name.
const Name = "routeros"

func init() { dut.Register(Kind{}) }

// Kind is the RouterBOARD kind.
type Kind struct{}

var (
	_ dut.Kind          = Kind{}
	_ dut.LabAdjuster   = Kind{}
	_ dut.SettingsMenus = Kind{}
	_ dut.Inspector     = Kind{}
)

// SettingsMenus implements dut.SettingsMenus: RouterOS applies a config's
// identity like any other setting (the deployer restores it afterwards).
func (Kind) SettingsMenus() []string { return []string{"/system/identity"} }

// Name implements dut.Kind.
func (Kind) Name() string { return Name }

// hostPorts parses the scenario's dut.ports in router-port order.
func hostPorts(s *scenarios.Scenario) ([]lab.HostPort, error) {
	names := make([]string, 0, len(s.DUT.Ports))
	for p := range s.DUT.Ports {
		names = append(names, p)
	}
	sort.Strings(names)
	var out []lab.HostPort
	for _, p := range names {
		hp, err := lab.ParseHostPort(p, s.DUT.Ports[p])
		if err != nil {
			return nil, err
		}
		out = append(out, hp)
	}
	return out, nil
}

// Validate implements dut.Kind: the router is reached at its address, and
// dut.ports cables a host NIC that exists here to each router port the lab
// uses (the scenario's WAN and LAN interfaces).
func (Kind) Validate(s *scenarios.Scenario) error {
	if s.DUT.Address == "" {
		return fmt.Errorf("%w: kind routeros needs the router's API address: `dut: {kind: routeros, address: HOST:PORT}`", dut.ErrInvalid)
	}
	wan, lanIf := s.Lab.WAN.Interface, s.Lab.LAN.Interface
	example := fmt.Sprintf("`dut: {kind: routeros, address: %s, ports: {%s: NIC, %s: NIC}}`", s.DUT.Address, wan, lanIf)
	if len(s.DUT.Ports) == 0 {
		return fmt.Errorf("%w: kind routeros needs dut.ports, the host NICs cabled to the router's %s (WAN) and %s (LAN) ports: %s (docs/real-routers.md)", dut.ErrInvalid, wan, lanIf, example)
	}
	hps, err := hostPorts(s)
	if err != nil {
		return fmt.Errorf("%w: dut.ports: %v", dut.ErrInvalid, err)
	}
	for _, p := range []string{wan, lanIf} {
		if _, ok := s.DUT.Ports[p]; !ok {
			return fmt.Errorf("%w: dut.ports has no host NIC for router port %s (the lab's %s): %s", dut.ErrInvalid, p, map[bool]string{true: "WAN", false: "LAN"}[p == wan], example)
		}
	}
	var missing []string
	for _, hp := range hps {
		if !lab.HostNICExists(hp) {
			missing = append(missing, fmt.Sprintf("%s (router port %s)", hp.NIC, hp.Port))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: dut.ports: no such network device on this machine: %s", dut.ErrInvalid, strings.Join(missing, ", "))
	}
	if _, ok := deploy.CredentialsFromEnv(); !ok && s.DUT.Credentials == "" {
		return fmt.Errorf("%w: kind routeros: no API login: set %s and %s, or name a file with `dut.credentials`", dut.ErrInvalid, deploy.EnvUser, deploy.EnvPassword)
	}
	return nil
}

// AdjustLab implements dut.LabAdjuster: the router is outside the lab, so
// the DUT namespace is a wire.
func (Kind) AdjustLab(_ *scenarios.Scenario, spec *lab.Spec) { spec.RouterOutside = true }

// Ports implements dut.Kind: the lab's devices of the router ports, which
// Start bridges to the host NICs.
func (Kind) Ports(spec lab.Spec) []dut.Port { return dut.LabPorts(spec) }

// Start implements dut.Kind: it moves the host NICs into the lab and
// returns the router's API target. It does not wait for the router: the
// deployer's first login does.
func (Kind) Start(ctx context.Context, l *lab.Lab, opts dut.StartOptions) (dut.Router, error) {
	s := opts.Scenario
	if s == nil {
		return nil, fmt.Errorf("%w: kind routeros: no scenario", dut.ErrInvalid)
	}
	hps, err := hostPorts(s)
	if err != nil {
		return nil, fmt.Errorf("%w: dut.ports: %v", dut.ErrInvalid, err)
	}
	for _, hp := range hps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// What was attached goes back with the lab (Destroy), also when
		// a later port fails.
		if err := l.AttachHostPort(hp); err != nil {
			return nil, fmt.Errorf("dut routeros: %w", err)
		}
	}
	tg := &deploy.Target{
		Address: s.DUT.Address, TLS: s.DUT.TLS, CAFile: s.DUT.CA, Insecure: s.DUT.Insecure,
		DialTimeout: 10 * time.Second, CommandTimeout: 60 * time.Second,
	}
	if s.DUT.Credentials != "" {
		c, err := deploy.LoadCredentials(s.DUT.Credentials)
		if err != nil {
			return nil, err
		}
		tg.Credentials = c
	} else {
		tg.Credentials, _ = deploy.CredentialsFromEnv()
	}
	if err := tg.Check(); err != nil {
		return nil, err
	}
	return &Router{target: tg}, nil
}

// Router is a RouterBOARD in use by a run.
type Router struct{ target *deploy.Target }

// Target implements dut.Router.
func (r *Router) Target() *deploy.Target { return r.target }

// Stop implements dut.Router: nothing runs on this machine for the router;
// the lab gives the host NICs back when it is destroyed.
func (r *Router) Stop() error { return nil }

// Sweep implements dut.Kind: the lab package gives moved NICs back in
// lab.Teardown, before it deletes the namespaces.
func (Kind) Sweep(string) ([]string, error) { return nil, nil }

// Inspect implements dut.Inspector: the router is the RouterBOARD itself;
// the DUT namespace holds the host NICs cabled to its ports.
func (Kind) Inspect(l *lab.Lab) []string {
	return []string{
		"the router is the RouterBOARD behind the host's NICs: look at it with WinBox, SSH or its RouterOS API (the api line above)",
		"wiring:  ip netns exec " + l.DUT.Name + " ip -s link (the host NICs cabled to its ports)",
	}
}

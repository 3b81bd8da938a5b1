package dut

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// ErrInvalid marks a DUT section (or a --dut override) that cannot work as
// given: an unknown kind, a missing image. Nothing was built; callers map it
// to the invalid-input exit code.
var ErrInvalid = errors.New("invalid dut")

// ErrNotImplemented marks a kind, or a part of one, that this version cannot
// drive yet. The error text names what is missing.
var ErrNotImplemented = errors.New("dut kind not implemented")

// Kind is one router kind: the plain-data side of a router under test, as
// containerlab's node kinds are. A Kind holds no live resources; Start
// returns a Router that does.
//
// Contract:
//   - Name, Validate and Ports are fast, have no side effects and touch
//     neither the kernel nor the network; Validate runs before any lab is
//     built (a kind that cannot run says so here, within milliseconds).
//   - Start may block (booting a VM takes seconds); it honours ctx and, when
//     it fails, leaves nothing running that the lab's Destroy would not
//     remove. The caller owns the returned Router and must Stop it, before
//     destroying the lab.
//   - Sweep is what `qosbench lab down` calls after the lab's namespaces
//     are gone (or while removing them): it removes what the kind created
//     outside the lab's namespaces (processes, taps, overlays, moved host
//     NICs). It must be safe to call for a lab the kind never started.
type Kind interface {
	// Name is the kind's name under `dut: {kind: NAME}` and --dut.
	Name() string
	// Validate checks that the scenario's DUT section (s.DUT) can be run
	// by this kind, with what it needs from the environment (an image, a
	// licence for the rates). Errors wrap ErrInvalid for input the user
	// must change and ErrNotImplemented for what this version lacks.
	Validate(s *scenarios.Scenario) error
	// Ports lists the router ports the kind offers the lab, in the
	// router's port order: RouterOS name → the Linux device in the lab's
	// DUT namespace that the lab attaches to its switch.
	Ports(spec lab.Spec) []Port
	// Start brings the router up for the built lab l (its ports attached
	// as Ports said) and returns it reachable through its RouterOS API.
	Start(ctx context.Context, l *lab.Lab, opts StartOptions) (Router, error)
	// Sweep removes what the kind left behind for lab id outside the lab's
	// namespaces, or for every lab when id is "", and says what it
	// removed. Kinds whose router lives entirely in the lab's namespaces
	// return nothing (lab.Teardown ends their processes).
	Sweep(id string) ([]string, error)
}

// Port is one router port offered to the lab.
type Port struct {
	// Name is the port's RouterOS name (ether1).
	Name string
	// Device is the Linux device, in the lab's DUT namespace, that the lab
	// attaches to the segment's switch.
	Device string
}

// StartOptions are what Start gets besides the lab.
type StartOptions struct {
	// Scenario is the scenario being run (its DUT section validated).
	Scenario *scenarios.Scenario
	// Features are the host kernel's features, for kinds that run the
	// emulated datapath on the host.
	Features emulator.Features
	// Log receives progress; nil discards it.
	Log *slog.Logger
	// RouterOSVersion is the RouterOS version the tested config was
	// exported from (its header), "" when unknown. The embedded router
	// claims it, so API clients see the router they were written for.
	RouterOSVersion string
	// Outlive says the router must outlive this process (`lab up` leaves
	// the lab running): a kind that ties its processes to qosbench's life
	// (a parent-death signal, so a killed run leaves no VM) does not when
	// it is set; `lab down` ends them.
	Outlive bool
}

// Router is a started router under test. The orchestrator deploys to it
// through Target only, the same way for every kind.
//
// Contract: Target returns the same value each time and does not block. Stop
// ends what Start started (the router process, the VM) and waits for it; it
// is idempotent and must be called exactly once by whoever called Start,
// also after failures, before the lab is destroyed. Stop does not restore
// the router's configuration: the deployer does that through the API first.
type Router interface {
	// Target is how to reach the router's API: address, TLS, credentials
	// and the dialer (which may run in a namespace).
	Target() *deploy.Target
	Stop() error
}

// Optional capabilities. A kind or router has one when it implements the
// interface; callers check with a type assertion, never with the kind's
// name.

// ConfigChecker is a Kind that can tell, before the lab is built, whether it
// runs a config: the embedded router translates it to nft and tc. notes say
// what the router changed or left out.
type ConfigChecker interface {
	CheckConfig(cfg *routeros.Config, ports []string, feat emulator.Features) (notes []string, err error)
}

// SettingsMenus is a Kind whose router accepts the config's settings in
// these singleton menus (for example /system/identity); deploy.BuildOptions
// gets them.
type SettingsMenus interface {
	SettingsMenus() []string
}

// ManagementPort is a Router whose API is reached through one of its own
// ports that the deployed config does not name (a CHR's management port),
// so a config that drops the router's input would cut qosbench off. The
// orchestrator gives the port to the deployer
// (deploy.Options.ManagementInterface), which keeps a rule accepting input
// on it first in /ip/firewall/filter while a config is deployed, removes it
// on restore, and says so in the run's notes.
type ManagementPort interface {
	ManagementPort() string
}

// Licensed is a Router whose licence limits what it forwards (a CHR's
// per-interface rate). Licence is the level as /system/license shows it
// ("free", "p1", "p10", "p-unlimited"); the results record it.
type Licensed interface {
	Licence() string
}

// RouterNotes is a Router with something to say in every variant's notes
// about what it is (a CHR's licence; a stand-in playing a kind it is not).
type RouterNotes interface {
	RouterNotes() []string
}

// ConntrackFlusher is a Router whose connection tracking can be emptied
// between variants, so that a variant starts with no flow already
// established (or fasttracked) by the one before.
type ConntrackFlusher interface {
	FlushConntrack() error
}

// Accelerated is a Router that runs in a virtual machine: Accelerator is
// the hypervisor's accelerator ("kvm", or "tcg" when QEMU emulates the
// CPU), recorded in the results' environment.
type Accelerated interface {
	Accelerator() string
}

// DelaySource is a Router whose platform adds delay to every packet by
// itself, whatever the config (a CPU emulated by QEMU TCG). DelaySources
// says so, one sentence each, for the report's environment and notes; none
// when there is nothing to name.
type DelaySource interface {
	DelaySources() []string
}

// LabAdjuster is a Kind that needs the lab built differently: a router
// outside the lab's namespaces (a RouterBOARD, a VM) makes the DUT
// namespace a wire (lab.Spec.RouterOutside). The orchestrator calls it on
// the lab's spec before building the lab.
type LabAdjuster interface {
	AdjustLab(s *scenarios.Scenario, spec *lab.Spec)
}

// CredentialFiles is a Router whose API login and CA are also kept in files,
// for people inspecting a lab left up (`lab up`).
type CredentialFiles interface {
	CredentialFiles() (creds, ca string)
}

// Inspector is a Kind that can say how a person looks at its router while a
// lab left up by `lab up` runs (l is that lab, its router started): one
// line each, commands to run on the host or where to look. A kind without
// it is reached through its RouterOS API only, and callers say so.
type Inspector interface {
	Inspect(l *lab.Lab) []string
}

// InspectAPI is the hint for a router reached only through its RouterOS
// API (a kind that is not an Inspector).
func InspectAPI() string {
	return "the router runs outside the host's namespaces: look at it through its RouterOS API (the api line above)"
}

var (
	mu    sync.RWMutex
	kinds = map[string]Kind{}
)

// Register makes k available under k.Name(). Kinds register from their
// package's init; registering a name twice panics.
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	name := k.Name()
	if name == "" {
		panic("dut: Register: empty kind name")
	}
	if _, dup := kinds[name]; dup {
		panic(fmt.Sprintf("dut: Register: kind %q registered twice", name))
	}
	kinds[name] = k
}

// Kinds returns the registered kind names, sorted.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(kinds))
	for n := range kinds {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the kind registered under name ("" is the default kind,
// embedded). An unknown name wraps ErrInvalid and lists the registered
// kinds.
func Lookup(name string) (Kind, error) {
	if name == "" {
		name = Default
	}
	mu.RLock()
	k, ok := kinds[name]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: unknown kind %q (registered kinds: %s)", ErrInvalid, name, strings.Join(Kinds(), ", "))
	}
	return k, nil
}

// Default is the kind used when a scenario names none.
const Default = "embedded"

// Sweep calls every registered kind's Sweep for lab id ("" for every lab)
// and returns what they removed.
func Sweep(id string) ([]string, error) {
	var removed []string
	var errs []error
	for _, n := range Kinds() {
		k, _ := Lookup(n)
		r, err := k.Sweep(id)
		removed = append(removed, r...)
		if err != nil {
			errs = append(errs, fmt.Errorf("dut %s: sweep: %w", n, err))
		}
	}
	return removed, errors.Join(errs...)
}

// LabPorts are the ports of a router whose LAN and WAN ports are the lab's
// devices in its DUT namespace (Spec.Devices), LAN first: what Ports returns
// for kinds that take the lab's wiring as it is.
func LabPorts(spec lab.Spec) []Port {
	devs := spec.Devices()
	return []Port{
		{Name: spec.LAN.Interface, Device: devs[spec.LAN.Interface]},
		{Name: spec.WAN.Interface, Device: devs[spec.WAN.Interface]},
	}
}

package orchestrator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/qosbench/qosbench/dut"
	_ "github.com/qosbench/qosbench/dut/all" // every router kind, chosen by name through dut.Lookup
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/routeros/lint"
	"github.com/qosbench/qosbench/scenarios"
)

// ErrInvalidConfig marks a RouterOS config (or a variant of it) that cannot be
// parsed or reproduced; callers map it to the invalid-input exit code.
var ErrInvalidConfig = errors.New("invalid router config")

// ErrDUTUnsupported marks a DUT kind that `run` cannot drive in this
// version; the error says what is missing and what works instead. Errors of
// a kind's Start that wrap dut.ErrNotImplemented wrap it too.
var ErrDUTUnsupported = errors.New("dut kind not supported by run")

// Prepared is a scenario whose config has been parsed and transformed for
// every variant, and checked against the router kind: nothing has touched
// the kernel yet.
type Prepared struct {
	Scenario     *scenarios.Scenario
	Config       *routeros.Config
	ConfigSHA256 string
	Variants     []PreparedVariant
	// Kind is the router kind that runs the scenario (Scenario.DUT.Kind,
	// validated).
	Kind dut.Kind
	// Deploy is the config as API sentences, with every menu any variant
	// touches (the plan `qosbench deploy` pushes); each variant's own plan
	// is PreparedVariant.Deploy.
	Deploy *deploy.Plan
	// Features are the kernel features the embedded router translates for.
	Features emulator.Features
	// Lint holds the config linter's findings (routeros/lint), for the
	// run's stderr and results; advice that never fails the run.
	Lint []lint.Finding
}

// PreparedVariant is one variant: the config it runs and its API plan.
type PreparedVariant struct {
	Variant scenarios.Variant
	// Config is the scenario's config with the variant applied
	// (ApplyVariant); Deploy is its API deployment. The plans of all
	// variants touch the same menus, so one snapshot restores them all.
	Config *routeros.Config
	Deploy *deploy.Plan
	// Changes say what the variant changed in the config.
	Changes []string
	// Notes say what the parser and the router kind left out or changed.
	Notes []string
}

// ParseOptions are the options the scenario's config is parsed with: its
// config-mode.
func ParseOptions(s *scenarios.Scenario) routeros.ParseOptions {
	return routeros.ParseOptions{Terminal: s.ConfigMode == scenarios.ConfigTerminal}
}

// DUTOverride replaces parts of a scenario's dut section (the --dut flags):
// empty fields keep the scenario's.
type DUTOverride struct {
	Kind    string
	Address string
	// Ports, when non-nil, replaces dut.ports.
	Ports map[string]string
}

// OverrideDUT applies o to the scenario's DUT section. An unknown kind
// wraps dut.ErrInvalid and lists the registered kinds; host ports are
// checked as the scenario loader checks dut.ports.
func OverrideDUT(s *scenarios.Scenario, o DUTOverride) error {
	if o.Kind != "" {
		if _, err := dut.Lookup(o.Kind); err != nil {
			return err
		}
		s.DUT.Kind = o.Kind
	}
	if o.Address != "" {
		s.DUT.Address = o.Address
	}
	if o.Ports != nil {
		for port, nic := range o.Ports {
			if _, err := lab.ParseHostPort(port, nic); err != nil {
				return fmt.Errorf("%w: %v", dut.ErrInvalid, err)
			}
		}
		s.DUT.Ports = o.Ports
	}
	return nil
}

// Prepare parses the scenario's config (in its config-mode; with
// ConfigTerminal, Config.Rejected lists the commands left out), checks that
// the scenario's router kind can run it (dut.Kind.Validate, within
// milliseconds), applies every variant and builds each one's API
// deployment; a kind that checks configs (dut.ConfigChecker: the embedded
// router translates them) checks each variant, so that a config the
// router cannot reproduce fails before the kernel is touched. Config errors
// wrap ErrInvalidConfig and name the file and line; DUT errors wrap
// dut.ErrInvalid or ErrDUTUnsupported.
func Prepare(s *scenarios.Scenario, feat emulator.Features) (*Prepared, error) {
	kind, err := dut.Lookup(s.DUT.Kind)
	if err != nil {
		return nil, err
	}
	if err := kind.Validate(s); err != nil {
		return nil, dutError(err)
	}
	data, err := os.ReadFile(s.Config)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	// config-mode terminal: commands the router rejects are left out, as
	// a terminal paste leaves them (cfg.Rejected lists them).
	cfg, err := routeros.ParseRSCOptions(s.Config, data, ParseOptions(s))
	if err != nil {
		return nil, fmt.Errorf("%w:\n%v\n(with `config-mode: terminal` the scenario applies the config as a terminal paste would: these commands are left out, the others apply)", ErrInvalidConfig, err)
	}
	sum := sha256.Sum256(data)
	p := &Prepared{Scenario: s, Config: cfg, ConfigSHA256: hex.EncodeToString(sum[:]), Features: feat, Kind: kind}
	// Lint as a router terminal reads the script, whatever the config-mode,
	// with the lab's ports as WAN and LAN.
	_, p.Lint = lint.LintSource(s.Config, data, lint.Options{WAN: s.Lab.WAN.Interface, LAN: s.Lab.LAN.Interface})
	if err := p.prepareVariants(); err != nil {
		return nil, err
	}
	return p, nil
}

// dutError wraps a kind's refusal for the callers' exit codes.
func dutError(err error) error {
	if errors.Is(err, dut.ErrNotImplemented) && !errors.Is(err, ErrDUTUnsupported) {
		return fmt.Errorf("%w: %w", ErrDUTUnsupported, err)
	}
	return err
}

// prepareVariants applies each variant to the config, checks it with the
// kind and builds the variants' plans over one common set of menus.
func (p *Prepared) prepareVariants() error {
	s, cfg := p.Scenario, p.Config
	bopts := deploy.BuildOptions{Settings: true}
	if sm, ok := p.Kind.(dut.SettingsMenus); ok {
		bopts.SettingsMenus = sm.SettingsMenus()
	}
	var ports []string
	for _, pt := range p.Kind.Ports(LabSpec(s)) {
		ports = append(ports, pt.Name)
	}
	var touch []string
	for _, v := range s.Variants {
		vc, changes, err := ApplyVariant(cfg, v, s.File)
		if err != nil {
			return err
		}
		pv := PreparedVariant{Variant: v, Config: vc, Changes: changes}
		for _, n := range cfg.Notices {
			pv.Notes = append(pv.Notes, n.String())
		}
		pv.Notes = append(pv.Notes, serviceProbeNotes(s, cfg)...)
		if cc, ok := p.Kind.(dut.ConfigChecker); ok {
			notes, err := cc.CheckConfig(vc, ports, p.Features)
			if err != nil {
				return fmt.Errorf("%w (variant %s):\n%v", ErrInvalidConfig, v.Name, err)
			}
			pv.Notes = append(pv.Notes, notes...)
		}
		plan, err := deploy.Build(vc, bopts)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidConfig, err)
		}
		for _, m := range plan.Menus {
			if !slices.Contains(touch, m) {
				touch = append(touch, m)
			}
		}
		p.Variants = append(p.Variants, pv)
	}
	// Every plan clears and fills every menu any variant touches: the
	// first deployment's snapshot then covers them all, and a variant
	// that inserted rules leaves none behind for the next.
	bopts.Touch = touch
	for i := range p.Variants {
		pv := &p.Variants[i]
		var err error
		if pv.Deploy, err = deploy.Build(pv.Config, bopts); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidConfig, err)
		}
	}
	var err error
	if p.Deploy, err = deploy.Build(cfg, bopts); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	return nil
}

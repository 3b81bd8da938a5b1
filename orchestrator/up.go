package orchestrator

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/lab"
)

// Up is a lab left running for inspection by Up.
type Up struct {
	Lab *lab.Lab
	// Kind is the router kind started.
	Kind string
	// Variant is the variant deployed.
	Variant string
	// Notes say what the variant changed.
	Notes []string
	// APIAddress is the router's API address, reachable from the
	// management namespace Lab.Mgmt; CredsFile and CAFile, when the kind
	// keeps them in files (dut.CredentialFiles), hold the login and the CA
	// to pin (mode 0600, in the lab's runtime directory).
	APIAddress, CredsFile, CAFile string
}

// BringUp builds p's lab with its management link, starts the scenario's
// router kind and deploys the first variant through the API, as Run does;
// then it leaves everything running (no restore) for inspection. On failure
// nothing is left behind. `qosbench lab down` removes the lab and ends the
// router.
func BringUp(ctx context.Context, p *Prepared, id string, log *slog.Logger) (_ *Up, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s, err := newSession(p, Options{LabID: id, Log: log})
	if err != nil {
		return nil, err
	}
	defer func() {
		if s.dep != nil {
			_ = s.dep.Close()
			s.dep = nil // no restore: the lab stays as deployed
		}
		if err != nil {
			s.tearDown(&err)
		}
	}()
	s.outlive = true
	if err := s.setUp(ctx); err != nil {
		return nil, err
	}
	pv := p.Variants[0]
	if err := s.deployVariant(ctx, pv); err != nil {
		// The deployer restored the router itself.
		return nil, fmt.Errorf("deploy variant %s: %w", pv.Variant.Name, err)
	}
	up := &Up{Lab: s.lab, Kind: p.Kind.Name(), Variant: pv.Variant.Name, Notes: pv.Changes, APIAddress: s.router.Target().Address}
	if cf, ok := s.router.(dut.CredentialFiles); ok {
		up.CredsFile, up.CAFile = cf.CredentialFiles()
	}
	return up, nil
}

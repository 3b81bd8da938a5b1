package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// Up is a lab left running for inspection by Up.
type Up struct {
	Lab *lab.Lab
	// Variant is the variant deployed.
	Variant string
	// Notes say what the variant changed.
	Notes []string
	// APIAddress is the router's api-ssl address, reachable from the
	// management namespace Lab.Mgmt; CredsFile and CAFile hold the login and
	// the CA to pin (mode 0600, in the lab's runtime directory).
	APIAddress, CredsFile, CAFile string
}

// BringUp builds p's lab with its management link, starts the embedded
// router's API process and deploys the first variant through the API, as
// Run does; then it leaves everything running (no restore) for inspection.
// On failure nothing is left behind. `qosbench lab down` removes the lab and
// ends the router process.
func BringUp(ctx context.Context, p *Prepared, id string, log *slog.Logger) (_ *Up, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := checkRunnable(p.Scenario); err != nil {
		return nil, err
	}
	spec := LabSpec(p.Scenario)
	spec.Management = true
	l, err := lab.Build(ctx, id, spec, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, l.Destroy())
		}
	}()
	srv, err := startEmbeddedAPI(ctx, l, p.Features, p.Config.RouterOSVersion)
	if err != nil {
		return nil, err
	}
	dep := deploy.New(srv.target.Dial, deploy.Options{Log: log.With("component", "deploy")})
	defer func() { _ = dep.Close() }()
	pv := p.Variants[0]
	notes, err := deployVariant(ctx, dep, p, pv.Variant, log)
	if err != nil {
		return nil, fmt.Errorf("deploy variant %s: %w", pv.Variant.Name, err)
	}
	return &Up{
		Lab: l, Variant: pv.Variant.Name, Notes: notes,
		APIAddress: srv.target.Address,
		CredsFile:  filepath.Join(l.RuntimeDir, api.CredsFile),
		CAFile:     filepath.Join(l.RuntimeDir, api.CAFile),
	}, nil
}

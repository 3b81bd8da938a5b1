package orchestrator

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// embeddedAPI is the embedded router's API server for one run: a router
// process in the lab's DUT namespace (api.Start), reached over the lab's
// management link.
type embeddedAPI struct {
	target *deploy.Target
	proc   *api.Process
}

// startEmbeddedAPI starts the router process of l and returns how to reach
// its api-ssl service: from the management namespace, the certificate
// pinned to the CA the process generated, with the per-run credentials
// the process wrote (they never leave the Target). The router claims
// version, the tested config's RouterOS version ("" = the API default).
func startEmbeddedAPI(ctx context.Context, l *lab.Lab, feat emulator.Features, version string) (*embeddedAPI, error) {
	proc, err := api.Start(ctx, l, api.StartOptions{Features: feat, RouterOSVersion: version})
	if err != nil {
		return nil, fmt.Errorf("orchestrator: start the embedded router: %w", err)
	}
	ep := proc.Endpoint
	tg := &deploy.Target{
		Address:        netip.AddrPortFrom(ep.Addr, uint16(ep.TLSPort)).String(),
		TLS:            true,
		CA:             ep.CAPEM,
		ServerName:     api.ServerName,
		Credentials:    deploy.Credentials{User: ep.User, Password: ep.Password},
		DialTimeout:    10 * time.Second,
		CommandTimeout: 60 * time.Second, // each change re-applies nft and tc
		OutOfBand:      true,             // the management link is no /ip service: disabling api-ssl is deployed as written
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			// A socket keeps the namespace it was created in.
			var c net.Conn
			err := ep.NS.Do(func() error {
				var err error
				c, err = (&net.Dialer{}).DialContext(ctx, network, address)
				return err
			})
			return c, err
		},
	}
	return &embeddedAPI{target: tg, proc: proc}, nil
}

func (e *embeddedAPI) Close() error { return e.proc.Stop() }

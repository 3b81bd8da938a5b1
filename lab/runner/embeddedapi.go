package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/embedded"
	"github.com/qosbench/qosbench/lab/embedded/api"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// routerBackend lets the API server configure the embedded router: every
// change of the server's configuration is translated and applied whole.
type routerBackend struct {
	r      *embedded.Router
	ifaces []string
	feat   embedded.Features
}

func (b *routerBackend) Apply(ctx context.Context, cfg *routeros.Config) error {
	plan, err := embedded.Translate(cfg, b.ifaces, b.feat)
	if err != nil {
		return fmt.Errorf("%w: %v", api.ErrInvalidConfig, err)
	}
	return b.r.Apply(ctx, plan)
}

func (b *routerBackend) Stats(ctx context.Context) (api.Stats, error) {
	cs, err := b.r.Counters(ctx)
	if err != nil {
		return api.Stats{}, err
	}
	st := api.Stats{Items: map[int]api.ItemStats{}}
	for _, c := range cs {
		st.Items[c.Item] = api.ItemStats{Packets: c.Packets, Bytes: c.Bytes, Dropped: c.Dropped}
	}
	ft, err := b.r.Fasttrack(ctx)
	if err != nil {
		return api.Stats{}, err
	}
	st.FasttrackPackets, st.FasttrackBytes = ft.Packets, ft.Bytes
	return st, nil
}

func (b *routerBackend) Interfaces(ctx context.Context) ([]api.Interface, error) {
	var out []api.Interface
	for _, n := range b.ifaces {
		out = append(out, api.Interface{Name: n, Type: "ether", Running: true, MTU: 1500})
	}
	return out, nil
}

// embeddedAPI is the embedded router's API server for one run.
type embeddedAPI struct {
	target *deploy.Target
	srv    *api.Server
}

// startEmbeddedAPI serves the RouterOS API for the embedded router of l and
// returns how to reach it. The session's credentials are random per run
// and never leave this process.
//
// The server runs inside this process on a loopback port of the host
// namespace; its backend acts in the DUT namespace. Packets of the lab
// never see it, so no firewall rule of the config can cut the API.
func startEmbeddedAPI(l *lab.Lab, router *embedded.Router, ifaces []string, feat embedded.Features, log *slog.Logger) (*embeddedAPI, error) {
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	creds := deploy.Credentials{User: "qosbench", Password: hex.EncodeToString(secret)}
	srv := api.NewServer(api.Config{
		Backend:  &routerBackend{r: router, ifaces: ifaces, feat: feat},
		User:     creds.User,
		Password: creds.Password,
		Identity: l.ID,
		Log:      log.With("component", "router-api"),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runner: router API listener: %w", err)
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, api.ErrServerClosed) {
			log.Warn("router API server", "err", err)
		}
	}()
	return &embeddedAPI{
		target: &deploy.Target{Address: ln.Addr().String(), Credentials: creds, DialTimeout: 10 * time.Second, CommandTimeout: 60 * time.Second},
		srv:    srv,
	}, nil
}

func (e *embeddedAPI) Close() error { return e.srv.Close() }

package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	ros "github.com/go-routeros/routeros/v3"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// These tests deploy through real TCP sessions of go-routeros to the
// embedded router's API server (emulator/api) with a fake backend, so
// they need no namespaces.

const (
	testUser     = "qb-admin"
	testPassword = "pw-Zq8#never-logged"
)

type fakeBackend struct {
	mu      sync.Mutex
	applied *routeros.Config
	reject  func(*routeros.Config) bool
}

func (b *fakeBackend) Apply(ctx context.Context, cfg *routeros.Config) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.reject != nil && b.reject(cfg) {
		return fmt.Errorf("%w: injected", api.ErrInvalidConfig)
	}
	b.applied = cfg
	return nil
}

func (b *fakeBackend) Stats(ctx context.Context) (api.Stats, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := api.Stats{Items: map[int]api.ItemStats{}}
	if b.applied != nil {
		for i := range b.applied.Items {
			st.Items[i] = api.ItemStats{Packets: uint64(10 + i), Bytes: uint64(1000 + i)}
		}
	}
	return st, nil
}

func (b *fakeBackend) Interfaces(ctx context.Context) ([]api.Interface, error) {
	return []api.Interface{{Name: "ether1", Type: "ether", Running: true, MTU: 1500}, {Name: "ether2", Type: "ether", Running: true, MTU: 1500}}, nil
}

// startServer serves the API on a loopback port and returns its address.
func startServer(t *testing.T, b *fakeBackend) string {
	t.Helper()
	s := api.NewServer(api.Config{Backend: b, User: testUser, Password: testPassword})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return ln.Addr().String()
}

func target(addr string) *deploy.Target {
	return &deploy.Target{Address: addr, Credentials: deploy.Credentials{User: testUser, Password: testPassword},
		DialTimeout: 3 * time.Second, CommandTimeout: 3 * time.Second}
}

// routerOwn is the router's own configuration before qosbench deploys.
const routerOwn = `/ip firewall filter
add chain=input action=accept connection-state=established,related comment=defconf
add chain=input action=drop in-interface=ether1 disabled=yes
/ip firewall mangle
add chain=forward action=change-dscp new-dscp=46 protocol=udp dst-port=5060
/queue tree
add name=old parent=ether1 max-limit=1M
add name=old-child parent=old packet-mark=x
`

// seed puts routerOwn on the server through a plain client.
func seed(t *testing.T, addr string) {
	t.Helper()
	cfg, err := routeros.ParseRSC("own.rsc", []byte(routerOwn))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ros.Dial(addr, testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, it := range cfg.Items {
		words := []string{it.Menu + "/add"}
		for _, p := range it.Props {
			words = append(words, "="+p.Key+"="+p.Value)
		}
		if _, err := c.RunArgs(words); err != nil {
			t.Fatalf("seed %v: %v", words, err)
		}
	}
}

// export returns the server's /export, normalized (no date header, menu
// sections in a fixed order).
func export(t *testing.T, addr string) string {
	t.Helper()
	c, err := ros.Dial(addr, testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Run("/export")
	if err != nil {
		t.Fatal(err)
	}
	text := r.Done.Map["ret"]
	for _, s := range r.Re {
		text += s.Map["ret"]
	}
	return deploy.NormalizeExport(text)
}

func flagshipPlan(t *testing.T) *deploy.Plan {
	t.Helper()
	cfg, err := routeros.ParseFile("../../routeros/deploy/testdata/flagship.rsc")
	if err != nil {
		t.Fatal(err)
	}
	p, err := deploy.Build(cfg, deploy.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAPIDeployPrintExportRestore(t *testing.T) {
	b := &fakeBackend{}
	addr := startServer(t, b)
	seed(t, addr)
	before := export(t, addr)
	if !strings.Contains(before, "old-child") {
		t.Fatalf("seed missing from export:\n%s", before)
	}
	var logs bytes.Buffer
	d := deploy.New(target(addr).Dial, deploy.Options{Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx := context.Background()
	start := time.Now()
	if err := d.Deploy(ctx, flagshipPlan(t)); err != nil {
		t.Fatal(err)
	}
	t.Logf("flagship deploy over TCP: %v", time.Since(start))
	// The backend got the flagship config, and only it.
	if n := len(b.applied.Items); n != 11 {
		t.Errorf("backend holds %d items, want the flagship's 11", n)
	}
	during := export(t, addr)
	for _, want := range []string{"qosbench:VoIP: SIP", "name=up-voip"} {
		if !strings.Contains(during, want) {
			t.Errorf("export after deploy lacks %q:\n%s", want, during)
		}
	}
	if strings.Contains(during, "old-child") || strings.Contains(during, "defconf") {
		t.Errorf("router's own items survived the deploy:\n%s", during)
	}
	// A variant (here: the fasttrack rule disabled) is the changed config
	// deployed again.
	cfg, err := routeros.ParseFile("../../routeros/deploy/testdata/flagship.rsc")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Items[0].Set("disabled", "yes")
	off, err := deploy.Build(cfg, deploy.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Deploy(ctx, off); err != nil {
		t.Fatalf("fasttrack off: %v", err)
	}
	if d, _ := b.applied.Items[0].Get("disabled"); d != "yes" && d != "true" {
		t.Errorf("fasttrack rule not disabled in the backend's config: %v", b.applied.Items[0].Props)
	}
	cs, err := d.Counters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 11 {
		t.Fatalf("%d counters, want 11: %+v", len(cs), cs)
	}
	for _, c := range cs {
		if c.Item < 0 || c.Packets != uint64(10+c.Item) || c.Bytes != uint64(1000+c.Item) {
			t.Errorf("counter %+v does not map to its config item", c)
		}
	}
	start = time.Now()
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("restore + verify over TCP: %v", time.Since(start))
	if after := export(t, addr); after != before {
		t.Errorf("export after restore differs:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if strings.Contains(logs.String(), testPassword) {
		t.Errorf("password in the deployer's log")
	}
	if !strings.Contains(logs.String(), "/queue/tree/add") {
		t.Errorf("debug log lacks the sentences; the credential check above proves nothing:\n%s", logs.String())
	}
}

// cutProxy forwards TCP to addr and cuts the first connection after limit
// bytes from the client; later connections pass.
type cutProxy struct {
	addr  string
	limit int64
	conns atomic.Int32
}

func (p *cutProxy) start(t *testing.T) string {
	return acceptLoop(t, func(c net.Conn) {
		n := p.conns.Add(1)
		p.serve(c, n == 1)
	})
}

// acceptLoop listens on loopback for the test's lifetime and runs serve on
// its own goroutine for every connection; it returns the address to dial.
func acceptLoop(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	return ln.Addr().String()
}

func (p *cutProxy) serve(c net.Conn, cut bool) {
	defer c.Close()
	s, err := net.Dial("tcp", p.addr)
	if err != nil {
		return
	}
	defer s.Close()
	go func() { _, _ = io.Copy(c, s); c.Close() }()
	if cut {
		_, _ = io.CopyN(s, c, p.limit)
		return // both sides close: the session dies mid-sentence or between sentences
	}
	_, _ = io.Copy(s, c)
}

func TestAPIConnectionCutMidDeploy(t *testing.T) {
	for _, limit := range []int64{400, 700, 1100} {
		b := &fakeBackend{}
		addr := startServer(t, b)
		seed(t, addr)
		before := export(t, addr)
		p := &cutProxy{addr: addr, limit: limit}
		d := deploy.New(target(p.start(t)).Dial, deploy.Options{RetryWait: 10 * time.Millisecond})
		err := d.Deploy(context.Background(), flagshipPlan(t))
		if !errors.Is(err, deploy.ErrConnection) || errors.Is(err, deploy.ErrNotRestored) {
			t.Fatalf("cut after %d bytes: err = %v; want a lost connection and a restored router", limit, err)
		}
		if p.conns.Load() < 2 {
			t.Errorf("cut after %d bytes: restore did not reconnect", limit)
		}
		if after := export(t, addr); after != before {
			t.Errorf("cut after %d bytes: export after restore differs:\nbefore:\n%s\nafter:\n%s", limit, before, after)
		}
		if strings.Contains(err.Error(), testPassword) {
			t.Error("password in an error")
		}
	}
}

func TestAPIRejectedItemRestores(t *testing.T) {
	b := &fakeBackend{reject: func(c *routeros.Config) bool {
		for _, it := range c.Items {
			if n, _ := it.Get("name"); n == "up-bulk" {
				return true
			}
		}
		return false
	}}
	addr := startServer(t, b)
	seed(t, addr)
	before := export(t, addr)
	d := deploy.New(target(addr).Dial, deploy.Options{})
	err := d.Deploy(context.Background(), flagshipPlan(t))
	var trap *deploy.TrapError
	if !errors.As(err, &trap) || errors.Is(err, deploy.ErrNotRestored) {
		t.Fatalf("err = %v; want the router's refusal and a restored router", err)
	}
	if after := export(t, addr); after != before {
		t.Errorf("export after restore differs:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestAPISilentRouterTimesOut(t *testing.T) {
	// Accepts TCP, never answers: login must time out.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	}()
	tg := target(ln.Addr().String())
	tg.DialTimeout = 300 * time.Millisecond
	start := time.Now()
	_, err = tg.Dial(context.Background())
	if !errors.Is(err, deploy.ErrConnection) {
		t.Fatalf("err = %v, want ErrConnection", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("dial took %v despite a 300ms timeout", el)
	}

	// Logged in, then silent: a command must time out.
	b := &fakeBackend{}
	addr := startServer(t, b)
	stall := &stallProxy{addr: addr}
	tg = target(stall.start(t))
	tg.CommandTimeout = 300 * time.Millisecond
	c, err := tg.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stall.stalled.Store(true)
	_, err = c.Run(context.Background(), "/ip/firewall/filter/print")
	if !errors.Is(err, deploy.ErrConnection) {
		t.Fatalf("err = %v, want ErrConnection after the command timeout", err)
	}
}

// stallProxy forwards until stalled is set, then drops server replies.
type stallProxy struct {
	addr    string
	stalled atomic.Bool
}

func (p *stallProxy) start(t *testing.T) string {
	return acceptLoop(t, func(c net.Conn) {
		defer c.Close()
		s, err := net.Dial("tcp", p.addr)
		if err != nil {
			return
		}
		defer s.Close()
		go func() { _, _ = io.Copy(s, c) }()
		buf := make([]byte, 4096)
		for {
			n, err := s.Read(buf)
			if err != nil {
				return
			}
			if !p.stalled.Load() {
				if _, err := c.Write(buf[:n]); err != nil {
					return
				}
			}
		}
	})
}

func TestAPIBadPasswordNotEchoed(t *testing.T) {
	addr := startServer(t, &fakeBackend{})
	tg := target(addr)
	tg.Credentials.Password = "wrong-Secret-123"
	_, err := tg.Dial(context.Background())
	if err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
	if strings.Contains(err.Error(), "wrong-Secret-123") {
		t.Errorf("password in error %q", err)
	}
	if !strings.Contains(err.Error(), testUser) {
		t.Errorf("error %q does not name the user", err)
	}
}

func TestCredentialsNeverFormatted(t *testing.T) {
	c := deploy.Credentials{User: "admin", Password: "hunter2-xyz"}
	tg := deploy.Target{Address: "r:8728", Credentials: c}
	var logs bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&logs, nil))
	l.Info("x", "creds", c, "target", tg)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v %#v %s %q", c, c, c, c), fmt.Sprintf("%+v", tg), fmt.Sprintf("%#v", tg), logs.String()} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("password visible in %q", s)
		}
		if !strings.Contains(s, "admin") {
			t.Errorf("user missing from %q", s)
		}
	}
}

// BenchmarkDeployRestoreTCP measures deploying the flagship config and
// restoring (with verification) over a loopback API session, with a
// backend that does nothing: the deployer's and the protocol's own cost.
func BenchmarkDeployRestoreTCP(b *testing.B) {
	be := &fakeBackend{}
	s := api.NewServer(api.Config{Backend: be, User: testUser, Password: testPassword})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	defer s.Close()
	cfg, err := routeros.ParseFile("../../routeros/deploy/testdata/flagship.rsc")
	if err != nil {
		b.Fatal(err)
	}
	p, err := deploy.Build(cfg, deploy.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		d := deploy.New(target(ln.Addr().String()).Dial, deploy.Options{})
		if err := d.Deploy(ctx, p); err != nil {
			b.Fatal(err)
		}
		if err := d.Restore(ctx); err != nil {
			b.Fatal(err)
		}
		d.Close()
	}
}

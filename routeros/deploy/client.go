package deploy

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	ros "github.com/go-routeros/routeros/v3"
	"github.com/go-routeros/routeros/v3/proto"
)

// Default ports of the RouterOS API services.
const (
	PortAPI    = "8728"
	PortAPISSL = "8729"
)

// Environment variables read by CredentialsFromEnv.
const (
	EnvUser     = "QOSBENCH_ROUTER_USER"
	EnvPassword = "QOSBENCH_ROUTER_PASSWORD"
)

// Credentials log in to a router. They come from the environment or a
// file, never from a scenario. Every way of formatting them (%v, %+v, %#v,
// %s, slog) shows the user name only, so they cannot leak into logs or
// results by accident.
type Credentials struct {
	User     string
	Password string
}

// String shows the user and whether a password is set, never the password.
func (c Credentials) String() string {
	pw := "no password"
	if c.Password != "" {
		pw = "password set"
	}
	return fmt.Sprintf("user %q (%s)", c.User, pw)
}

// GoString is String, for %#v.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue makes slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// CredentialsFromEnv reads QOSBENCH_ROUTER_USER and QOSBENCH_ROUTER_PASSWORD;
// ok is false when the user is not set.
func CredentialsFromEnv() (c Credentials, ok bool) {
	c.User = os.Getenv(EnvUser)
	c.Password = os.Getenv(EnvPassword)
	return c, c.User != ""
}

// LoadCredentials reads a credentials file of "user=NAME" and
// "password=SECRET" lines (blank lines and "#" comments allowed; the value
// runs to the end of the line, spaces included). Errors name the file and
// line but never quote a value.
func LoadCredentials(path string) (Credentials, error) {
	f, err := os.Open(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials: %w", err)
	}
	defer f.Close()
	var c Credentials
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		switch strings.TrimSpace(k) {
		case "user":
			c.User = v
		case "password":
			c.Password = v
		default:
			ok = false
		}
		if !ok {
			return Credentials{}, fmt.Errorf("credentials: %s:%d: want user=NAME or password=SECRET", path, n)
		}
	}
	if err := sc.Err(); err != nil {
		return Credentials{}, fmt.Errorf("credentials: %s: %w", path, err)
	}
	if c.User == "" {
		return Credentials{}, fmt.Errorf("credentials: %s: no user= line", path)
	}
	return c, nil
}

// Target says how to reach a router's API.
type Target struct {
	// Address is host or host:port; the port defaults to 8728, or 8729
	// with TLS.
	Address string
	// TLS selects api-ssl. The router's certificate is checked against
	// CAFile unless Insecure is set; one of the two is required.
	TLS        bool
	CAFile     string // PEM file holding the CA (or the router's self-signed certificate)
	CA         []byte // the same as PEM bytes, instead of CAFile
	ServerName string // name to verify in the certificate; default the host of Address
	Insecure   bool   // accept any certificate (TLS only)

	Credentials Credentials

	// OutOfBand says the sessions reach the router over a management path
	// that no /ip/service entry controls (the embedded router's management
	// link): the Deployer then deploys edits of api and api-ssl as written.
	// Otherwise it never changes the service the session uses (api, or
	// api-ssl with TLS), which would cut it off.
	OutOfBand bool

	// DialTimeout bounds connecting and logging in (default 10s);
	// CommandTimeout bounds each command (default 15s).
	DialTimeout    time.Duration
	CommandTimeout time.Duration

	// DialContext, when set, opens the TCP connection instead of
	// net.Dialer (to dial from inside a network namespace, or through a
	// test proxy).
	DialContext func(ctx context.Context, network, address string) (net.Conn, error)
}

// address returns Address with the default port added when missing.
func (t *Target) address() string {
	if _, _, err := net.SplitHostPort(t.Address); err == nil {
		return t.Address
	}
	port := PortAPI
	if t.TLS {
		port = PortAPISSL
	}
	return net.JoinHostPort(strings.Trim(t.Address, "[]"), port)
}

// Check reports a Target that cannot be dialled as given.
func (t *Target) Check() error {
	switch {
	case t.Address == "":
		return errors.New("deploy: no router address")
	case t.Insecure && !t.TLS:
		return errors.New("deploy: --insecure only applies to TLS (api-ssl); add --tls")
	case (t.CAFile != "" || len(t.CA) > 0) && !t.TLS:
		return errors.New("deploy: a CA file only applies to TLS (api-ssl); add --tls")
	case t.TLS && !t.Insecure && t.CAFile == "" && len(t.CA) == 0:
		return errors.New("deploy: TLS needs the router's CA (--ca FILE) to verify its certificate, or --insecure to skip the check")
	case t.Credentials.User == "":
		return fmt.Errorf("deploy: no router credentials: set %s and %s, or use --credentials FILE", EnvUser, EnvPassword)
	}
	if _, _, err := net.SplitHostPort(t.address()); err != nil {
		return fmt.Errorf("deploy: router address %q: %w", t.Address, err)
	}
	return nil
}

func (t *Target) tlsConfig() (*tls.Config, error) {
	host, _, _ := net.SplitHostPort(t.address())
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
	if t.ServerName != "" {
		cfg.ServerName = t.ServerName
	}
	if t.Insecure {
		cfg.InsecureSkipVerify = true //nolint:gosec // explicit --insecure
		return cfg, nil
	}
	pem, name := t.CA, "(in memory)"
	if t.CAFile != "" {
		var err error
		if pem, err = os.ReadFile(t.CAFile); err != nil {
			return nil, fmt.Errorf("deploy: CA: %w", err)
		}
		name = t.CAFile
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("deploy: CA %s: no PEM certificate in it", name)
	}
	cfg.RootCAs = pool
	return cfg, nil
}

// Dial connects and logs in. It implements DialFunc.
func (t *Target) Dial(ctx context.Context) (Conn, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	addr := t.address()
	dt := t.DialTimeout
	if dt <= 0 {
		dt = 10 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, dt)
	defer cancel()
	dial := t.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	nc, err := dial(dctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("deploy: connect to %s: %w: %v", addr, ErrConnection, err)
	}
	if t.TLS {
		cfg, err := t.tlsConfig()
		if err != nil {
			nc.Close()
			return nil, err
		}
		tc := tls.Client(nc, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			nc.Close()
			return nil, fmt.Errorf("deploy: TLS with %s: %w: %v", addr, ErrConnection, err)
		}
		nc = tc
	}
	c, err := ros.NewClient(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("deploy: %w", err)
	}
	// The library logs whole sentences, the login password included, at
	// debug level: never let it log.
	c.SetLogHandler(slog.DiscardHandler)
	ct := t.CommandTimeout
	if ct <= 0 {
		ct = 15 * time.Second
	}
	a := &apiConn{nc: nc, c: c, timeout: ct, user: t.Credentials.User, service: "api"}
	switch {
	case t.OutOfBand:
		a.service = NoAPIService
	case t.TLS:
		a.service = "api-ssl"
	}
	deadline, _ := dctx.Deadline()
	_ = nc.SetDeadline(deadline)
	stop := context.AfterFunc(dctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })
	err = c.Login(t.Credentials.User, t.Credentials.Password)
	stop()
	if err != nil {
		a.Close()
		var de *ros.DeviceError
		if errors.As(err, &de) && de.Sentence.Word == "!trap" {
			return nil, fmt.Errorf("deploy: log in to %s as %q: %s", addr, t.Credentials.User, de.Sentence.Map["message"])
		}
		return nil, fmt.Errorf("deploy: log in to %s: %w: %v", addr, ErrConnection, err)
	}
	return a, nil
}

// apiConn is a Conn over go-routeros in synchronous mode. The library
// ignores contexts while it waits for a reply, so every command runs under
// a deadline on the net.Conn; ctx cancellation moves the deadline to the
// past, which ends the wait at once.
type apiConn struct {
	nc      net.Conn
	c       *ros.Client
	timeout time.Duration
	broken  error
	user    string // logged in as
	service string // the /ip/service entry the session uses
}

// APIService is the /ip/service entry the session uses: api, or api-ssl
// with TLS, or NoAPIService (Target.OutOfBand). The Deployer never
// disables, moves or restricts it.
func (a *apiConn) APIService() string { return a.service }

// LoginUser is the name the session logged in as; the Deployer never
// changes that user (see Options.LoginUser).
func (a *apiConn) LoginUser() string { return a.user }

func (a *apiConn) Run(ctx context.Context, words ...string) (*Reply, error) {
	if len(words) == 0 {
		return nil, errors.New("deploy: empty command")
	}
	cmd := words[0]
	if a.broken != nil {
		return nil, connErr(cmd, a.broken)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(a.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = a.nc.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = a.nc.SetDeadline(time.Unix(1, 0)) })
	r, err := a.c.RunArgs(words)
	stop()
	if err != nil {
		var de *ros.DeviceError
		if errors.As(err, &de) && de.Sentence.Word == "!trap" {
			return nil, &TrapError{Command: cmd, Message: de.Sentence.Map["message"], Category: de.Sentence.Map["category"]}
		}
		a.broken = err
		a.Close()
		if cerr := ctx.Err(); cerr != nil {
			return nil, fmt.Errorf("%s: %w", cmd, cerr)
		}
		return nil, connErr(cmd, err)
	}
	out := &Reply{Done: Row{}}
	for _, s := range r.Re {
		out.Re = append(out.Re, sentenceRow(s.List))
	}
	if r.Done != nil {
		out.Done = sentenceRow(r.Done.List)
	}
	return out, nil
}

func sentenceRow(list []proto.Pair) Row {
	row := make(Row, len(list))
	for _, p := range list {
		row[p.Key] = p.Value
	}
	return row
}

func (a *apiConn) Close() error {
	if a.broken == nil {
		a.broken = errors.New("closed")
	}
	return a.c.Close()
}

package api

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"github.com/qosbench/qosbench/routeros/deploy"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	ros "github.com/go-routeros/routeros/v3"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
)

// Ports the router process listens on, as on RouterOS.
const (
	Port    = 8728
	TLSPort = 8729
)

// Files in the lab's runtime directory.
const (
	CredsFile = "api.creds"  // "user=NAME\npassword=SECRET\n" (deploy.LoadCredentials), mode 0600
	LogFile   = "router.log" // the router process's stderr
)

// SubcommandName is the hidden qosbench subcommand that runs the router
// process (cmd/qosbench/router.go).
const SubcommandName = "__router"

// ChildEnv marks a process started by Start. Test binaries cannot run a
// cobra subcommand, so a test package that starts the router calls
// RunChildIfRequested first thing in its TestMain.
const ChildEnv = "QOSBENCH_ROUTER_CHILD"

// RunChildIfRequested turns the current process into the router process
// when it was started by Start (ChildEnv set) and never returns in that
// case. Test packages that call Start must call it from TestMain, before
// m.Run, because Start re-executes os.Executable() — the test binary:
//
//	func TestMain(m *testing.M) { api.RunChildIfRequested(); os.Exit(m.Run()) }
func RunChildIfRequested() {
	if os.Getenv(ChildEnv) != "1" {
		return
	}
	args := os.Args[1:]
	if len(args) > 0 && args[0] == SubcommandName {
		args = args[1:]
	}
	os.Exit(ServeMain(context.Background(), args, os.Stdout, os.Stderr))
}

// ServeMain runs the router process: flags --ns-name, --listen, --iface
// (repeatable or comma-separated), --creds-file, --cert-dir, optional
// --service-addr, --qdiscs and --flowtable. It serves the API on the --listen
// (management) address with the lab credentials, and every enabled
// /ip/service on the --service-addr (lab-facing) addresses. It prints
// "ready" on stdout once listening and serves until SIGTERM/SIGINT or ctx
// ends; every listener and session is closed before it returns. It
// returns an exit code.
func ServeMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(SubcommandName, flag.ContinueOnError)
	fs.SetOutput(stderr)
	nsName := fs.String("ns-name", "", "router namespace (the process must already run in it)")
	listen := fs.String("listen", "", "management address to listen on")
	port := fs.Int("port", Port, "API port")
	tlsPort := fs.Int("tls-port", TLSPort, "api-ssl port (0: off)")
	creds := fs.String("creds-file", "", "file with user and password lines")
	certDir := fs.String("cert-dir", "", "directory with "+CertFile+" and "+KeyFile)
	ifaces := fs.String("iface", "", "router interfaces, comma-separated")
	svcAddrs := fs.String("service-addr", "", "lab-facing router addresses the /ip/service services listen on, comma-separated")
	qdiscs := fs.String("qdiscs", "", "qdiscs the kernel has, comma-separated (probed when empty)")
	flowtable := fs.Bool("flowtable", false, "the kernel has nft flowtables (with --qdiscs; probed otherwise)")
	rosVersion := fs.String("routeros-version", "", "RouterOS version to claim (decides !empty; default "+Version+")")
	license := fs.String("license", "", "/system/license level to claim: "+strings.Join(LicenseLevels, ", ")+" (default "+DefaultLicense+")")
	hosts := fs.String("host", "", "addresses of the lab's hosts, comma-separated (PCQ builds one class per host)")
	verbose := fs.Bool("v", false, "debug logging")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	if f, ok := stderr.(*os.File); ok {
		stderr = capStderr(f, MaxLogBytes)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	fail := func(err error) int {
		log.Error("router: " + err.Error())
		return 1
	}
	if *nsName == "" || *listen == "" || *creds == "" {
		return fail(errors.New("--ns-name, --listen and --creds-file are required"))
	}
	if *license != "" && !slices.Contains(LicenseLevels, *license) {
		return fail(fmt.Errorf("--license %q: want one of %s", *license, strings.Join(LicenseLevels, ", ")))
	}
	addr, err := netip.ParseAddr(*listen)
	if err != nil {
		return fail(fmt.Errorf("--listen: %w", err))
	}
	user, pass, err := readCreds(*creds)
	if err != nil {
		return fail(err)
	}
	ns := &lab.NS{Name: *nsName}
	var feat emulator.Features
	if *qdiscs != "" {
		feat.Qdiscs = map[string]bool{}
		for q := range strings.SplitSeq(*qdiscs, ",") {
			feat.Qdiscs[q] = true
		}
		feat.Flowtable = *flowtable
	} else {
		feat = emulator.FeaturesFrom(lab.DetectFeatures(ctx))
	}
	if *hosts != "" {
		for a := range strings.SplitSeq(*hosts, ",") {
			ad, err := netip.ParseAddr(a)
			if err != nil {
				return fail(fmt.Errorf("--host: %w", err))
			}
			feat.Hosts = append(feat.Hosts, ad)
		}
	}
	var ifs []string
	if *ifaces != "" {
		ifs = strings.Split(*ifaces, ",")
	}
	var sAddrs []netip.Addr
	if *svcAddrs != "" {
		for a := range strings.SplitSeq(*svcAddrs, ",") {
			ad, err := netip.ParseAddr(a)
			if err != nil {
				return fail(fmt.Errorf("--service-addr: %w", err))
			}
			sAddrs = append(sAddrs, ad)
		}
	}
	var tc *tls.Config
	if *tlsPort != 0 || len(sAddrs) > 0 {
		if tc, err = ServerTLS(*certDir); err != nil {
			return fail(err)
		}
	}
	be := NewRouterBackend(ns, ifs, feat)
	srv := NewServer(Config{Backend: be, User: user, Password: pass, Log: log, ServiceAddrs: sAddrs, TLS: tc, RouterOSVersion: *rosVersion, License: *license})
	ln, err := net.Listen("tcp", netip.AddrPortFrom(addr, uint16(*port)).String())
	if err != nil {
		return fail(err)
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if err := srv.StartServices(); err != nil {
		srv.Close()
		return fail(err)
	}
	if *tlsPort != 0 {
		tln, err := net.Listen("tcp", netip.AddrPortFrom(addr, uint16(*tlsPort)).String())
		if err != nil {
			srv.Close()
			return fail(err)
		}
		go func() { errc <- srv.Serve(tls.NewListener(tln, tc)) }()
	}
	log.Info("router: listening", "addr", addr.String(), "port", *port, "tls-port", *tlsPort, "ifaces", ifs, "service-addrs", *svcAddrs)
	fmt.Fprintln(stdout, "ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)
	select {
	case <-ctx.Done():
	case s := <-sig:
		log.Info("router: stopping", "signal", s.String())
	case err := <-errc:
		srv.Close()
		be.Router.Close()
		return fail(err)
	}
	srv.Close()
	be.Router.Close() // DHCP clients and servers end before the process
	return 0
}

// readCreds reads a credentials file in the deployer's format (user=NAME and
// password=SECRET lines), so `qosbench deploy --credentials` takes the same
// file.
func readCreds(path string) (user, pass string, err error) {
	c, err := deploy.LoadCredentials(path)
	if err != nil {
		return "", "", fmt.Errorf("api: %w", err)
	}
	return c.User, c.Password, nil
}

// Endpoint is how to reach a lab router's API from the lab's management
// namespace. Sockets are created inside NS (a socket keeps the namespace
// it was created in), so the connections can be used from any goroutine.
type Endpoint struct {
	NS             *lab.NS    // the management namespace
	Addr           netip.Addr // the router's management address
	Port, TLSPort  int
	User, Password string
	CAPEM          []byte // the CA that signed the api-ssl certificate
}

// LoadEndpoint returns the endpoint of the router process of a lab built
// with Spec.Management, reading the credentials and CA from the lab's
// runtime directory.
func LoadEndpoint(l *lab.Lab) (*Endpoint, error) {
	if l.Mgmt == nil {
		return nil, fmt.Errorf("api: lab %s has no management link (Spec.Management)", l.ID)
	}
	user, pass, err := readCreds(filepath.Join(l.RuntimeDir, CredsFile))
	if err != nil {
		return nil, err
	}
	ca, err := os.ReadFile(filepath.Join(l.RuntimeDir, CAFile))
	if err != nil {
		return nil, fmt.Errorf("api: CA certificate: %w", err)
	}
	return &Endpoint{NS: l.Mgmt, Addr: l.MgmtRouter, Port: Port, TLSPort: TLSPort, User: user, Password: pass, CAPEM: ca}, nil
}

// DialContext dials any address from the management namespace, with the
// signature of net.Dialer.DialContext (for clients that take a dial
// function). ctx bounds the connect only.
func (e *Endpoint) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var c net.Conn
	err := e.NS.Do(func() error {
		var d net.Dialer
		var err error
		c, err = d.DialContext(ctx, network, addr)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("api: dial %s from %s: %w", addr, e.NS.Name, err)
	}
	return c, nil
}

// Target is how the deployer reaches this router's api-ssl service: from
// the management namespace (the dialer creates its sockets there), the
// certificate pinned to the router's CA, with its credentials. The
// management link is out of band (no /ip service controls it), so edits of
// api and api-ssl deploy as written. commandTimeout bounds each command.
func (e *Endpoint) Target(commandTimeout time.Duration) *deploy.Target {
	return &deploy.Target{
		Address:        e.Address(true),
		TLS:            true,
		CA:             e.CAPEM,
		ServerName:     ServerName,
		Credentials:    deploy.Credentials{User: e.User, Password: e.Password},
		DialTimeout:    10 * time.Second,
		CommandTimeout: commandTimeout,
		OutOfBand:      true,
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			// Not e.DialContext: the deployer wraps errors itself.
			var c net.Conn
			err := e.NS.Do(func() error {
				var err error
				c, err = (&net.Dialer{}).DialContext(ctx, network, address)
				return err
			})
			return c, err
		},
	}
}

// Address returns "addr:port" of the plain API, or of api-ssl when tls.
func (e *Endpoint) Address(tls bool) string {
	port := e.Port
	if tls {
		port = e.TLSPort
	}
	return netip.AddrPortFrom(e.Addr, uint16(port)).String()
}

// Dial opens a plain API connection (port 8728) from the management
// namespace. ctx bounds the connect only.
func (e *Endpoint) Dial(ctx context.Context) (net.Conn, error) {
	return e.DialContext(ctx, "tcp", e.Address(false))
}

// DialTLS opens an api-ssl connection (port 8729) that trusts only the
// lab's CA, and completes the handshake.
func (e *Endpoint) DialTLS(ctx context.Context) (net.Conn, error) {
	tc, err := ClientTLS(e.CAPEM)
	if err != nil {
		return nil, err
	}
	raw, err := e.DialContext(ctx, "tcp", e.Address(true))
	if err != nil {
		return nil, err
	}
	c := tls.Client(raw, tc)
	if err := c.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("api: TLS handshake with %s: %w", e.Addr, err)
	}
	return c, nil
}

// Client dials (TLS when useTLS) and logs in with go-routeros in its
// default synchronous mode. Set deadlines on the returned connection's
// behalf through ctx only for the dial and login; the client does not
// apply ctx to later reads (a go-routeros property).
func (e *Endpoint) Client(ctx context.Context, useTLS bool) (*ros.Client, error) {
	var c net.Conn
	var err error
	if useTLS {
		c, err = e.DialTLS(ctx)
	} else {
		c, err = e.Dial(ctx)
	}
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	cl, err := ros.NewClient(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := cl.LoginContext(ctx, e.User, e.Password); err != nil {
		cl.Close()
		return nil, fmt.Errorf("api: login: %w", err)
	}
	_ = c.SetDeadline(time.Time{})
	return cl, nil
}

// StartOptions configure Start.
type StartOptions struct {
	// Features are passed to the router's translator; when Qdiscs is nil
	// the router process probes the kernel itself.
	Features emulator.Features
	// RouterOSVersion is the version the router claims ("" = Version):
	// the tested config's export header, so clients see the router they
	// were written for (an empty print answers !empty only from 7.18).
	RouterOSVersion string
	// Executable runs the router (default os.Executable()); it must be a
	// qosbench binary or a test binary whose TestMain calls
	// RunChildIfRequested.
	Executable string
}

// Process is a running router process.
type Process struct {
	Endpoint *Endpoint
	cmd      *exec.Cmd
	waitc    chan error
}

// LabUser is the user name of the lab credentials Start writes. It is
// not a /user entry: the management link's API models an out-of-band
// console, so a tested config that disables or removes admin (or any
// other /user entry) never locks the lab out.
const LabUser = "qosbench"

// Start starts the router process in the lab's DUT namespace, serving the
// API on the management address and the /ip/service services on the
// router's LAN and WAN addresses, and waits until it listens. It writes
// fresh credentials (LabUser, random password, mode 0600) and a fresh
// certificate (for the management, LAN and WAN addresses) into the lab's
// runtime directory. Destroying the lab also ends the
// process (Destroy kills every process in the lab's namespaces).
func Start(ctx context.Context, l *lab.Lab, opts StartOptions) (*Process, error) {
	if l.Mgmt == nil {
		return nil, fmt.Errorf("api: lab %s has no management link (Spec.Management)", l.ID)
	}
	exe := opts.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("api: find own executable: %w", err)
		}
	}
	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		return nil, err
	}
	user, pass := LabUser, hex.EncodeToString(pw)
	credsPath := filepath.Join(l.RuntimeDir, CredsFile)
	if err := writeFile(credsPath, []byte("user="+user+"\npassword="+pass+"\n"), 0o600); err != nil {
		return nil, err
	}
	ca, err := GenerateCert(l.RuntimeDir, l.MgmtRouter, l.RouterLAN, l.RouterWAN)
	if err != nil {
		return nil, err
	}
	args := []string{"--net=" + l.DUT.Path(), "--", exe, SubcommandName,
		"--ns-name", l.DUT.Name, "--listen", l.MgmtRouter.String(),
		"--port", strconv.Itoa(Port), "--tls-port", strconv.Itoa(TLSPort),
		"--creds-file", credsPath, "--cert-dir", l.RuntimeDir,
		"--iface", l.Spec.LAN.Interface + "," + l.Spec.WAN.Interface,
		"--service-addr", l.RouterLAN.String() + "," + l.RouterWAN.String()}
	if opts.RouterOSVersion != "" {
		args = append(args, "--routeros-version", opts.RouterOSVersion)
	}
	var hosts []string
	for _, h := range append(append([]*lab.Host(nil), l.LANHosts...), l.WANHosts...) {
		if h.Addr.IsValid() { // a LAN host that takes a DHCP lease has none yet
			hosts = append(hosts, h.Addr.String())
		}
	}
	if len(hosts) > 0 {
		args = append(args, "--host", strings.Join(hosts, ","))
	}
	if opts.Features.Qdiscs != nil {
		var qs []string
		for q, ok := range opts.Features.Qdiscs {
			if ok {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			qs = []string{"none"}
		}
		args = append(args, "--qdiscs", strings.Join(qs, ","))
	}
	if opts.Features.Qdiscs != nil && opts.Features.Flowtable {
		args = append(args, "--flowtable")
	}
	logf, err := os.OpenFile(filepath.Join(l.RuntimeDir, LogFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("api: router log: %w", err)
	}
	defer logf.Close()
	// nsenter, as lab.NS.Run does: never fork from a setns'd thread.
	cmd := exec.Command("nsenter", args...)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("api: start router process: %w", err)
	}
	p := &Process{cmd: cmd, waitc: make(chan error, 1),
		Endpoint: &Endpoint{NS: l.Mgmt, Addr: l.MgmtRouter, Port: Port, TLSPort: TLSPort, User: user, Password: pass, CAPEM: ca}}
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(out).ReadString('\n')
		if err == nil && strings.TrimSpace(line) != "ready" {
			err = fmt.Errorf("unexpected output %q", line)
		}
		ready <- err
		_, _ = io.Copy(io.Discard, out)
		p.waitc <- cmd.Wait()
	}()
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case err = <-ready:
	case <-ctx.Done():
		err = ctx.Err()
	case <-timeout.C:
		err = errors.New("timed out")
	}
	if err != nil {
		p.Stop()
		return nil, fmt.Errorf("api: router process did not start (see %s): %w", filepath.Join(l.RuntimeDir, LogFile), err)
	}
	return p, nil
}

// Stop ends the router process (SIGTERM, then SIGKILL after 5 s) and waits
// for it. It leaves the router's packet path as it is.
func (p *Process) Stop() error {
	if p.cmd.Process == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.waitc:
		p.waitc <- err
		return nil
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		p.waitc <- <-p.waitc
		return errors.New("api: router process did not stop on SIGTERM; killed")
	}
}

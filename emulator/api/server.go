package api

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/qosbench/qosbench/routeros/wire"
)

// Version is the RouterOS version the server claims: a v7 recent enough to
// answer an empty print with !empty (7.18+).
const Version = "7.18"

// Config configures a Server.
type Config struct {
	Backend  Backend
	User     string // login name
	Password string // login password; compared in constant time, never logged
	// Limits bound the sentences a client may send (wire.DefaultLimits
	// when zero).
	Limits wire.Limits
	// LoginTimeout bounds the time from connect to a successful login
	// (default 10s); IdleTimeout the time one sentence may take to arrive
	// once logged in (default 10m). A client that trickles bytes is cut
	// off by them.
	LoginTimeout, IdleTimeout time.Duration
	// WriteTimeout bounds each reply sentence write (default 30s).
	WriteTimeout time.Duration
	// MaxConns is the number of concurrent logged-in sessions of Serve
	// (default 16); a login beyond it is refused with !fatal.
	MaxConns int
	// LoginPool is the number of connections of Serve that may wait to log
	// in at once (default 8), apart from MaxConns so that idle sockets
	// cannot lock out logins. When it is full, the connection waiting the
	// longest is closed to make room: a client that logs in at once always
	// gets through.
	LoginPool int
	// Identity is the initial /system/identity name (default "qosbench").
	Identity string
	// Log receives connection events; never credentials.
	Log *slog.Logger
	// Now is the clock for uptime (time.Now when nil).
	Now func() time.Time

	// ServiceAddrs are the router's lab-facing addresses (its LAN and
	// WAN addresses, never the management link): StartServices makes
	// every enabled /ip/service listen on each of them. Empty: the
	// services are state only.
	ServiceAddrs []netip.Addr
	// ServiceListen opens one service listener (a TCP listener with
	// SO_REUSEPORT when nil). Tests use it to move ports.
	ServiceListen func(netip.AddrPort) (net.Listener, error)
	// TLS is the certificate of www-ssl and api-ssl on the service
	// addresses; without it those two services do not listen.
	TLS *tls.Config
	// RouterOSVersion is the RouterOS version the server claims (the
	// tested config's export header, or the scenario's); "" = Version.
	// It decides whether an empty print answers !empty (7.18 and later)
	// and what /system/resource and /system/package show.
	RouterOSVersion string
	// License is the /system/license level the router claims, as a CHR
	// shows it: "free", "p1", "p10" or "p-unlimited" (LicenseLevels).
	// "" is DefaultLicense. The emulated router limits no interface's
	// rate whatever it claims: the level is for clients that read it
	// (kind chr refuses a scenario faster than the licence allows).
	License string
}

// LicenseLevels are the CHR licence levels /system/license can show, from
// MikroTik's manual ("CHR: Licensing"): free caps each interface at
// 1 Mbit/s, p1 at 1 Gbit/s, p10 at 10 Gbit/s, p-unlimited at nothing.
var LicenseLevels = []string{"free", "p1", "p10", "p-unlimited"}

// DefaultLicense is the level the emulated router claims unless told
// otherwise: it runs on no RouterBOARD and no CHR licence caps it, so it
// says what it does: no interface limit.
const DefaultLicense = "p-unlimited"

// LicenseSystemID is the system-id the emulated router shows in
// /system/license (a CHR shows its own; the emulator has none to show).
const LicenseSystemID = "qosbench-emulated"

// Server serves the RouterOS API. Create it with NewServer; Serve may be
// called for several listeners (plain and TLS) at once.
type Server struct {
	cfg   Config
	start time.Time
	sem   chan struct{} // logged-in sessions of Serve
	// pending are Serve's connections that have not logged in yet, oldest
	// first (LoginPool).
	pendMu  sync.Mutex
	pending []net.Conn
	// guard slows down failed logins per source address.
	guard loginGuard
	// Batched application (Checker backends, guarded by mu): dirty says
	// st.entries has edits not applied yet; applied is what the backend
	// has in force; applyErr is a failed idle batch's error for the next
	// command.
	dirty      bool
	applied    []entry
	applyTimer *time.Timer
	applyErr   error
	// statsCache is the last counter reading, taken at statsAt (see
	// statsFresh); guarded by mu.
	statsCache Stats
	statsAt    time.Time

	mu    sync.Mutex // guards st, the backend and the service listeners
	st    *state
	lsubs map[*listener]struct{}
	// svcOn is set by StartServices; running holds the listeners of the
	// services that run, by name.
	svcOn   bool
	running map[string]*svcRun
	// ident is st.identity for the service banners, which do not take mu.
	ident atomic.Pointer[string]

	connMu sync.Mutex
	conns  map[net.Conn]struct{}
	lns    map[net.Listener]struct{}
	closed bool
	wg     sync.WaitGroup
}

// NewServer returns a server with an empty configuration. It does not call
// the backend: the router starts empty, like Apply of an empty config.
func NewServer(cfg Config) *Server {
	if cfg.LoginTimeout <= 0 {
		cfg.LoginTimeout = 10 * time.Second
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 10 * time.Minute
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 30 * time.Second
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 16
	}
	if cfg.LoginPool <= 0 {
		cfg.LoginPool = 8
	}
	if cfg.Identity == "" {
		cfg.Identity = "qosbench"
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{
		cfg:     cfg,
		sem:     make(chan struct{}, cfg.MaxConns),
		st:      newState(cfg.Identity),
		lsubs:   map[*listener]struct{}{},
		conns:   map[net.Conn]struct{}{},
		lns:     map[net.Listener]struct{}{},
		running: map[string]*svcRun{},
		guard:   loginGuard{now: cfg.Now},
	}
	s.ident.Store(&cfg.Identity)
	s.start = cfg.Now()
	return s
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("api: server closed")

// Serve accepts connections on ln until Close or a listener error. It
// closes ln when it returns.
func (s *Server) Serve(ln net.Listener) error {
	s.connMu.Lock()
	if s.closed {
		s.connMu.Unlock()
		ln.Close()
		return ErrServerClosed
	}
	s.lns[ln] = struct{}{}
	s.connMu.Unlock()
	defer func() {
		s.connMu.Lock()
		delete(s.lns, ln)
		s.connMu.Unlock()
		ln.Close()
	}()
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			s.connMu.Lock()
			closed := s.closed
			s.connMu.Unlock()
			if closed {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(delay*2, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return fmt.Errorf("api: accept: %w", err)
		}
		delay = 0
		// Nothing here may block on the client: the TLS handshake, the
		// login and a refusal all happen on the session's goroutine, under
		// deadlines. A connection waits to log in in the login pool.
		if !s.track(c) {
			c.Close()
			return ErrServerClosed
		}
		s.admit(c)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.untrack(c)
			defer s.leavePending(c)
			s.serveSession(c, false)
		}()
	}
}

// admit puts c in the login pool, closing the connection that has waited
// longest when the pool is full.
func (s *Server) admit(c net.Conn) {
	s.pendMu.Lock()
	defer s.pendMu.Unlock()
	if len(s.pending) >= s.cfg.LoginPool {
		old := s.pending[0]
		s.pending = s.pending[1:]
		s.cfg.Log.Debug("api: login pool full; closing the connection waiting longest", "remote", old.RemoteAddr().String())
		old.Close()
	}
	s.pending = append(s.pending, c)
}

// leavePending takes c out of the login pool, reporting whether it was
// there.
func (s *Server) leavePending(c net.Conn) bool {
	s.pendMu.Lock()
	defer s.pendMu.Unlock()
	i := slices.Index(s.pending, c)
	if i < 0 {
		return false
	}
	s.pending = slices.Delete(s.pending, i, i+1)
	return true
}

func (s *Server) track(c net.Conn) bool {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c net.Conn) {
	s.connMu.Lock()
	delete(s.conns, c)
	s.connMu.Unlock()
	c.Close()
}

// Close stops every listener and session and waits for the sessions to
// end. It does not reset the router.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.applyTimer != nil {
		s.applyTimer.Stop()
	}
	s.mu.Unlock()
	s.connMu.Lock()
	s.closed = true
	for ln := range s.lns {
		ln.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.connMu.Unlock()
	s.wg.Wait()
	return nil
}

// session is one client connection.
type session struct {
	s        *Server
	c        net.Conn
	log      *slog.Logger
	wmu      sync.Mutex
	w        *wire.Writer
	loggedIn bool
	// lab is set for sessions of the lab-facing api and api-ssl services,
	// which log in with /user; user and perm are who logged in.
	lab  bool
	user string
	perm int
	// listens are this session's running listen commands, by tag.
	lmu     sync.Mutex
	listens map[string]*listener
}

// maxLoginFailures is the number of bad logins (or commands before login)
// after which the session is closed.
const maxLoginFailures = 3

// serveConn serves an API session of the management link (Serve).
func (s *Server) serveConn(c net.Conn) { s.serveSession(c, false) }

// serveSession serves one API session; lab sessions (the api and api-ssl
// services) log in with /user, the others with the lab credentials.
func (s *Server) serveSession(c net.Conn, lab bool) {
	ss := &session{s: s, c: c, w: wire.NewWriter(c), listens: map[string]*listener{}, lab: lab,
		log: s.cfg.Log.With("remote", c.RemoteAddr().String())}
	defer ss.stopListens()
	defer func() {
		// A bug in a handler must not take the router down with it.
		if r := recover(); r != nil {
			ss.log.Error("api: panic in session; closing it", "panic", r, "stack", string(debug.Stack()))
			ss.send("!fatal", "internal error")
		}
	}()
	ss.log.Debug("api: session open")
	loginDeadline := time.Now().Add(s.cfg.LoginTimeout)
	if tc, ok := c.(*tls.Conn); ok {
		// The handshake has the login's deadline, for reading and writing:
		// a client that never sends a ClientHello holds only its own slot
		// in the login pool, and not for long.
		_ = c.SetDeadline(loginDeadline)
		if err := tc.Handshake(); err != nil {
			ss.log.Debug("api: TLS handshake failed", "err", err)
			return
		}
		_ = c.SetDeadline(time.Time{})
	}
	rd := wire.NewReader(c, s.cfg.Limits)
	failures := 0
	src := remoteAddr(c)
	for {
		dl := loginDeadline
		if ss.loggedIn {
			dl = time.Now().Add(s.cfg.IdleTimeout)
		}
		_ = c.SetReadDeadline(dl)
		words, err := rd.ReadSentence()
		if err != nil {
			var ne net.Error
			switch {
			case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
			case errors.As(err, &ne) && ne.Timeout():
				ss.log.Debug("api: session timed out")
				ss.send("!fatal", "session timed out")
			case errors.Is(err, wire.ErrWordTooLong), errors.Is(err, wire.ErrSentenceTooLong), errors.Is(err, wire.ErrControlByte):
				ss.log.Debug("api: bad input; closing", "err", err)
				ss.send("!fatal", err.Error())
			default:
				ss.log.Debug("api: read", "err", err)
			}
			return
		}
		req := parseRequest(words)
		if !ss.loggedIn {
			if req.cmd == "/quit" {
				ss.reply(req, reply{"!fatal", "session terminated on request"})
				return
			}
			if req.cmd != "/login" {
				failures++
				ss.reply(req, trapReply(0, "not logged in"), reply{"!done"})
			} else if wait := s.guard.wait(src); wait > 0 {
				// Too many failed logins from this address: the password
				// is not even checked until the backoff has passed.
				failures++
				ss.reply(req, trapReply(-1, fmt.Sprintf("too many failed logins from this address; try again in %s", wait.Round(time.Millisecond))), reply{"!done"})
			} else if ss.login(req) {
				s.guard.succeeded(src)
				if !lab {
					// Out of the login pool, into a session slot.
					s.leavePending(c)
					select {
					case s.sem <- struct{}{}:
						defer func() { <-s.sem }()
					default:
						s.cfg.Log.Warn("api: too many sessions; refusing", "remote", c.RemoteAddr().String())
						_ = c.SetWriteDeadline(time.Now().Add(time.Second))
						ss.send("!fatal", "too many sessions")
						return
					}
				}
				ss.loggedIn = true
				ss.log.Info("api: logged in", "user", ss.user, "lab-facing", lab)
				ss.reply(req, reply{"!done"})
				continue
			} else {
				failures++
				s.guard.failed(src)
				ss.log.Info("api: login failed")
				ss.reply(req, trapReply(-1, "invalid user name or password (6)"), reply{"!done"})
			}
			if failures >= maxLoginFailures {
				ss.send("!fatal", "too many failed logins")
				return
			}
			continue
		}
		if req.cmd == "/quit" {
			ss.reply(req, reply{"!fatal", "session terminated on request"})
			return
		}
		if !ss.handle(req) {
			return
		}
	}
}

// login checks the post-6.43 login form /login =name= =password=: on the
// management link against the lab credentials (Config.User, whatever
// /user says), on the lab-facing services against /user.
func (ss *session) login(req *request) bool {
	name, _ := req.attr("name")
	pw, _ := req.attr("password")
	if ss.lab {
		perm, ok := ss.s.checkUserLogin(name, pw, remoteAddr(ss.c))
		if ok {
			ss.user, ss.perm = name, perm
		}
		return ok
	}
	okUser := subtle.ConstantTimeCompare([]byte(name), []byte(ss.s.cfg.User))
	okPw := subtle.ConstantTimeCompare([]byte(pw), []byte(ss.s.cfg.Password))
	if okUser&okPw != 1 {
		return false
	}
	ss.user, ss.perm = name, permFull
	return true
}

// reply is the words of one reply sentence, without the tag.
type reply []string

func trapReply(category int, msg string) reply {
	r := reply{"!trap"}
	if category >= 0 {
		r = append(r, fmt.Sprintf("=category=%d", category))
	}
	return append(r, "=message="+msg)
}

// send writes one sentence; errors end the session through the reader
// (the connection is closed on write failure).
func (ss *session) send(words ...string) bool {
	ss.wmu.Lock()
	defer ss.wmu.Unlock()
	_ = ss.c.SetWriteDeadline(time.Now().Add(ss.s.cfg.WriteTimeout))
	if err := ss.w.WriteSentence(words...); err != nil {
		ss.c.Close()
		return false
	}
	return true
}

// reply sends replies, each with the request's tag when it has one.
func (ss *session) reply(req *request, rs ...reply) bool {
	for _, r := range rs {
		if req.tag != "" {
			r = append(r[:len(r):len(r)], ".tag="+req.tag)
		}
		if !ss.send(r...) {
			return false
		}
	}
	return true
}

// request is a parsed command sentence.
type request struct {
	cmd     string      // "/ip/firewall/filter/add"
	attrs   [][2]string // =key=value words, in order
	queries []string    // ?... words, without "?"
	tag     string
	hasTag  bool
	user    string   // the session's user, for /user's self checks
	bad     []string // words that are neither attributes, API words nor queries
}

func parseRequest(words []string) *request {
	r := &request{cmd: words[0]}
	for _, w := range words[1:] {
		switch {
		case strings.HasPrefix(w, "="):
			k, v, _ := strings.Cut(w[1:], "=")
			r.attrs = append(r.attrs, [2]string{k, v})
		case strings.HasPrefix(w, ".tag="):
			r.tag, r.hasTag = strings.TrimPrefix(w, ".tag="), true
		case strings.HasPrefix(w, ".proplist="):
			r.attrs = append(r.attrs, [2]string{".proplist", strings.TrimPrefix(w, ".proplist=")})
		case strings.HasPrefix(w, "?"):
			r.queries = append(r.queries, w[1:])
		default:
			r.bad = append(r.bad, w)
		}
	}
	return r
}

func (r *request) attr(k string) (string, bool) {
	for _, a := range r.attrs {
		if a[0] == k {
			return a[1], true
		}
	}
	return "", false
}

// handle runs one command of a logged-in session. It returns false when
// the session must end.
func (ss *session) handle(req *request) bool {
	if len(req.bad) > 0 {
		return ss.reply(req, trapReply(5, fmt.Sprintf("unknown word %q", req.bad[0])), reply{"!done"})
	}
	if req.cmd == "/cancel" {
		return ss.cancel(req)
	}
	menu, cmd := splitCommand(req.cmd)
	req.user = ss.user
	if ss.perm < permWrite && needsWrite(cmd) || ss.perm < permFull && needsPolicy(menu, cmd) {
		return ss.reply(req, trapReply(1, "not enough permissions (9)"), reply{"!done"})
	}
	if cmd == "listen" {
		return ss.listen(req, menu)
	}
	if cmd == "print" && ss.printStream(req, menu) {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := ss.s.exec(ctx, menu, cmd, req)
	if err != nil {
		var t *trap
		if !errors.As(err, &t) {
			t = &trap{category: 4, msg: err.Error()}
		}
		return ss.reply(req, trapReply(t.category, t.msg), reply{"!done"})
	}
	return ss.reply(req, out...)
}

// splitCommand splits "/ip/firewall/filter/add" into menu and command.
func splitCommand(w string) (menu, cmd string) {
	i := strings.LastIndexByte(w, '/')
	if i < 0 {
		return "", w
	}
	menu = w[:i]
	if menu == "" {
		menu = "/"
	}
	return menu, w[i+1:]
}

// trap is a command failure reported as !trap.
type trap struct {
	category int
	msg      string
}

func (t *trap) Error() string { return t.msg }

func trapf(category int, format string, args ...any) error {
	return &trap{category: category, msg: fmt.Sprintf(format, args...)}
}

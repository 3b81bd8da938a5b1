package api

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The lab-facing side of /ip/service: every enabled service listens on the
// router's lab addresses (Config.ServiceAddrs) and answers the way its
// RouterOS counterpart does at the start of a session, so that a probe
// from a LAN or WAN host tells "the service answered" from "refused" or
// "dropped" on real sockets of the router namespace — through the
// router's own input chain.
//
//   - A disabled service has no socket: the kernel answers RST.
//   - A source outside the service's address= prefixes is accepted by the
//     kernel and reset by the service (SO_LINGER 0) before any byte.
//   - More than max-sessions connections: the extra one is closed at once.
//
// The management link is not among the addresses: its API listener
// (Serve) models an out-of-band console that the tested configuration
// never changes.

// svcRun is the listeners of one running service.
type svcRun struct {
	name string
	port int
	lns  []net.Listener
	// conf is the service's current settings (address, max-sessions);
	// a set that keeps the port swaps it without touching the sockets.
	conf   atomic.Pointer[service]
	active atomic.Int64
}

// Timeouts of the emulated services.
const (
	bannerIdle   = 60 * time.Second // telnet, ftp, ssh: time for the next line
	httpIdle     = 30 * time.Second // www: time for the next request
	tlsHandshake = 10 * time.Second
	maxLine      = 1024
	maxHTTPHead  = 64 << 10
)

// StartServices opens the listeners of every enabled service on
// Config.ServiceAddrs. Later /ip/service changes reconfigure them before
// the command answers. Without ServiceAddrs it does nothing (the services
// are then state only). It fails if a port cannot be bound.
func (s *Server) StartServices() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cfg.ServiceAddrs) == 0 || s.svcOn {
		return nil
	}
	s.svcOn = true
	if err := s.applyServices(s.st.services); err != nil {
		s.svcOn = false
		return fmt.Errorf("api: start services: %w", err)
	}
	return nil
}

// canRun reports whether the server can run sv at all: the TLS services
// need a certificate.
func (s *Server) canRun(sv *service) bool { return !sv.isTLS() || s.cfg.TLS != nil }

// applyServices makes the listeners match next: it opens the sockets of
// services that start or change port first, and only when all of them
// opened closes the sockets of services that stopped or moved, so a
// failing command leaves the old listeners in place. Sockets use
// SO_REUSEPORT, so a port handed from one service to another in one
// command can be opened before its old owner lets go. Connections already
// established are kept, as RouterOS keeps open sessions. Called with s.mu
// held.
func (s *Server) applyServices(next []service) error {
	if !s.svcOn {
		return nil
	}
	bad := invalidServices(next)
	want := map[string]*service{}
	for i := range next {
		sv := next[i]
		if !sv.disabled && !bad[sv.name] && s.canRun(&sv) {
			want[sv.name] = &sv
		}
	}
	opened := map[string]*svcRun{}
	for name, sv := range want {
		if cur := s.running[name]; cur != nil && cur.port == sv.port {
			continue
		}
		r, err := s.openService(sv)
		if err != nil {
			for _, o := range opened {
				s.closeService(o)
			}
			return trapf(4, "failure: %s: cannot listen on port %d: %v", name, sv.port, err)
		}
		opened[name] = r
	}
	for name, cur := range s.running {
		if _, keep := want[name]; !keep || opened[name] != nil {
			s.closeService(cur)
			delete(s.running, name)
		}
	}
	for name, r := range opened {
		s.running[name] = r
	}
	for name, sv := range want {
		s.running[name].conf.Store(sv)
	}
	for _, r := range opened {
		for _, ln := range r.lns {
			s.wg.Add(1)
			go s.acceptService(r, ln)
		}
	}
	if len(opened) > 0 || len(want) != len(s.running) {
		s.cfg.Log.Debug("api: services reconfigured", "running", len(s.running))
	}
	return nil
}

// openService binds sv's port on every service address.
func (s *Server) openService(sv *service) (*svcRun, error) {
	r := &svcRun{name: sv.name, port: sv.port}
	for _, a := range s.cfg.ServiceAddrs {
		ln, err := s.listenService(netip.AddrPortFrom(a, uint16(sv.port)))
		if err != nil {
			s.closeService(r)
			return nil, err
		}
		s.connMu.Lock()
		closed := s.closed
		if !closed {
			s.lns[ln] = struct{}{}
		}
		s.connMu.Unlock()
		if closed {
			ln.Close()
			s.closeService(r)
			return nil, ErrServerClosed
		}
		r.lns = append(r.lns, ln)
	}
	return r, nil
}

// listenService opens one TCP listener with SO_REUSEPORT, or through
// Config.ServiceListen.
func (s *Server) listenService(ap netip.AddrPort) (net.Listener, error) {
	if s.cfg.ServiceListen != nil {
		return s.cfg.ServiceListen(ap)
	}
	lc := net.ListenConfig{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		if err := rc.Control(func(fd uintptr) {
			serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
			if serr == nil {
				// A WAN address taken by /ip dhcp-client arrives after
				// the services start: listen on it before it is there,
				// as RouterOS's services answer on whatever address
				// the router has.
				serr = unix.SetsockoptInt(int(fd), unix.IPPROTO_IP, unix.IP_FREEBIND, 1)
			}
		}); err != nil {
			return err
		}
		return serr
	}}
	return lc.Listen(context.Background(), "tcp", ap.String())
}

// closeService closes r's listeners (the accept loops then end).
func (s *Server) closeService(r *svcRun) {
	s.connMu.Lock()
	for _, ln := range r.lns {
		delete(s.lns, ln)
	}
	s.connMu.Unlock()
	for _, ln := range r.lns {
		ln.Close()
	}
}

// resetConn closes c with SO_LINGER 0, so the peer gets a RST instead of
// a FIN: a service refusing a source, not a session that ended.
func resetConn(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

func remoteAddr(c net.Conn) netip.Addr {
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return ta.AddrPort().Addr().Unmap()
	}
	if ap, err := netip.ParseAddrPort(c.RemoteAddr().String()); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

// acceptService accepts connections of one listener of r until it is
// closed.
func (s *Server) acceptService(r *svcRun, ln net.Listener) {
	defer s.wg.Done()
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(delay*2, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			s.cfg.Log.Error("api: service accept failed; the service stops answering", "service", r.name, "err", err)
			return
		}
		delay = 0
		sv := r.conf.Load()
		src := remoteAddr(c)
		if !sv.allows(src) {
			s.cfg.Log.Debug("api: service refused source", "service", r.name, "remote", src.String())
			resetConn(c)
			continue
		}
		if r.active.Add(1) > int64(sv.maxSessions) {
			r.active.Add(-1)
			s.cfg.Log.Debug("api: service at max-sessions", "service", r.name, "remote", src.String())
			c.Close()
			continue
		}
		if !s.track(c) {
			r.active.Add(-1)
			c.Close()
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer r.active.Add(-1)
			defer s.untrack(c)
			s.serveService(r.name, c)
		}()
	}
}

// serveService answers one accepted connection of service name.
func (s *Server) serveService(name string, c net.Conn) {
	switch name {
	case "telnet":
		s.serveTelnet(c)
	case "ftp":
		s.serveFTP(c)
	case "ssh":
		s.serveSSH(c)
	case "www":
		s.serveHTTP(c)
	case "winbox":
		s.serveHold(c)
	case "api":
		s.serveSession(c, true)
	case "www-ssl", "api-ssl":
		tc := tls.Server(c, s.cfg.TLS)
		_ = c.SetDeadline(time.Now().Add(tlsHandshake))
		if err := tc.Handshake(); err != nil {
			s.cfg.Log.Debug("api: TLS handshake failed", "service", name, "err", err)
			return
		}
		_ = c.SetDeadline(time.Time{})
		if name == "api-ssl" {
			s.serveSession(tc, true)
		} else {
			s.serveHTTP(tc)
		}
	}
}

// identityName is the current /system/identity, for banners.
func (s *Server) identityName() string { return *s.ident.Load() }

// readLine reads one line (without CR LF) of at most maxLine bytes within
// bannerIdle, dropping telnet IAC sequences.
func readLine(c net.Conn, br *bufio.Reader) (string, error) {
	_ = c.SetReadDeadline(time.Now().Add(bannerIdle))
	var b []byte
	for len(b) < maxLine {
		ch, err := br.ReadByte()
		if err != nil {
			return "", err
		}
		switch {
		case ch == 0xff: // IAC: skip the command and its option
			cmd, err := br.ReadByte()
			if err != nil {
				return "", err
			}
			if cmd == 0xfa { // SB ... IAC SE
				for {
					x, err := br.ReadByte()
					if err != nil {
						return "", err
					}
					if x == 0xff {
						if y, _ := br.ReadByte(); y == 0xf0 {
							break
						}
					}
				}
			} else if cmd >= 0xfb && cmd <= 0xfe {
				if _, err := br.ReadByte(); err != nil {
					return "", err
				}
			}
		case ch == '\n':
			return strings.TrimRight(string(b), "\r\x00"), nil
		default:
			b = append(b, ch)
		}
	}
	return "", errors.New("line too long")
}

func write(c net.Conn, s string) error {
	_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err := io.WriteString(c, s)
	return err
}

// serveSSH sends RouterOS's SSH identification, reads the client's and
// closes: the lab answers the handshake's first step, it has no key
// exchange or shell.
func (s *Server) serveSSH(c net.Conn) {
	if write(c, "SSH-2.0-ROSSSH\r\n") != nil {
		return
	}
	_, _ = readLine(c, bufio.NewReader(c))
}

// serveTelnet shows a login prompt with the identity, reads a user name
// and a password, and says that the console is not emulated.
func (s *Server) serveTelnet(c net.Conn) {
	br := bufio.NewReader(c)
	if write(c, "\r\n"+s.identityName()+" (MikroTik RouterOS "+Version+", qosbench embedded router)\r\nLogin: ") != nil {
		return
	}
	if _, err := readLine(c, br); err != nil || write(c, "Password: ") != nil {
		return
	}
	if _, err := readLine(c, br); err != nil {
		return
	}
	_ = write(c, "\r\nLogin failed: the qosbench embedded router has no console; configure it through the API\r\n")
}

// serveFTP greets like RouterOS's FTP server and answers the login
// commands; it refuses every login (no file store in the lab).
func (s *Server) serveFTP(c net.Conn) {
	br := bufio.NewReader(c)
	if write(c, "220 "+s.identityName()+" FTP server (MikroTik) ready\r\n") != nil {
		return
	}
	fails := 0
	for {
		line, err := readLine(c, br)
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		var msg string
		switch strings.ToUpper(verb) {
		case "USER":
			msg = "331 Password required for " + arg
		case "PASS":
			fails++
			msg = "530 Login incorrect (the qosbench embedded router has no file store)"
		case "QUIT":
			_ = write(c, "221 Closing\r\n")
			return
		case "SYST":
			msg = "215 UNIX Type: L8"
		case "NOOP":
			msg = "200 NOOP ok"
		default:
			msg = "530 Please login with USER and PASS"
		}
		if write(c, msg+"\r\n") != nil || fails >= maxLoginFailures {
			return
		}
	}
}

// serveHold serves winbox: WinBox clients speak first, and the lab does not
// speak the WinBox protocol beyond answering a client's first message (the
// first of an EC-SRP5 login: length, type 6, ...) with a message of the
// same type, as a router answers with its key, which is what a probe takes
// as proof that the service answered. Then it reads and discards until the
// client closes or stays silent for the idle timeout.
func (s *Server) serveHold(c net.Conn) {
	buf := make([]byte, 4096)
	_ = c.SetReadDeadline(time.Now().Add(s.cfg.IdleTimeout))
	if n, err := c.Read(buf); err != nil {
		return
	} else if n >= 2 && buf[1] == 0x06 {
		key := make([]byte, 49) // 32-byte key, parity, 16-byte salt
		_, _ = rand.Read(key)
		_ = c.SetWriteDeadline(time.Now().Add(httpIdle))
		if _, err := c.Write(append([]byte{byte(len(key)), 0x06}, key...)); err != nil {
			return
		}
	}
	for {
		_ = c.SetReadDeadline(time.Now().Add(s.cfg.IdleTimeout))
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

// webPage is the page www and www-ssl serve.
func (s *Server) webPage() string {
	id := html.EscapeString(s.identityName())
	return "<!DOCTYPE html>\n<html><head><title>" + id + " - RouterOS router configuration page</title></head>\n" +
		"<body><h1>" + id + "</h1><p>RouterOS " + Version + " (qosbench embedded router). WebFig is not emulated: " +
		"configure this router through the RouterOS API.</p></body></html>\n"
}

// serveHTTP answers HTTP/1.x requests with the router page (keep-alive
// honoured), 405 for methods other than GET and HEAD, 400 for garbage.
func (s *Server) serveHTTP(c net.Conn) {
	lr := &io.LimitedReader{R: c, N: maxHTTPHead}
	br := bufio.NewReader(lr)
	for {
		lr.N = maxHTTPHead
		_ = c.SetReadDeadline(time.Now().Add(httpIdle))
		req, err := http.ReadRequest(br)
		if err != nil {
			var ne net.Error
			if !errors.Is(err, io.EOF) && !errors.As(err, &ne) && !errors.Is(err, net.ErrClosed) {
				_ = write(c, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
			}
			return
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(req.Body, 1<<20))
		req.Body.Close()
		body, status := s.webPage(), http.StatusOK
		h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			body, status = "method not allowed\n", http.StatusMethodNotAllowed
			h = http.Header{"Content-Type": {"text/plain; charset=utf-8"}, "Allow": {"GET, HEAD"}}
		}
		closeAfter := req.Close || !req.ProtoAtLeast(1, 1)
		resp := &http.Response{StatusCode: status, ProtoMajor: 1, ProtoMinor: 1, Request: req, Header: h,
			ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body)), Close: closeAfter}
		var out bytes.Buffer
		if err := resp.Write(&out); err != nil || write(c, out.String()) != nil || closeAfter {
			return
		}
	}
}

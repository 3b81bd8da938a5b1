package api

import (
	"crypto/tls"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	ros "github.com/go-routeros/routeros/v3"
)

// startTLSServer serves api-ssl on loopback as the router process does
// (tls.NewListener over TCP) and returns the address and a client config.
func startTLSServer(t *testing.T, mod func(*Config)) (string, *tls.Config) {
	t.Helper()
	dir := t.TempDir()
	ca, err := GenerateCert(dir, netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	stc, err := ServerTLS(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctc, err := ClientTLS(ca)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Backend: &fakeBackend{}, User: testUser, Password: testPass}
	if mod != nil {
		mod(&cfg)
	}
	s := NewServer(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(tls.NewListener(ln, stc)) }()
	t.Cleanup(func() {
		s.Close()
		<-done
	})
	return ln.Addr().String(), ctc
}

func dialTLS(addr string, tc *tls.Config, pass string) (*ros.Client, error) {
	d := &net.Dialer{Timeout: 3 * time.Second}
	c, err := tls.DialWithDialer(d, "tcp", addr, tc)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	cl, err := ros.NewClient(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := cl.Login(testUser, pass); err != nil {
		cl.Close()
		return nil, err
	}
	_ = c.SetDeadline(time.Time{})
	return cl, nil
}

// idle opens n TCP connections that never send a byte.
func idle(t *testing.T, addr string, n int) {
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
}

// One connection that never sends a ClientHello, while every session is
// taken, blocked the TLS accept loop: every later client timed out, even
// after a session ended. The handshake now runs off the accept path.
func TestTLSHandshakeOffAcceptPath(t *testing.T) {
	addr, tc := startTLSServer(t, func(c *Config) { c.MaxConns = 2 })
	var held []*ros.Client
	for range 2 {
		c, err := dialTLS(addr, tc, testPass)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	idle(t, addr, 1)
	time.Sleep(100 * time.Millisecond) // let the server accept it
	held[0].Close()
	defer held[1].Close()
	var c *ros.Client
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err = dialTLS(addr, tc, testPass); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("a TLS client after a silent connection: %v", err)
	}
	c.Close()
}

// Sockets that connect and never log in took all 16 session slots and
// locked out 19 of 19 logins. They now wait in a login pool of their own,
// which gives way to new connections.
func TestIdleSocketsDoNotLockOutLogins(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		var dialOK func() error
		var addr string
		if useTLS {
			var tc *tls.Config
			addr, tc = startTLSServer(t, nil)
			dialOK = func() error {
				c, err := dialTLS(addr, tc, testPass)
				if err == nil {
					c.Close()
				}
				return err
			}
		} else {
			addr, _ = startServer(t, &fakeBackend{}, nil)
			dialOK = func() error {
				c, err := ros.DialTimeout(addr, testUser, testPass, 3*time.Second)
				if err == nil {
					c.Close()
				}
				return err
			}
		}
		idle(t, addr, 40)
		failed := 0
		for range 19 {
			if err := dialOK(); err != nil {
				failed++
				t.Logf("tls=%v: %v", useTLS, err)
			}
		}
		if failed > 0 {
			t.Errorf("tls=%v: %d of 19 logins failed next to 40 idle sockets", useTLS, failed)
		}
	}
}

// Failed logins from one address are slowed down (about 7,000 guesses a
// second were possible); a right password is not even checked during the
// wait, and a success clears the address. The clock is the server's.
func TestFailedLoginBackoff(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	addr, _ := startServer(t, &fakeBackend{}, func(c *Config) { c.Now = clock })
	login := func(pass string) error {
		c, err := ros.DialTimeout(addr, testUser, pass, 3*time.Second)
		if err == nil {
			c.Close()
		}
		return err
	}
	for i := range guardFree {
		if err := login("wrong"); err == nil || !strings.Contains(err.Error(), "invalid user name or password") {
			t.Fatalf("bad login %d: %v", i, err)
		}
	}
	// Within the wait, guesses are refused unchecked, the right one too.
	for range 100 {
		if err := login(testPass); err == nil || !strings.Contains(err.Error(), "too many failed logins") {
			t.Fatalf("login during the backoff: %v", err)
		}
	}
	advance(guardFirst)
	if err := login("wrong"); err == nil || !strings.Contains(err.Error(), "invalid user name or password") {
		t.Fatalf("bad login after the wait: %v", err)
	}
	// The wait doubled.
	advance(guardFirst)
	if err := login(testPass); err == nil {
		t.Fatal("the second wait did not double")
	}
	advance(guardFirst)
	if err := login(testPass); err != nil {
		t.Fatalf("right password after the wait: %v", err)
	}
	// A success cleared the address.
	if err := login("wrong"); err == nil || strings.Contains(err.Error(), "too many failed logins") {
		t.Fatalf("after a success: %v", err)
	}
	// The wait is capped.
	var g loginGuard
	g.now = clock
	a := netip.MustParseAddr("192.0.2.1")
	for range 100 {
		g.failed(a)
	}
	if w := g.wait(a); w != guardMaxWait {
		t.Errorf("wait after 100 failures = %v, want %v", w, guardMaxWait)
	}
}

// A session may run a bounded number of listen commands (50k held 900 MB).
func TestListenBoundedPerSession(t *testing.T) {
	addr, _ := startServer(t, &fakeBackend{}, nil)
	rc := dialRaw(t, addr, true)
	for i := range maxListens {
		rc.send("/ip/firewall/filter/listen", ".tag="+string(rune('a'+i%26))+strings.Repeat("x", i/26))
	}
	rc.send("/ip/firewall/filter/listen", ".tag=over")
	got := rc.read()
	if got[0] != "!trap" || !strings.Contains(strings.Join(got, " "), "too many listen commands") || !strings.Contains(strings.Join(got, " "), ".tag=over") {
		t.Fatalf("listen %d: %q", maxListens+1, got)
	}
}

// router.log is bounded: past MaxLogBytes it moves to router.log.1 and
// starts anew, whatever is written.
func TestRouterLogBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), LogFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const max = 64 << 10
	w := capStderr(f, max)
	line := []byte(strings.Repeat("x", 99) + "\n")
	for range 20 * max / len(line) {
		if _, err := w.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	var total int64
	for _, p := range []string{path, path + ".1"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > max {
			t.Errorf("%s: %d bytes, want at most %d", filepath.Base(p), st.Size(), max)
		}
		total += st.Size()
	}
	if total < max {
		t.Errorf("%d bytes kept, want the last %d at least", total, max)
	}
	// What goes to the descriptor itself (a crash's stack) lands in the
	// current file too.
	if _, err := f.Write([]byte("direct\n")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(b), "direct\n") {
		t.Error("a write to the descriptor missed the current log file")
	}
}

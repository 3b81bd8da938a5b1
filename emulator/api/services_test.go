package api

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	ros "github.com/go-routeros/routeros/v3"
)

func TestServiceMenu(t *testing.T) {
	addr, _ := startServer(t, &fakeBackend{}, nil)
	c := dial(t, addr)
	r := run(t, c, "/ip/service/print")
	var names, gotIDs []string
	for _, s := range r.Re {
		names = append(names, s.Map["name"])
		gotIDs = append(gotIDs, s.Map[".id"])
	}
	if want := []string{"telnet", "ftp", "www", "ssh", "www-ssl", "api", "winbox", "api-ssl"}; !slices.Equal(names, want) {
		t.Fatalf("services %v, want %v", names, want)
	}
	if want := []string{"*1", "*2", "*3", "*4", "*5", "*6", "*7", "*8"}; !slices.Equal(gotIDs, want) {
		t.Errorf("ids %v, want %v", gotIDs, want)
	}
	ssh := r.Re[3].Map
	for k, v := range map[string]string{"port": "22", "address": "", "disabled": "false", "invalid": "false",
		"max-sessions": "20", "vrf": "main"} {
		if got, ok := ssh[k]; !ok || got != v {
			t.Errorf("ssh %s = %q (present %v), want %q", k, got, ok, v)
		}
	}
	if _, ok := ssh["certificate"]; ok {
		t.Errorf("ssh has a certificate property: %v", ssh)
	}
	if w := r.Re[4].Map; w["disabled"] != "true" || w["port"] != "443" || w["certificate"] != "none" || w["tls-version"] != "any" {
		t.Errorf("www-ssl: %v", w)
	}

	run(t, c, "/ip/service/set", "=.id=*4", "=port=2222", "=address=192.168.88.7/24,10.1.1.1")
	run(t, c, "/ip/service/set", "=numbers=winbox", "=address=192.168.88.0/24")
	run(t, c, "/ip/service/disable", "=numbers=telnet,*2")
	run(t, c, "/ip/service/enable", "=numbers=www-ssl")
	r = run(t, c, "/ip/service/print", "?name=ssh")
	if m := r.Re[0].Map; m["port"] != "2222" || m["address"] != "192.168.88.0/24,10.1.1.1/32" {
		t.Errorf("ssh after set (address stored masked, bare address as /32): %v", m)
	}
	if r := run(t, c, "/ip/service/get", "=numbers=www-ssl", "=value-name=disabled"); r.Done.Map["ret"] != "false" {
		t.Errorf("www-ssl disabled = %q", r.Done.Map["ret"])
	}
	if r := run(t, c, "/ip/service/print", "?disabled=yes", "=.proplist=name"); len(r.Re) != 2 {
		t.Errorf("disabled services: %v", r.Re)
	}

	cases := []struct {
		words []string
		want  string
	}{
		{[]string{"/ip/service/add", "=name=gopher", "=port=70"}, "failure: cannot add service"},
		{[]string{"/ip/service/remove", "=numbers=ssh"}, "failure: cannot remove service"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=port=0"}, "value of port out of range (1..65535)"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=port=ssh"}, "invalid value for argument port"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=max-sessions=5000"}, "value of max-sessions out of range (1..1000)"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=address=192.168.88.0/33"}, "invalid value for argument address"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=address=lan"}, "invalid value for argument address"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=disabled=maybe"}, "input does not match any value of disabled"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=tls-version=any"}, "unknown parameter tls-version"},
		{[]string{"/ip/service/set", "=numbers=api-ssl", "=tls-version=sslv3"}, "input does not match any value of tls-version"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=vrf=blue"}, "input does not match any value of vrf"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=name=sshd"}, "cannot change name"},
		{[]string{"/ip/service/set", "=numbers=ssh", "=bogus=1"}, "unknown parameter bogus"},
		{[]string{"/ip/service/set", "=numbers=gopher", "=port=70"}, "no such item (4)"},
		{[]string{"/ip/service/set", "=port=70"}, "missing =.id= or =numbers="},
	}
	for _, tc := range cases {
		if msg := trapOf(t, c, tc.words...); !strings.Contains(msg, tc.want) {
			t.Errorf("%v: message %q, want it to contain %q", tc.words, msg, tc.want)
		}
	}
	// A failed set of several values changes none of them.
	trapOf(t, c, "/ip/service/set", "=numbers=ssh", "=port=2223", "=port=0")
	if r := run(t, c, "/ip/service/get", "=numbers=ssh", "=value-name=port"); r.Done.Map["ret"] != "2222" {
		t.Errorf("rejected set changed the port to %q", r.Done.Map["ret"])
	}
	// Writing back a printed row (what a restore does) is accepted.
	run(t, c, "/ip/service/set", "=.id=*7", "=name=winbox", "=port=8291", "=address=192.168.88.0/24", "=vrf=main", "=max-sessions=20", "=disabled=false")

	// Two enabled services on one port: the later one is invalid.
	run(t, c, "/ip/service/set", "=numbers=ftp", "=port=2222")
	run(t, c, "/ip/service/enable", "=numbers=ftp")
	r = run(t, c, "/ip/service/print", "?invalid=true", "=.proplist=name")
	if len(r.Re) != 1 || r.Re[0].Map["name"] != "ssh" {
		t.Errorf("invalid services %v, want ssh (ftp comes first)", r.Re)
	}
	run(t, c, "/ip/service/disable", "=numbers=ftp")
	run(t, c, "/ip/service/unset", "=numbers=ftp", "=value-name=address")
	run(t, c, "/ip/service/set", "=numbers=api", "=comment=qosbench: lab api")
	if r := run(t, c, "/ip/service/print", "?name=api"); r.Re[0].Map["comment"] != "qosbench: lab api" {
		t.Errorf("api comment: %v", r.Re[0].Map)
	}

	script := run(t, c, "/ip/service/export").Done.Map["ret"]
	for _, want := range []string{"/ip service\n", "set telnet disabled=yes\n", "set ftp disabled=yes port=2222\n",
		"set ssh address=192.168.88.0/24,10.1.1.1/32 port=2222\n", "set www-ssl disabled=no\n", "set winbox address=192.168.88.0/24\n",
		`set api comment="qosbench: lab api"` + "\n"} {
		if !strings.Contains(script, want) {
			t.Errorf("export lacks %q:\n%s", want, script)
		}
	}
	for _, not := range []string{"set www ", "set api-ssl "} {
		if strings.Contains(script, not) {
			t.Errorf("export has the unchanged service %q:\n%s", not, script)
		}
	}
	if all := run(t, c, "/export").Done.Map["ret"]; !strings.Contains(all, "set ssh address=") {
		t.Errorf("full export lacks the services:\n%s", all)
	}
	if q := run(t, c, "/queue/export").Done.Map["ret"]; strings.Contains(q, "/ip service") {
		t.Errorf("queue export has the services:\n%s", q)
	}
	run(t, c, "/system/identity/set", "=name=edge-1")
	if all := run(t, c, "/export").Done.Map["ret"]; !strings.Contains(all, "/system identity\nset name=edge-1\n") {
		t.Errorf("export lacks the identity:\n%s", all)
	}
}

func TestUserMenu(t *testing.T) {
	addr, _ := startServer(t, &fakeBackend{}, nil)
	c := dial(t, addr)
	r := run(t, c, "/user/print")
	if len(r.Re) != 1 || r.Re[0].Map["name"] != "admin" || r.Re[0].Map["group"] != "full" || r.Re[0].Map[".id"] != "*1" {
		t.Fatalf("default users: %v", r.Re)
	}
	ret := run(t, c, "/user/add", "=name=myadmin", "=password=MyStrongPassword", "=group=full", "=comment=ops").Done.Map["ret"]
	if ret != "*2" {
		t.Errorf("add returned %q", ret)
	}
	run(t, c, "/user/add", "=name=viewer", "=password=look", "=group=read", "=address=192.168.88.0/24")
	rc := dialRaw(t, addr, true)
	for _, words := range [][]string{{"/user/print"}, {"/user/print", "=.proplist=name,password"}, {"/user/getall"}} {
		rc.send(words...)
		for _, s := range rc.until() {
			for _, w := range s {
				if strings.Contains(w, "password") || strings.Contains(w, "MyStrongPassword") || strings.Contains(w, "=look") {
					t.Errorf("%v printed a password: %q", words, s)
				}
			}
		}
	}
	rc.send("/user/get", "=numbers=myadmin", "=value-name=password")
	if got := rc.until(); got[0][0] != "!trap" {
		t.Errorf("get password: %q", got)
	}
	if s := run(t, c, "/export").Done.Map["ret"]; strings.Contains(s, "MyStrongPassword") || strings.Contains(s, "/user") {
		t.Errorf("export shows users:\n%s", s)
	}
	r = run(t, c, "/user/print", "?name=viewer")
	if m := r.Re[0].Map; m["group"] != "read" || m["address"] != "192.168.88.0/24" || m["disabled"] != "false" {
		t.Errorf("viewer: %v", m)
	}
	run(t, c, "/user/set", "=numbers=viewer", "=group=write", "=password=other")
	run(t, c, "/user/disable", "=numbers=viewer")
	if r := run(t, c, "/user/print", "?disabled=true"); len(r.Re) != 1 || r.Re[0].Map["name"] != "viewer" {
		t.Errorf("disabled users: %v", r.Re)
	}
	run(t, c, "/user/enable", "=numbers=*3")
	run(t, c, "/user/remove", "=numbers=viewer")

	// testUser is "admin": the session's own user cannot be disabled or
	// removed, however it is named.
	cases := []struct {
		words []string
		want  string
	}{
		{[]string{"/user/disable", "=numbers=admin"}, "cannot disable the user of this session"},
		{[]string{"/user/set", "=numbers=*1", "=disabled=yes"}, "cannot disable the user of this session"},
		{[]string{"/user/remove", "=numbers=admin,myadmin"}, "cannot remove the user of this session"},
		{[]string{"/user/add", "=name=myadmin", "=group=full"}, "already exists"},
		{[]string{"/user/add", "=name=x", "=group=root"}, "input does not match any value of group"},
		{[]string{"/user/add", "=name=x"}, "missing value of argument group"},
		{[]string{"/user/add", "=group=full"}, "missing value of argument name"},
		{[]string{"/user/set", "=numbers=myadmin", "=name=admin"}, "already exists"},
		{[]string{"/user/set", "=numbers=myadmin", "=address=nowhere"}, "invalid value for argument address"},
		{[]string{"/user/set", "=numbers=nobody", "=group=read"}, "no such item (4)"},
		{[]string{"/user/add", "=name=x", "=group=full", "=shell=bash"}, "unknown parameter shell"},
		{[]string{"/user/group/add", "=name=ops", "=policy=read"}, "fixed"},
	}
	for _, tc := range cases {
		if msg := trapOf(t, c, tc.words...); !strings.Contains(msg, tc.want) {
			t.Errorf("%v: message %q, want it to contain %q", tc.words, msg, tc.want)
		}
	}
	if r := run(t, c, "/user/print", "=.proplist=name"); len(r.Re) != 2 {
		t.Errorf("a refused remove removed something: %v", r.Re)
	}
	r = run(t, c, "/user/group/print")
	var groups []string
	for _, s := range r.Re {
		groups = append(groups, s.Map["name"])
	}
	if !slices.Equal(groups, []string{"read", "write", "full"}) {
		t.Errorf("groups %v", groups)
	}
	// The management login does not depend on /user: with admin's entry
	// changed, the lab credentials still log in.
	run(t, c, "/user/set", "=numbers=admin", "=password=changed")
	dial(t, addr)
}

// svcHarness runs a server whose services listen on 127.0.0.1 at
// ephemeral ports; port maps a service port to the address it really
// listens on.
type svcHarness struct {
	t     *testing.T
	s     *Server
	mgmt  string
	ca    []byte
	mu    sync.Mutex
	ports map[int]string
	fail  map[int]bool // ports whose listen fails
}

func startServices(t *testing.T, mods ...func(*Config)) *svcHarness {
	t.Helper()
	h := &svcHarness{t: t, ports: map[int]string{}, fail: map[int]bool{}}
	dir := t.TempDir()
	ca, err := GenerateCert(dir, netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	tc, err := ServerTLS(dir)
	if err != nil {
		t.Fatal(err)
	}
	h.ca = ca
	h.mgmt, h.s = startServer(t, &fakeBackend{}, func(c *Config) {
		c.Identity = "lab-rtr"
		c.ServiceAddrs = []netip.Addr{netip.MustParseAddr("127.0.0.1")}
		c.TLS = tc
		c.ServiceListen = func(ap netip.AddrPort) (net.Listener, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			if h.fail[int(ap.Port())] {
				return nil, errors.New("address already in use (test)")
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err == nil {
				h.ports[int(ap.Port())] = ln.Addr().String()
			}
			return ln, err
		}
		for _, m := range mods {
			m(c)
		}
	})
	if err := h.s.StartServices(); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *svcHarness) addr(port int) string {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	a, ok := h.ports[port]
	if !ok {
		h.t.Fatalf("port %d never listened", port)
	}
	return a
}

func (h *svcHarness) dial(port int) net.Conn {
	h.t.Helper()
	c, err := net.DialTimeout("tcp", h.addr(port), 2*time.Second)
	if err != nil {
		h.t.Fatalf("dial service port %d: %v", port, err)
	}
	h.t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	return c
}

// readPrefix reads what the service sends first, up to n bytes.
func readPrefix(t *testing.T, c net.Conn, n int) string {
	t.Helper()
	buf := make([]byte, n)
	got, err := io.ReadAtLeast(c, buf, 1)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(buf[:got])
}

// wantReset checks that the service at addr resets a connection before
// sending anything. The handshake completes, but on a fast link the RST
// may arrive before connect returns, which then fails with ECONNRESET.
func wantReset(t *testing.T, addr, what string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("%s: dial: %v, want a completed handshake then a reset", what, err)
		}
		return
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if n != 0 || !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("%s: read %d bytes %q, err %v; want a reset before any byte", what, n, buf[:n], err)
	}
}

func wantRefused(t *testing.T, addr, what string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err == nil {
		c.Close()
		t.Errorf("%s: connected to %s, want refused", what, addr)
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("%s: %v, want connection refused", what, err)
	}
}

func TestServiceListeners(t *testing.T) {
	h := startServices(t)
	if got := readPrefix(t, h.dial(22), 64); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh banner %q", got)
	}
	if got := readPrefix(t, h.dial(23), 256); !strings.Contains(got, "lab-rtr") || !strings.HasSuffix(got, "Login: ") {
		t.Errorf("telnet prompt %q", got)
	}
	ftp := h.dial(21)
	br := bufio.NewReader(ftp)
	if line, _ := br.ReadString('\n'); line != "220 lab-rtr FTP server (MikroTik) ready\r\n" {
		t.Errorf("ftp banner %q", line)
	}
	fmt.Fprintf(ftp, "USER admin\r\n")
	if line, _ := br.ReadString('\n'); !strings.HasPrefix(line, "331 ") {
		t.Errorf("ftp USER: %q", line)
	}
	hc := &http.Client{Timeout: 5 * time.Second}
	resp, err := hc.Get("http://" + h.addr(80) + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Proto != "HTTP/1.1" || !strings.Contains(string(body), "<h1>lab-rtr</h1>") {
		t.Errorf("www: %s %s\n%s", resp.Proto, resp.Status, body)
	}
	// What the firewall probe sends: HEAD over HTTP/1.0 gets the headers
	// only, then the service closes.
	hc10 := h.dial(80)
	fmt.Fprintf(hc10, "HEAD / HTTP/1.0\r\nHost: router\r\n\r\n")
	head, err := io.ReadAll(hc10)
	if err != nil || !strings.HasPrefix(string(head), "HTTP/1.1 200 OK\r\n") || strings.Contains(string(head), "<html") {
		t.Errorf("HEAD: %q, %v", head, err)
	}
	// winbox: silent until the client speaks, still open after the
	// probe's window; a first login message (type 6) gets one of the same
	// type back, the proof a probe needs.
	wb := h.dial(8291)
	_ = wb.SetReadDeadline(time.Now().Add(600 * time.Millisecond))
	if n, err := wb.Read(make([]byte, 8)); n != 0 || !errors.Is(err, syscall.ETIMEDOUT) && !isTimeout(err) {
		t.Errorf("winbox: read %d bytes, err %v; want silence", n, err)
	}
	wb = h.dial(8291)
	_ = wb.SetDeadline(time.Now().Add(2 * time.Second))
	_, _ = wb.Write(append([]byte{0x05, 0x06}, "user\x00"...))
	if got := make([]byte, 2); func() bool { _, err := io.ReadFull(wb, got); return err != nil }() || got[1] != 0x06 {
		t.Errorf("winbox: no type-6 answer to a first login message: %x", got)
	}
	// www-ssl is disabled by default: no listener was ever opened.
	h.mu.Lock()
	_, ssl := h.ports[443]
	h.mu.Unlock()
	if ssl {
		t.Error("www-ssl listens while disabled")
	}

	c := dial(t, h.mgmt)
	// Address restriction: the source 127.0.0.1 is outside, so the
	// service resets the connection it accepted; the listener stays.
	run(t, c, "/ip/service/set", "=numbers=ssh", "=address=192.168.88.0/24")
	wantReset(t, h.addr(22), "ssh from outside address=")
	run(t, c, "/ip/service/set", "=numbers=ssh", "=address=192.168.88.0/24,127.0.0.0/8")
	if got := readPrefix(t, h.dial(22), 64); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh banner after widening address= %q", got)
	}
	// A new port: the old socket is gone, the new one answers.
	old := h.addr(22)
	run(t, c, "/ip/service/set", "=numbers=ssh", "=port=2222")
	wantRefused(t, old, "ssh on its old port")
	if got := readPrefix(t, h.dial(2222), 64); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh banner on 2222: %q", got)
	}
	// Disabled: refused.
	telnet := h.addr(23)
	run(t, c, "/ip/service/disable", "=numbers=telnet")
	wantRefused(t, telnet, "disabled telnet")
	// A port that cannot be bound fails the command and changes nothing.
	h.mu.Lock()
	h.fail[2323] = true
	h.mu.Unlock()
	if msg := trapOf(t, c, "/ip/service/set", "=numbers=ssh", "=port=2323"); !strings.Contains(msg, "cannot listen on port 2323") {
		t.Errorf("bind failure trap %q", msg)
	}
	if r := run(t, c, "/ip/service/get", "=numbers=ssh", "=value-name=port"); r.Done.Map["ret"] != "2222" {
		t.Errorf("failed set moved ssh to %q", r.Done.Map["ret"])
	}
	if got := readPrefix(t, h.dial(2222), 64); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh after a failed set: %q", got)
	}
	// Identity changes show in banners at once.
	run(t, c, "/system/identity/set", "=name=edge-9")
	if got := readPrefix(t, h.dial(21), 128); !strings.Contains(got, "220 edge-9 FTP server") {
		t.Errorf("ftp banner after identity change %q", got)
	}
	// max-sessions: the extra connection is closed at once.
	run(t, c, "/ip/service/set", "=numbers=winbox", "=max-sessions=1")
	if n, err := h.dial(8291).Read(make([]byte, 8)); n != 0 || err == nil || isTimeout(err) {
		t.Errorf("winbox beyond max-sessions: read %d, err %v; want closed", n, err)
	}
	wb.Close()
	// www-ssl: TLS with the lab's certificate, same page.
	run(t, c, "/ip/service/enable", "=numbers=www-ssl")
	tcfg, err := ClientTLS(h.ca)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: tcfg}}
	resp, err = hs.Get("https://" + h.addr(443) + "/")
	if err != nil {
		t.Fatalf("www-ssl: %v", err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "<h1>edge-9</h1>") {
		t.Errorf("www-ssl page:\n%s", body)
	}
	// Close ends every service listener.
	addrs := []string{h.addr(2222), h.addr(8728), h.addr(443)}
	h.s.Close()
	for _, a := range addrs {
		wantRefused(t, a, "service after Close")
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestServiceAPILogin checks that the lab-facing api and api-ssl log in
// with /user, never with the lab credentials, and honour groups.
func TestServiceAPILogin(t *testing.T) {
	h := startServices(t)
	c := dial(t, h.mgmt)
	run(t, c, "/user/set", "=numbers=admin", "=password="+testPass+"x")
	run(t, c, "/user/add", "=name=viewer", "=password=look", "=group=read")
	run(t, c, "/user/add", "=name=editor", "=password=edit", "=group=write")
	run(t, c, "/user/add", "=name=far", "=password=far", "=group=full", "=address=10.0.0.0/8")
	login := func(port int, user, pass string) (*ros.Client, error) {
		var conn net.Conn
		var err error
		if port == 8729 {
			tcfg, _ := ClientTLS(h.ca)
			conn, err = tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", h.addr(port), tcfg)
		} else {
			conn, err = net.DialTimeout("tcp", h.addr(port), 2*time.Second)
		}
		if err != nil {
			return nil, err
		}
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		cl, err := ros.NewClient(conn)
		if err != nil {
			conn.Close()
			return nil, err
		}
		if err := cl.Login(user, pass); err != nil {
			cl.Close()
			return nil, err
		}
		t.Cleanup(func() { cl.Close() })
		return cl, nil
	}
	// testUser is admin, but on the service the password is /user's.
	if _, err := login(8728, testUser, testPass); err == nil {
		t.Error("lab credentials logged in on the lab-facing api")
	}
	adm, err := login(8728, "admin", testPass+"x")
	if err != nil {
		t.Fatalf("admin with its /user password: %v", err)
	}
	run(t, adm, "/ip/firewall/filter/add", "=chain=input", "=action=accept")
	if _, err := login(8728, "far", "far"); err == nil {
		t.Error("user with address=10.0.0.0/8 logged in from 127.0.0.1")
	}
	v, err := login(8729, "viewer", "look")
	if err != nil {
		t.Fatalf("viewer over api-ssl: %v", err)
	}
	run(t, v, "/ip/firewall/filter/print")
	if msg := trapOf(t, v, "/ip/firewall/filter/add", "=chain=input"); msg != "not enough permissions (9)" {
		t.Errorf("read group add: %q", msg)
	}
	e, err := login(8728, "editor", "edit")
	if err != nil {
		t.Fatal(err)
	}
	run(t, e, "/ip/firewall/filter/add", "=chain=forward")
	if msg := trapOf(t, e, "/user/add", "=name=x", "=group=full"); msg != "not enough permissions (9)" {
		t.Errorf("write group /user add: %q", msg)
	}
	// A session cannot disable its own user; another user can.
	if msg := trapOf(t, adm, "/user/disable", "=numbers=admin"); msg != "cannot disable the user of this session" {
		t.Errorf("self disable: %q", msg)
	}
	run(t, c, "/user/disable", "=numbers=viewer")
	if _, err := login(8728, "viewer", "look"); err == nil {
		t.Error("disabled user logged in")
	}
	// The mgmt session's user is testUser, admin: it cannot disable
	// admin, another full user can.
	run(t, c, "/user/add", "=name=boss", "=password=b", "=group=full")
	boss, err := login(8728, "boss", "b")
	if err != nil {
		t.Fatal(err)
	}
	run(t, boss, "/user/disable", "=numbers=admin")
	if _, err := login(8728, "admin", testPass+"x"); err == nil {
		t.Error("disabled admin logged in")
	}
	// The management link still takes the lab credentials.
	run(t, dial(t, h.mgmt), "/user/print")
}

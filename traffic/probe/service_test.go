package probe

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// fakeService listens on loopback and runs serve on every accepted
// connection; it returns the address to dial.
func fakeService(t *testing.T, serve func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
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
			go serve(c.(*net.TCPConn))
		}
	}()
	return ln.Addr().String()
}

// TestJudgeService: what a service does right after accepting decides the
// verdict, and the reply says what it did. No namespaces: loopback only.
func TestJudgeService(t *testing.T) {
	selfSigned := selfSignedTLS(t)
	for _, c := range []struct {
		name, service string
		serve         func(c *net.TCPConn)
		reply         string // prefix; alternatives separated by " | " when the order of FIN and RST is a race
		allow         bool
	}{
		{"ssh banner", "ssh", func(c *net.TCPConn) { io.WriteString(c, "SSH-2.0-ROSSSH\r\n"); time.Sleep(time.Second); c.Close() },
			"answered: SSH-2.0-ROSSSH", true},
		{"ftp banner then close", "ftp", func(c *net.TCPConn) { io.WriteString(c, "220 router FTP server (MikroTik 6.49) ready\r\n"); c.Close() },
			"answered: 220 router FTP server (MikroTik 6.49) ready", true},
		{"telnet negotiation then prompt", "telnet", func(c *net.TCPConn) {
			c.Write([]byte{0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20})
			time.Sleep(50 * time.Millisecond)
			io.WriteString(c, "\r\nLogin: ")
			time.Sleep(time.Second)
			c.Close()
		}, "answered: Login:", true},
		{"telnet negotiation only", "telnet", func(c *net.TCPConn) {
			c.Write([]byte{0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03})
			time.Sleep(time.Second)
			c.Close()
		},
			"answered: 6 bytes, no text", true},
		{"http answers the request", "www", func(c *net.TCPConn) {
			buf := make([]byte, 512)
			n, _ := c.Read(buf)
			if strings.HasPrefix(string(buf[:n]), "HEAD / HTTP/1.0\r\n") {
				io.WriteString(c, "HTTP/1.0 200 OK\r\nServer: webfig\r\n\r\n")
			}
			c.Close()
		}, "answered: HTTP/1.0 200 OK", true},
		{"winbox silent and open", "winbox", func(c *net.TCPConn) { time.Sleep(2 * time.Second); c.Close() },
			traffic.ReplySilentOpen, true},
		{"closed after accept", "ssh", func(c *net.TCPConn) { c.Close() },
			traffic.ReplyServiceClosed, false},
		{"reset after accept", "winbox", func(c *net.TCPConn) { c.SetLinger(0); c.Close() },
			traffic.ReplyServiceReset, false},
		{"http reset after accept", "www", func(c *net.TCPConn) { c.SetLinger(0); c.Close() },
			traffic.ReplyServiceReset, false},
		{"tls handshake", "api-ssl", func(c *net.TCPConn) {
			tc := tls.Server(c, selfSigned)
			_ = tc.Handshake()
			time.Sleep(time.Second)
			tc.Close()
		}, "answered: TLS handshake (TLS 1.3), certificate CN=router.test", true},
		// The ClientHello meets a closed socket, whose RST may arrive
		// before the FIN is read.
		{"tls service closes at once", "www-ssl", func(c *net.TCPConn) { c.Close() },
			traffic.ReplyServiceClosed + " | " + traffic.ReplyServiceReset, false},
		{"tls port answers in clear text", "www-ssl", func(c *net.TCPConn) { io.WriteString(c, "SSH-2.0-ROSSSH\r\n"); time.Sleep(time.Second); c.Close() },
			"answered: not TLS: SSH-2", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr := fakeService(t, c.serve)
			start := time.Now()
			var reply string
			var allow bool
			// As serviceAttempt does: a reset can beat connect's return.
			conn, err := net.Dial("tcp4", addr)
			if err != nil {
				reply = serviceDialReply(err)
			} else {
				defer conn.Close()
				reply, allow = judgeService(conn, c.service, serviceWait)
			}
			took := time.Since(start)
			matched := false
			for _, want := range strings.Split(c.reply, " | ") {
				matched = matched || strings.HasPrefix(reply, want)
			}
			if !matched || allow != c.allow {
				t.Errorf("judgeService = %q, %v; want %q..., %v", reply, allow, c.reply, c.allow)
			}
			if took > serviceWait+200*time.Millisecond {
				t.Errorf("took %v, want at most %v", took, serviceWait)
			}
		})
	}
}

// selfSignedTLS is a server config with a self-signed certificate for
// router.test, like the lab router's.
func selfSignedTLS(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "router.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"router.test"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// TestServiceDialReply: a refused connection is told from an unanswered one.
func TestServiceDialReply(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: the kernel answers with RST
	_, err = net.Dial("tcp4", addr)
	if got := serviceDialReply(err); got != traffic.ReplyRefused {
		t.Errorf("closed port: %q (err %v), want %q", got, err, traffic.ReplyRefused)
	}
	// A dial timeout as net.Dialer reports it (a real one needs a path
	// that drops SYNs: see TestServiceProbeNamespaces).
	err = &net.OpError{Op: "dial", Net: "tcp4", Err: os.ErrDeadlineExceeded}
	if got := serviceDialReply(err); got != traffic.ReplyNoAnswer {
		t.Errorf("timeout: %q (err %v), want %q", got, err, traffic.ReplyNoAnswer)
	}
	err = &net.OpError{Op: "dial", Net: "tcp4", Err: os.NewSyscallError("connect", syscall.ECONNRESET)}
	if got := serviceDialReply(err); got != traffic.ReplyServiceReset {
		t.Errorf("reset during connect: %q, want %q", got, traffic.ReplyServiceReset)
	}
}

func TestBannerText(t *testing.T) {
	for in, want := range map[string]string{
		"SSH-2.0-ROSSSH\r\n":                     "SSH-2.0-ROSSSH",
		"\r\n\r\n220 ready\r\nmore":              "220 ready",
		"\xff\xfb\x01\xff\xfa\x18\x01\xff\xf0ok": "ok",
		"\x00\x01\x02":                           "",
		strings.Repeat("x", 100):                 strings.Repeat("x", 64) + "...",
	} {
		if got := bannerText([]byte(in)); got != want {
			t.Errorf("bannerText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServiceProbeSpec: the generator refuses a service probe it cannot
// run (the scenario loader reports these to the user first).
func TestServiceProbeSpec(t *testing.T) {
	for _, c := range []struct {
		spec traffic.Spec
		want string
	}{
		{traffic.Spec{Class: "x", Type: "probe", Options: &Options{Service: "ssh", Proto: "tcp", Expect: "allow"}}, "no port"},
		{traffic.Spec{Class: "x", Type: "probe", Options: &Options{Service: "ssh", Proto: "udp", Port: 22, Expect: "allow"}}, "proto udp, want tcp"},
		{traffic.Spec{Class: "x", Type: "probe", Options: &Options{Service: "ssh", To: "wan1", Port: 22, Expect: "allow"}}, `target "wan1", want router`},
		{traffic.Spec{Class: "x", Type: "probe", Options: &Options{Service: "ssh", Craft: "fin", Port: 22, Expect: "allow"}}, "craft fin"},
	} {
		if _, err := newProbe(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error with %q", c.spec, err, c.want)
		}
	}
	g, err := newProbe(traffic.Spec{Class: "x", Type: "probe", Options: &Options{Service: "ssh", Port: 2222, Expect: "deny"}})
	if err != nil {
		t.Fatal(err)
	}
	if p := g.(*FirewallProbe); p.spec.To != "router" || p.spec.Proto != "tcp" {
		t.Errorf("defaults: to %q proto %q, want router tcp", p.spec.To, p.spec.Proto)
	}
}

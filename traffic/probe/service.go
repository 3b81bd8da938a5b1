package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// A service probe (Options.Service set) connects to one of the router's
// management services (winbox, ssh, telnet, ftp, www, www-ssl, api,
// api-ssl) on the router's address of the probe's zone, and judges the
// service reachable when it answers. Unlike the other probes it opens no
// socket of ours at the target: the router's own service must answer,
// which is the point. A TCP handshake alone is not enough: RouterOS
// accepts a connection from an address outside a service's address list
// and drops it at once, so the probe waits serviceWait for the service
// to speak, stay silent or hang up.

// serviceWait is how long a service probe waits after the handshake: a
// service that hangs up within it (address restriction) is a deny, one
// that sends data or stays open is an allow.
const serviceWait = 500 * time.Millisecond

// bannerMax is how much of a service's first answer is read.
const bannerMax = 256

// serviceRequest is what the probe sends first to a service that waits
// for its client: an HTTP server answers a request, not a connection.
// Services that greet first (ssh, ftp, telnet) or stay silent (winbox, api)
// get nothing; TLS services get a TLS handshake (see judgeService).
var serviceRequest = map[string]string{
	"www": "HEAD / HTTP/1.0\r\nHost: router\r\nUser-Agent: qosbench-probe\r\n\r\n",
}

// tlsServices speak TLS from the first byte.
var tlsServices = map[string]bool{"www-ssl": true, "api-ssl": true}

// serviceAttempt connects to the router's service from the token's source
// port and judges the connection.
func (p *FirewallProbe) serviceAttempt(ctx context.Context, sport uint16) (string, bool) {
	c, err := p.dial(ctx, sport)
	if err != nil {
		return serviceDialReply(err), false
	}
	defer c.Close()
	return judgeService(c, p.spec.Service, serviceWait)
}

// serviceDialReply names why a connection to a service failed.
func serviceDialReply(err error) string {
	if errors.Is(err, syscall.ECONNRESET) {
		// A RST in SYN_SENT is ECONNREFUSED; ECONNRESET means the
		// handshake completed and the service reset the connection before
		// connect returned (on a fast link it can be that quick).
		return traffic.ReplyServiceReset
	}
	switch traffic.ClassifyErr(err) {
	case "rst":
		return traffic.ReplyRefused
	case "icmp-unreachable":
		return traffic.ReplyUnreachable
	}
	return traffic.ReplyNoAnswer
}

// judgeService decides whether the service behind an established
// connection c answers: it sends the service's request if it has one (or
// starts a TLS handshake), then reads for up to wait. Data (a banner, an
// HTTP response, a TLS handshake) or silence until wait are an allow; the
// service closing or resetting the connection first is a deny. The reply
// says which.
func judgeService(c net.Conn, service string, wait time.Duration) (reply string, allow bool) {
	deadline := time.Now().Add(wait)
	_ = c.SetDeadline(deadline)
	if tlsServices[service] {
		return judgeTLS(c, wait)
	}
	if req := serviceRequest[service]; req != "" {
		if _, err := io.WriteString(c, req); err != nil {
			return hangupReply(err, nil, wait)
		}
	}
	buf := make([]byte, 0, bannerMax)
	for len(buf) < bannerMax {
		n, err := c.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return hangupReply(err, buf, wait)
		}
		// A telnet server's first bytes may be option negotiation only:
		// read on for the text that follows, until the deadline.
		if bannerText(buf) != "" && (service != "telnet" || strings.ContainsAny(string(buf), ":>#\n")) {
			break
		}
	}
	return traffic.ReplyAnsweredPrefix + bannerOrSize(buf), true
}

// hangupReply judges a read or write that failed after data got: what
// arrived before the error wins (the service answered); otherwise a
// deadline is a silent, open service and anything else a hang-up.
func hangupReply(err error, got []byte, wait time.Duration) (string, bool) {
	if len(got) > 0 {
		return traffic.ReplyAnsweredPrefix + bannerOrSize(got), true
	}
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		if wait == serviceWait {
			return traffic.ReplySilentOpen, true
		}
		return fmt.Sprintf("open, silent for %s", wait), true
	case errors.Is(err, io.EOF):
		return traffic.ReplyServiceClosed, false
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return traffic.ReplyServiceReset, false
	}
	return "error after accept: " + traffic.ClassifyErr(err), false
}

// judgeTLS runs a TLS handshake on c (deadline already set). The probe
// checks reachability, not the router's identity: the lab router's
// certificate is self-signed, so verification is skipped.
func judgeTLS(c net.Conn, wait time.Duration) (string, bool) {
	tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true, ServerName: "router"}) //nolint:gosec // reachability only
	err := tc.Handshake()
	if err == nil {
		st := tc.ConnectionState()
		r := traffic.ReplyAnsweredPrefix + "TLS handshake (" + tls.VersionName(st.Version) + ")"
		if len(st.PeerCertificates) > 0 && st.PeerCertificates[0].Subject.CommonName != "" {
			r += ", certificate CN=" + st.PeerCertificates[0].Subject.CommonName
		}
		return r, true
	}
	var rh tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &rh):
		// The service answered, in something other than TLS.
		return traffic.ReplyAnsweredPrefix + "not TLS: " + bannerOrSize(rh.RecordHeader[:]), true
	case errors.As(err, &alert), strings.Contains(err.Error(), "remote error"):
		// A TLS alert from the server is an answer too (no common cipher...).
		return traffic.ReplyAnsweredPrefix + "TLS alert: " + err.Error(), true
	}
	return hangupReply(err, nil, wait)
}

// bannerOrSize is the banner's first line, or its size when it has no
// printable text (binary or telnet negotiation only).
func bannerOrSize(b []byte) string {
	if t := bannerText(b); t != "" {
		return t
	}
	return fmt.Sprintf("%d bytes, no text", len(b))
}

// bannerText returns the first line of printable text of a service's
// answer: telnet option negotiation (IAC sequences) is skipped, other
// control bytes dropped, and the line cut at 64 characters.
func bannerText(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0xff: // telnet IAC
			if i+1 < len(b) && b[i+1] >= 251 && b[i+1] <= 254 {
				i += 2 // WILL, WONT, DO, DONT and their option
			} else if i+1 < len(b) && b[i+1] == 250 {
				// Subnegotiation: up to IAC SE.
				for i += 2; i+1 < len(b) && (b[i] != 0xff || b[i+1] != 240); i++ {
				}
				i++
			} else {
				i++
			}
		case c == '\r' || c == '\n':
			if strings.TrimSpace(sb.String()) != "" {
				return clip(strings.TrimSpace(sb.String()))
			}
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		}
	}
	return clip(strings.TrimSpace(sb.String()))
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

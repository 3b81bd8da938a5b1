package voip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// SIPPort is the UDP port of the SIP-like signalling: fixed, because router
// configs match on it.
const SIPPort = 5060

// sipDSCP marks signalling CS3, the usual class for call control.
const sipDSCP = 24

// sipPeer is the SIP socket of one host. WAN peers answer every request with
// 200 OK; LAN peers send INVITE, ACK and BYE for their calls.
type sipPeer struct {
	host traffic.Host
	conn *net.UDPConn
	wg   sync.WaitGroup
}

func (p *sipPeer) close() {
	p.conn.Close()
	p.wg.Wait()
}

// openSIP opens one signalling socket per host used by the calls; WAN hosts
// answer from a goroutine.
func (v *VoIP) openSIP(env *traffic.Env) error {
	seen := map[string]bool{}
	n := min(v.spec.Calls, max(len(env.LAN), len(env.WAN)))
	for i := 0; i < n; i++ {
		for _, h := range []traffic.Host{env.LAN[i%len(env.LAN)], env.WAN[i%len(env.WAN)]} {
			if seen[h.Name] {
				continue
			}
			seen[h.Name] = true
			c, err := traffic.ListenUDP(h.NS, &net.UDPAddr{IP: h.Addr.AsSlice(), Port: SIPPort})
			if err != nil {
				return fmt.Errorf("traffic: voip class %s: sip: %w", v.spec.Class, err)
			}
			if err := traffic.SetTOS(c, sipDSCP); err != nil {
				c.Close()
				return err
			}
			p := &sipPeer{host: h, conn: c}
			v.sip = append(v.sip, p)
			if strings.HasPrefix(h.Name, "wan") || isIn(h, env.WAN) {
				p.wg.Add(1)
				go p.answer()
			}
		}
	}
	return nil
}

func isIn(h traffic.Host, hs []traffic.Host) bool {
	for _, x := range hs {
		if x.Name == h.Name {
			return true
		}
	}
	return false
}

// answer replies 200 OK to every request but ACK until the socket closes.
func (p *sipPeer) answer() {
	defer p.wg.Done()
	buf := make([]byte, 2048)
	for {
		n, from, err := p.conn.ReadFromUDP(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		req := string(buf[:n])
		if strings.HasPrefix(req, "ACK ") {
			continue
		}
		callID := sipHeader(req, "Call-ID")
		resp := fmt.Sprintf("SIP/2.0 200 OK\r\nCall-ID: %s\r\nContent-Length: 0\r\n\r\n", callID)
		_, _ = p.conn.WriteToUDP([]byte(resp), from)
	}
}

func sipHeader(msg, name string) string {
	for _, line := range strings.Split(msg, "\r\n") {
		if k, val, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(val)
		}
	}
	return ""
}

// signal sends method (INVITE, then ACK after the answer; or BYE) for every
// call from its LAN host to its WAN host and waits for the 200 OK. A missing
// answer (a firewall dropping SIP) is logged, not fatal: the media runs
// anyway, as phones with a timed-out INVITE would not, but the point is to
// exercise the router's SIP rules.
func (v *VoIP) signal(ctx context.Context, method string) error {
	peers := map[string]*sipPeer{}
	for _, p := range v.sip {
		peers[p.host.Name] = p
	}
	env := v.env
	missed := 0
	buf := make([]byte, 2048)
	for i := 0; i < v.spec.Calls; i++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		lan, wan := env.LAN[i%len(env.LAN)], env.WAN[i%len(env.WAN)]
		p := peers[lan.Name]
		if p == nil {
			continue
		}
		to := &net.UDPAddr{IP: wan.Addr.AsSlice(), Port: SIPPort}
		callID := fmt.Sprintf("%s-%d@qosbench", v.spec.Class, i)
		msg := fmt.Sprintf("%s sip:call%d@%s SIP/2.0\r\nVia: SIP/2.0/UDP %s:%d\r\nCall-ID: %s\r\nCSeq: 1 %s\r\nContent-Length: 0\r\n\r\n",
			method, i, wan.Addr, lan.Addr, SIPPort, callID, method)
		if _, err := p.conn.WriteToUDP([]byte(msg), to); err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			missed++
			continue
		}
		_ = p.conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		ok := false
		for !ok {
			n, _, err := p.conn.ReadFromUDP(buf)
			if err != nil {
				break
			}
			ok = sipHeader(string(buf[:n]), "Call-ID") == callID
		}
		if !ok {
			missed++
			continue
		}
		if method == "INVITE" {
			ack := strings.Replace(msg, "INVITE", "ACK", 2)
			_, _ = p.conn.WriteToUDP([]byte(ack), to)
		}
	}
	if missed > 0 && env.Log != nil {
		env.Log.Warn("sip: requests without an answer", "class", v.spec.Class, "method", method, "missed", missed, "calls", v.spec.Calls)
	}
	return nil
}

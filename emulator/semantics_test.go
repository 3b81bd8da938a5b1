package emulator_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// semanticCases is the RouterOS behaviour the embedded router reproduces,
// each checked by a small experiment with real packets through a lab: the
// config (LAN host 192.168.88.2 on ether2, WAN host 198.51.100.2 on ether1,
// router WAN address 198.51.100.1) is translated, applied, and the check
// sends traffic and reads what hosts received and the router's counters.
// Rates are checked within ±15 %: HTB is accurate to a few percent, the
// margin absorbs a loaded 2-core machine.
var semanticCases = []struct {
	name  string
	rsc   string
	check func(t *testing.T, e *env)
	hosts int // LAN hosts
}{
	{"passthrough=yes: a later catch-all mark-packet overwrites the mark", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=voip protocol=udp dst-port=10000
add chain=forward action=mark-packet new-packet-mark=bulk
/queue tree
add name=up parent=ether1 max-limit=50M
add name=up-voip parent=up packet-mark=voip max-limit=50M queue=default
add name=up-bulk parent=up packet-mark=bulk max-limit=50M queue=default`, checkMarkOverwrite(false), 1},

	{"passthrough=no: the first mark-packet sticks", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=voip protocol=udp dst-port=10000 passthrough=no
add chain=forward action=mark-packet new-packet-mark=bulk
/queue tree
add name=up parent=ether1 max-limit=50M
add name=up-voip parent=up packet-mark=voip max-limit=50M queue=default
add name=up-bulk parent=up packet-mark=bulk max-limit=50M queue=default`, checkMarkOverwrite(true), 1},

	{"no-mark takes unmarked packets only; a mark without a leaf goes unshaped", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=x protocol=udp dst-port=10000 passthrough=no
/queue tree
add name=e1 parent=ether1 max-limit=50M
add name=e1-unmarked parent=e1 packet-mark=no-mark max-limit=50M queue=default`, checkNoMark, 1},

	{"fasttrack skips mangle and global queues, still passes interface trees unmarked", `
/ip firewall filter
add chain=forward action=fasttrack-connection connection-state=established,related
add chain=forward action=accept connection-state=established,related
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=voip protocol=udp passthrough=no
/queue tree
add name=g-voip parent=global packet-mark=voip max-limit=50M queue=default
add name=e1 parent=ether1 max-limit=50M
add name=e1-voip parent=e1 packet-mark=voip max-limit=50M queue=default
add name=e1-unmarked parent=e1 packet-mark=no-mark max-limit=50M queue=default`, checkFasttrack, 1},

	{"limit-at is guaranteed even to the lower-priority queue", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=a protocol=udp dst-port=5001 passthrough=no
add chain=forward action=mark-packet new-packet-mark=b protocol=udp dst-port=5002 passthrough=no
/queue tree
add name=up parent=ether1 max-limit=6M
add name=a parent=up packet-mark=a limit-at=4M max-limit=6M priority=8 queue=default
add name=b parent=up packet-mark=b max-limit=6M priority=1 queue=default`, checkRates(6e6, 6e6, 4e6, 2e6), 1},

	{"priority only shares the spare bandwidth above limit-at", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=a protocol=udp dst-port=5001 passthrough=no
add chain=forward action=mark-packet new-packet-mark=b protocol=udp dst-port=5002 passthrough=no
/queue tree
add name=up parent=ether1 max-limit=6M
add name=a parent=up packet-mark=a limit-at=1M max-limit=6M priority=1 queue=default
add name=b parent=up packet-mark=b limit-at=1M max-limit=6M priority=8 queue=default`, checkRates(6e6, 6e6, 5e6, 1e6), 1},

	{"the first matching simple queue in list order wins", `
/queue simple
add name=first target=192.168.88.2 max-limit=2M/2M queue=default/default
add name=second target=192.168.88.0/24 max-limit=8M/8M queue=default/default`, checkSimpleOrder, 1},

	{"a simple queue on a LAN address limits uploads that masquerade rewrites", `
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1
/queue simple
add name=host target=192.168.88.2 max-limit=2M/4M queue=default/default`, checkSimpleDirections, 1},

	{"a simple queue limits upload and download separately (max-limit=up/down)", `
/queue simple
add name=host target=192.168.88.2 max-limit=2M/4M queue=default/default`, checkSimpleDirections, 1},

	{"simple queue children share the parent: limit-at first, then priority", `
/queue simple
add name=office target=192.168.88.0/24 max-limit=6M/6M
add name=a parent=office target=192.168.88.2 limit-at=1M/1M max-limit=6M/6M priority=8/8 queue=default/default
add name=b parent=office target=192.168.88.3 limit-at=2M/2M max-limit=6M/6M priority=1/1 queue=default/default`, checkSimpleChildren, 2},

	{"global HTB then interface HTB: a packet passes both", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=up protocol=udp passthrough=no
/queue simple
add name=host target=192.168.88.2 max-limit=4M/4M queue=default/default
/queue tree
add name=e1 parent=ether1 max-limit=2M packet-mark=up queue=default`, checkStacked, 1},

	{"queue type sizes: pfifo-limit and bfifo-limit bound the queue", `
/queue type
add name=p4 kind=pfifo pfifo-limit=4
add name=b40k kind=bfifo bfifo-limit=41120
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=small protocol=udp dst-port=5001 passthrough=no
add chain=forward action=mark-packet new-packet-mark=big protocol=udp dst-port=5002 passthrough=no
/queue tree
add name=up parent=ether1 max-limit=50M
add name=small parent=up packet-mark=small limit-at=1M max-limit=1M queue=p4
add name=big parent=up packet-mark=big limit-at=1M max-limit=1M queue=b40k`, checkQueueSizes, 1},

	{"a global queue tree shapes both directions together", `
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=all protocol=udp passthrough=no
/queue tree
add name=g parent=global packet-mark=all max-limit=4M queue=default`, checkGlobalAggregate, 1},

	{"matchers: packet-size, dscp, ttl, port, negation; raw notrack gives untracked", `
/ip firewall raw
add chain=prerouting action=notrack protocol=udp dst-port=5999
/ip firewall filter
add chain=forward action=passthrough protocol=udp packet-size=0-200
add chain=forward action=passthrough protocol=udp packet-size=!0-200
add chain=forward action=passthrough protocol=udp port=5998
add chain=forward action=passthrough protocol=udp dscp=0 ttl=less-than:64
add chain=forward action=passthrough connection-state=untracked
add chain=forward action=passthrough src-address=!192.168.88.0/24 protocol=udp
add chain=forward action=passthrough protocol=udp dst-port=5998 connection-bytes=1000-0`, checkMatchers, 1},

	{"connection-state=invalid is dropped", `
/ip firewall filter
add chain=forward action=drop connection-state=invalid
add chain=forward action=accept protocol=tcp connection-state=new`, checkInvalid, 1},

	{"masquerade: the WAN host sees the router's WAN address", `
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1`, checkMasquerade, 1},

	{"dst-nat: a port forward reaches the LAN host", `
/ip firewall nat
add chain=dstnat action=dst-nat in-interface=ether1 protocol=tcp dst-port=8080 to-addresses=192.168.88.2 to-ports=8000`, checkDstNAT, 1},

	{"user chain: return resumes after the jump", `
/ip firewall filter
add chain=forward action=jump jump-target=chk protocol=udp
add chain=forward action=passthrough protocol=udp dst-port=2000 comment="after return"
add chain=chk action=return protocol=udp dst-port=2000
add chain=chk action=drop`, checkUserChain, 1},

	{"address lists: static entries, and entries added by a rule", `
/ip firewall address-list
add list=blocked address=198.51.100.0/28
/ip firewall filter
add chain=forward action=drop protocol=udp dst-port=3000 dst-address-list=blocked
add chain=forward action=add-src-to-address-list address-list=seen address-list-timeout=1m protocol=udp dst-port=4000
add chain=forward action=drop protocol=udp dst-port=4001 src-address-list=seen`, checkAddressList, 1},

	{"reject vs drop: what the client sees", `
/ip firewall filter
add chain=forward action=reject protocol=tcp dst-port=7001 reject-with=tcp-reset
add chain=forward action=reject protocol=tcp dst-port=7002
add chain=forward action=reject protocol=tcp dst-port=7003 reject-with=icmp-port-unreachable
add chain=forward action=drop protocol=tcp dst-port=7004`, checkReject, 1},

	{"connection-limit: connections per source beyond the limit match", `
/ip firewall filter
add chain=forward action=reject reject-with=tcp-reset protocol=tcp dst-port=7100 connection-state=new connection-limit=2,32`, checkConnLimit, 1},

	{"change-dscp: the receiver sees the new DSCP", `
/ip firewall mangle
add chain=postrouting action=change-dscp new-dscp=46 protocol=udp dst-port=6000 passthrough=no`, checkDSCP, 1},
}

// TestSemantics runs semanticCases, one lab each.
func TestSemantics(t *testing.T) {
	labtest.Require(t)
	feat := emulator.FeaturesFrom(lab.DetectFeatures(context.Background()))
	for _, c := range semanticCases {
		t.Run(c.name, func(t *testing.T) {
			cfg := parse(t, "case.rsc", c.rsc)
			plan, err := emulator.Translate(cfg, ifaces, feat)
			if err != nil {
				t.Fatal(err)
			}
			// The uplink is fast so that the router's queues are the bottleneck.
			spec := labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond)
			spec.LAN.Hosts = c.hosts
			l := labtest.Build(t, spec)
			r := emulator.NewRouter(l.DUT, ifaces)
			if err := r.Apply(context.Background(), plan); err != nil {
				t.Fatal(err)
			}
			c.check(t, &env{l: l, r: r, plan: plan, lan: l.LANHosts[0], wan: l.WANHosts[0]})
		})
	}
}

// env is what a case's check works with.
type env struct {
	l        *lab.Lab
	r        *emulator.Router
	plan     *emulator.Plan
	lan, wan *lab.Host
}

// counter returns the counters of config item idx.
func (e *env) counter(t *testing.T, idx int) emulator.ItemCounter {
	t.Helper()
	return counters(t, e.r)[idx]
}

// udp opens a UDP socket on host h, port port (0 = any).
func udp(t *testing.T, h *lab.Host, port int) *net.UDPConn {
	t.Helper()
	var c *net.UDPConn
	if err := h.NS.Do(func() error {
		var err error
		c, err = net.ListenUDP("udp4", &net.UDPAddr{IP: h.Addr.AsSlice(), Port: port})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func addrOf(a netip.Addr, port int) *net.UDPAddr { return &net.UDPAddr{IP: a.AsSlice(), Port: port} }

// send writes n datagrams of size bytes from c to to, paced 1 ms apart.
func send(t *testing.T, c *net.UDPConn, to *net.UDPAddr, n, size int) {
	t.Helper()
	buf := make([]byte, size)
	for i := 0; i < n; i++ {
		if _, err := c.WriteToUDP(buf, to); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
}

// receive counts the datagrams c receives until it is idle for idle, and
// returns the count and the last sender.
func receive(c *net.UDPConn, idle time.Duration) (int, *net.UDPAddr) {
	buf := make([]byte, 2048)
	n := 0
	var from *net.UDPAddr
	for {
		_ = c.SetReadDeadline(time.Now().Add(idle))
		_, a, err := c.ReadFromUDP(buf)
		if err != nil {
			return n, from
		}
		n++
		from = a
	}
}

func checkMarkOverwrite(passthroughNo bool) func(t *testing.T, e *env) {
	return func(t *testing.T, e *env) {
		const n = 40
		rx := udp(t, e.wan, 10000)
		send(t, udp(t, e.lan, 0), addrOf(e.wan.Addr, 10000), n, 200)
		got, _ := receive(rx, 300*time.Millisecond)
		voip, bulk := e.counter(t, 3).Packets, e.counter(t, 4).Packets // queue items 3, 4
		t.Logf("received %d/%d; queue up-voip %d packets, up-bulk %d", got, n, voip, bulk)
		if got != n {
			t.Errorf("received %d of %d datagrams", got, n)
		}
		if passthroughNo {
			if voip != n || bulk != 0 {
				t.Errorf("passthrough=no: want all %d packets in up-voip; got voip %d, bulk %d", n, voip, bulk)
			}
		} else if voip != 0 || bulk != n {
			t.Errorf("passthrough=yes: the catch-all rule must re-mark every packet bulk; got voip %d, bulk %d", voip, bulk)
		}
	}
}

func checkNoMark(t *testing.T, e *env) {
	tx := udp(t, e.lan, 0)
	rx1, rx2 := udp(t, e.wan, 10000), udp(t, e.wan, 10001)
	send(t, tx, addrOf(e.wan.Addr, 10000), 20, 200) // marked x: no leaf
	send(t, tx, addrOf(e.wan.Addr, 10001), 20, 200) // unmarked
	n1, _ := receive(rx1, 200*time.Millisecond)
	n2, _ := receive(rx2, 100*time.Millisecond)
	leaf := e.counter(t, 2).Packets
	direct := classPackets(t, e.l.DUT, "ether1", "direct")
	t.Logf("received %d marked and %d unmarked; no-mark leaf %d packets, unclassified (direct) %d", n1, n2, leaf, direct)
	if n1 != 20 || n2 != 20 {
		t.Errorf("lost datagrams")
	}
	// The leaf may also see an ARP exchange's packet; the marked ones
	// must all be direct.
	if leaf < 20 || leaf > 22 || direct < 20 {
		t.Errorf("want the 20 unmarked in the no-mark leaf and the 20 marked unclassified")
	}
}

func checkFasttrack(t *testing.T, e *env) {
	const n = 50
	exchange(t, e.l, n) // n datagrams each way on one UDP flow
	c := counters(t, e.r)
	marked := c[2].Packets
	global, ifVoip, ifUnmarked := c[3].Packets, c[5].Packets, c[6].Packets
	ft, err := e.r.Fasttrack(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d packets each way: mark-packet ran on %d, global queue %d, ether1 voip %d, ether1 no-mark %d, fasttrack counters %d packets",
		n, marked, global, ifVoip, ifUnmarked, ft.Packets)
	// The first datagram (new) and the reply (first established, the one
	// the filter rule fast-tracks after mangle marked it) take the slow
	// path; all later packets bypass mangle and the global queue.
	if marked > 2 || global > 2 {
		t.Errorf("mangle marked %d and the global queue saw %d packets; want at most the 2 slow-path packets", marked, global)
	}
	if ifUnmarked < n-1 || ifVoip > 1 {
		t.Errorf("ether1 (upload) queues: no-mark leaf %d, voip leaf %d; want %d unmarked fast-tracked packets in the no-mark leaf", ifUnmarked, ifVoip, n-1)
	}
	if ft.Packets < 2*n-2 {
		t.Errorf("fasttrack counters %d packets, want at least %d", ft.Packets, 2*n-2)
	}
}

// flow is one paced UDP stream of 1000-byte datagrams (1028 IP bytes).
type flow struct {
	from, to *lab.Host
	port     int
	rate     float64 // offered, IP bit/s
}

const ipBytes = 1028

// measure runs flows for warm+window and returns the IP-level rate each
// receiver got during the window.
func measure(t *testing.T, flows []flow, warm, window time.Duration) []float64 {
	t.Helper()
	got := make([]atomic.Int64, len(flows))
	var wg sync.WaitGroup
	start := time.Now()
	stop := start.Add(warm + window)
	for i, f := range flows {
		rx := udp(t, f.to, f.port)
		tx := udp(t, f.from, 0)
		wg.Add(2)
		go func() {
			defer wg.Done()
			buf := make([]byte, 2048)
			for {
				_ = rx.SetReadDeadline(stop)
				if _, _, err := rx.ReadFromUDP(buf); err != nil {
					return
				}
				if at := time.Since(start); at >= warm && at < warm+window {
					got[i].Add(1)
				}
			}
		}()
		go func() {
			defer wg.Done()
			buf := make([]byte, ipBytes-28)
			dst := addrOf(f.to.Addr, f.port)
			sent := 0
			for now := time.Now(); now.Before(stop); now = time.Now() {
				due := int(now.Sub(start).Seconds() * f.rate / 8 / ipBytes)
				for ; sent < due; sent++ {
					_, _ = tx.WriteToUDP(buf, dst)
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	out := make([]float64, len(flows))
	for i := range got {
		out[i] = float64(got[i].Load()) * ipBytes * 8 / window.Seconds()
	}
	return out
}

func within(got, want, tol float64) bool { return got >= want*(1-tol) && got <= want*(1+tol) }

// checkRates offers rates a and b on UDP ports 5001 and 5002 (LAN to WAN)
// and expects wantA and wantB.
func checkRates(a, b, wantA, wantB float64) func(t *testing.T, e *env) {
	return func(t *testing.T, e *env) {
		got := measure(t, []flow{{e.lan, e.wan, 5001, a}, {e.lan, e.wan, 5002, b}}, 700*time.Millisecond, 2*time.Second)
		t.Logf("offered %.1f and %.1f Mbit/s: a got %.2f Mbit/s (want %.1f), b got %.2f Mbit/s (want %.1f)", a/1e6, b/1e6, got[0]/1e6, wantA/1e6, got[1]/1e6, wantB/1e6)
		if !within(got[0], wantA, 0.15) || !within(got[1], wantB, 0.15) {
			t.Errorf("rates a %.2f, b %.2f Mbit/s; want %.1f and %.1f ±15%%", got[0]/1e6, got[1]/1e6, wantA/1e6, wantB/1e6)
		}
	}
}

func checkSimpleOrder(t *testing.T, e *env) {
	got := measure(t, []flow{{e.lan, e.wan, 5001, 6e6}}, 700*time.Millisecond, 2*time.Second)
	first, second := e.counter(t, 0), e.counter(t, 1)
	t.Logf("upload offered 6 Mbit/s: got %.2f Mbit/s; queue first: %d upload packets, second: %d", got[0]/1e6, first.UploadPackets, second.UploadPackets)
	if !within(got[0], 2e6, 0.15) {
		t.Errorf("upload rate %.2f Mbit/s, want the first queue's 2 Mbit/s ±15%%", got[0]/1e6)
	}
	if first.UploadPackets == 0 || second.Packets != 0 {
		t.Errorf("first queue %d packets, second %d; want all in the first", first.UploadPackets, second.Packets)
	}
}

func checkSimpleDirections(t *testing.T, e *env) {
	got := measure(t, []flow{{e.lan, e.wan, 5001, 6e6}, {e.wan, e.lan, 5002, 6e6}}, 700*time.Millisecond, 2*time.Second)
	c := e.counter(t, e.plan.Queues[0].Item)
	t.Logf("offered 6 Mbit/s each way: upload got %.2f Mbit/s (want 2), download %.2f Mbit/s (want 4); queue packets up %d, down %d",
		got[0]/1e6, got[1]/1e6, c.UploadPackets, c.DownloadPackets)
	if !within(got[0], 2e6, 0.15) || !within(got[1], 4e6, 0.15) {
		t.Errorf("want upload 2 and download 4 Mbit/s ±15%%")
	}
	if c.UploadPackets == 0 || c.DownloadPackets == 0 {
		t.Errorf("the queue's counters show no traffic")
	}
}

func checkSimpleChildren(t *testing.T, e *env) {
	if len(e.l.LANHosts) < 2 {
		t.Fatal("needs two LAN hosts")
	}
	got := measure(t, []flow{{e.l.LANHosts[0], e.wan, 5001, 6e6}, {e.l.LANHosts[1], e.wan, 5002, 6e6}}, 700*time.Millisecond, 2*time.Second)
	c := counters(t, e.r)
	t.Logf("two hosts offering 6 Mbit/s each under a 6M parent: a (limit-at 1M, prio 8) %.2f, b (limit-at 2M, prio 1) %.2f Mbit/s; upload packets: parent %d, a %d, b %d",
		got[0]/1e6, got[1]/1e6, c[0].UploadPackets, c[1].UploadPackets, c[2].UploadPackets)
	if c[0].UploadPackets != c[1].UploadPackets+c[2].UploadPackets {
		t.Errorf("the parent counted %d packets, its children %d + %d: the parent's own-traffic leaf must be empty and not counted twice", c[0].UploadPackets, c[1].UploadPackets, c[2].UploadPackets)
	}
	// b: its 2M plus all 3M spare (higher priority); a: its 1M.
	if !within(got[0], 1e6, 0.15) || !within(got[1], 5e6, 0.15) {
		t.Errorf("want a 1 and b 5 Mbit/s ±15%%")
	}
}

// checkQueueSizes sends a burst of 60 datagrams into 1 Mbit/s leaves
// whose queues hold 4 packets and 40 packets' worth of bytes: what does not
// fit is dropped and shows in the queue's dropped counter.
func checkQueueSizes(t *testing.T, e *env) {
	tx := udp(t, e.lan, 0)
	for _, c := range []struct {
		port, item int
		min, max   int
	}{{5001, 5, 4 + 12, 4 + 14}, {5002, 6, 40 + 12, 40 + 14}} {
		rx := udp(t, e.wan, c.port)
		buf := make([]byte, ipBytes-28)
		for i := 0; i < 60; i++ {
			if _, err := tx.WriteToUDP(buf, addrOf(e.wan.Addr, c.port)); err != nil {
				t.Fatal(err)
			}
		}
		n, _ := receive(rx, 500*time.Millisecond)
		q := e.counter(t, c.item)
		t.Logf("port %d: %d of 60 delivered, queue dropped %d", c.port, n, q.Dropped)
		// The HTB bucket (bucket-size 0.1 × 1 Mbit/s = 12500 bytes, 12
		// datagrams) passes at once, the queue holds its limit, one more
		// is being sent.
		if n < c.min || n > c.max || int(q.Dropped) != 60-n {
			t.Errorf("port %d: %d delivered (want %d..%d), %d dropped (want %d)", c.port, n, c.min, c.max, q.Dropped, 60-n)
		}
	}
}

func checkStacked(t *testing.T, e *env) {
	got := measure(t, []flow{{e.lan, e.wan, 5001, 6e6}}, 700*time.Millisecond, 2*time.Second)
	c := counters(t, e.r)
	t.Logf("6 Mbit/s upload through a 4M simple queue and a 2M ether1 tree: got %.2f Mbit/s; simple queue sent %d packets, tree %d",
		got[0]/1e6, c[1].UploadPackets, c[2].Packets)
	if !within(got[0], 2e6, 0.15) {
		t.Errorf("want the tighter 2 Mbit/s ±15%%")
	}
	if c[1].UploadPackets == 0 || c[2].Packets == 0 {
		t.Errorf("a packet must pass both HTBs: simple %d, tree %d packets", c[1].UploadPackets, c[2].Packets)
	}
}

func checkGlobalAggregate(t *testing.T, e *env) {
	got := measure(t, []flow{{e.lan, e.wan, 5001, 4e6}, {e.wan, e.lan, 5002, 4e6}}, 700*time.Millisecond, 2*time.Second)
	t.Logf("offered 4 Mbit/s each way through one global queue of 4 Mbit/s: upload %.2f, download %.2f, sum %.2f Mbit/s",
		got[0]/1e6, got[1]/1e6, (got[0]+got[1])/1e6)
	if !within(got[0]+got[1], 4e6, 0.15) {
		t.Errorf("the two directions together got %.2f Mbit/s, want the global queue's 4 Mbit/s ±15%%", (got[0]+got[1])/1e6)
	}
	if got[0] < 1e6 || got[1] < 1e6 {
		t.Errorf("one direction starved: %.2f / %.2f Mbit/s", got[0]/1e6, got[1]/1e6)
	}
}

func checkMatchers(t *testing.T, e *env) {
	tx := udp(t, e.lan, 0)
	rx := udp(t, e.wan, 5998)
	notrack := udp(t, e.wan, 5999)
	send(t, tx, addrOf(e.wan.Addr, 5998), 3, 100)  // 128 IP bytes
	send(t, tx, addrOf(e.wan.Addr, 5998), 2, 1000) // 1028 IP bytes
	send(t, tx, addrOf(e.wan.Addr, 5999), 4, 100)  // untracked
	if n, _ := receive(rx, 200*time.Millisecond); n != 5 {
		t.Errorf("received %d of 5", n)
	}
	if n, _ := receive(notrack, 100*time.Millisecond); n != 4 {
		t.Errorf("untracked: received %d of 4", n)
	}
	// From the WAN host: source not in the LAN.
	send(t, udp(t, e.wan, 0), addrOf(e.lan.Addr, 5997), 1, 100)
	time.Sleep(100 * time.Millisecond)
	c := counters(t, e.r)
	small, big, port, dscpTTL, untracked, notLAN, heavy := c[1].Packets, c[2].Packets, c[3].Packets, c[4].Packets, c[5].Packets, c[6].Packets, c[7].Packets
	t.Logf("packet-size 0-200: %d, !0-200: %d, port=5998: %d, dscp=0 ttl<64: %d, untracked: %d, src !LAN: %d, connection-bytes=1000-0: %d", small, big, port, dscpTTL, untracked, notLAN, heavy)
	// Forwarded TTL is 63 (the router decremented 64) for every packet.
	// The connection to 5998 passes 1000 bytes with its 4th datagram
	// (3 × 128 + 1028): the 4th and 5th match connection-bytes.
	if small != 8 || big != 2 || port != 5 || dscpTTL != 10 || untracked != 4 || notLAN != 1 || heavy != 2 {
		t.Errorf("want 8, 2, 5, 10, 4, 1, 2")
	}
}

// tcpSegment builds a TCP header (no options, no payload) with a valid
// checksum.
func tcpSegment(src, dst netip.Addr, sport, dport uint16, flags byte) []byte {
	b := make([]byte, 20)
	binary.BigEndian.PutUint16(b[0:], sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	binary.BigEndian.PutUint32(b[4:], 1000)
	binary.BigEndian.PutUint32(b[8:], 2000)
	b[12] = 5 << 4
	b[13] = flags
	binary.BigEndian.PutUint16(b[14:], 65535)
	s, d := src.As4(), dst.As4()
	pseudo := append(append(append([]byte{}, s[:]...), d[:]...), 0, syscall.IPPROTO_TCP, 0, 20)
	var sum uint32
	for _, part := range [][]byte{pseudo, b} {
		for i := 0; i+1 < len(part); i += 2 {
			sum += uint32(part[i])<<8 | uint32(part[i+1])
		}
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	binary.BigEndian.PutUint16(b[16:], ^uint16(sum))
	return b
}

// rawTCP opens a raw TCP socket in h's namespace.
func rawTCP(t *testing.T, h *lab.Host) int {
	t.Helper()
	fd := -1
	if err := h.NS.Do(func() error {
		var err error
		fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_RAW, syscall.IPPROTO_TCP)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	tv := syscall.NsecToTimeval(int64(300 * time.Millisecond))
	if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err != nil {
		t.Fatal(err)
	}
	return fd
}

// sawSegment reports whether fd receives a TCP segment to port dport.
func sawSegment(fd int, dport uint16) bool {
	buf := make([]byte, 2048)
	for {
		n, _, err := syscall.Recvfrom(fd, buf, 0)
		if err != nil {
			return false
		}
		ihl := int(buf[0]&0x0f) * 4
		if n >= ihl+4 && binary.BigEndian.Uint16(buf[ihl+2:]) == dport {
			return true
		}
	}
}

func checkInvalid(t *testing.T, e *env) {
	const (
		ack = 0x10
		rst = 0x04
		syn = 0x02
		fin = 0x01
	)
	tx, rx := rawTCP(t, e.lan), rawTCP(t, e.wan)
	w := e.wan.Addr.As4()
	to := &syscall.SockaddrInet4{Port: 0, Addr: w}
	for _, c := range []struct {
		what    string
		flags   byte
		port    uint16
		invalid bool
	}{
		// conntrack with loose TCP tracking (RouterOS's default
		// loose-tcp-tracking=yes, the kernel's nf_conntrack_tcp_loose=1)
		// picks up an ACK of an unknown connection as new.
		{"ACK without connection", ack, 9001, false},
		{"RST without connection", rst, 9002, true},
		{"SYN+FIN", syn | fin, 9003, true},
	} {
		before := e.counter(t, 0).Packets
		if err := syscall.Sendto(tx, tcpSegment(e.lan.Addr, e.wan.Addr, 40000, c.port, c.flags), 0, to); err != nil {
			t.Fatal(err)
		}
		arrived := sawSegment(rx, c.port)
		dropped := e.counter(t, 0).Packets - before
		t.Logf("%s: reached the WAN host %v, drop-invalid counter +%d", c.what, arrived, dropped)
		if c.invalid && (arrived || dropped != 1) {
			t.Errorf("%s: want it dropped as invalid (arrived %v, counter +%d)", c.what, arrived, dropped)
		}
		if !c.invalid && (!arrived || dropped != 0) {
			t.Errorf("%s: want it forwarded as new (arrived %v, counter +%d)", c.what, arrived, dropped)
		}
	}
}

func checkMasquerade(t *testing.T, e *env) {
	rx := udp(t, e.wan, 5353)
	tx := udp(t, e.lan, 0)
	send(t, tx, addrOf(e.wan.Addr, 5353), 3, 100)
	n, from := receive(rx, 300*time.Millisecond)
	if n != 3 || from == nil {
		t.Fatalf("WAN host received %d of 3 datagrams", n)
	}
	t.Logf("the WAN host sees the datagrams from %s (router WAN %s, LAN host %s)", from, e.l.RouterWAN, e.lan.Addr)
	if got, _ := netip.AddrFromSlice(from.IP.To4()); got != e.l.RouterWAN {
		t.Errorf("source %s, want the router's WAN address %s", from.IP, e.l.RouterWAN)
	}
	// The reply is translated back to the LAN host.
	if _, err := rx.WriteToUDP([]byte("reply"), from); err != nil {
		t.Fatal(err)
	}
	if n, _ := receive(tx, 300*time.Millisecond); n != 1 {
		t.Errorf("the LAN host got %d replies, want 1", n)
	}
}

func checkDstNAT(t *testing.T, e *env) {
	var ln net.Listener
	if err := e.lan.NS.Do(func() error {
		var err error
		ln, err = net.Listen("tcp4", e.lan.Addr.String()+":8000")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	peer := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			peer <- "accept: " + err.Error()
			return
		}
		defer c.Close()
		peer <- c.RemoteAddr().String()
		_, _ = c.Write([]byte("hello from the LAN"))
	}()
	var c net.Conn
	if err := e.wan.NS.Do(func() error {
		var err error
		c, err = net.DialTimeout("tcp4", e.l.RouterWAN.String()+":8080", 2*time.Second)
		return err
	}); err != nil {
		t.Fatalf("WAN host connecting to the router's port 8080: %v", err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err != nil {
		t.Fatalf("reading the forwarded service: %v", err)
	}
	p := <-peer
	t.Logf("WAN host -> %s:8080 reached the LAN service, which saw the client %s and answered %q", e.l.RouterWAN, p, buf[:n])
	if !strings.HasPrefix(p, e.wan.Addr.String()+":") {
		t.Errorf("the LAN service saw %s, want the WAN host %s (dst-nat alone does not change the source)", p, e.wan.Addr)
	}
}

func checkUserChain(t *testing.T, e *env) {
	rx2000, rx3000 := udp(t, e.wan, 2000), udp(t, e.wan, 3000)
	tx := udp(t, e.lan, 0)
	send(t, tx, addrOf(e.wan.Addr, 2000), 5, 100)
	send(t, tx, addrOf(e.wan.Addr, 3000), 5, 100)
	n2000, _ := receive(rx2000, 300*time.Millisecond)
	n3000, _ := receive(rx3000, 100*time.Millisecond)
	after := e.counter(t, 1).Packets
	t.Logf("port 2000 (return): %d/5 arrived, rule after the jump counted %d; port 3000 (drop in chk): %d/5 arrived", n2000, after, n3000)
	if n2000 != 5 || after != 5 || n3000 != 0 {
		t.Errorf("want port 2000 back in forward after return (5 arrived, 5 counted) and port 3000 dropped in the user chain")
	}
}

func checkAddressList(t *testing.T, e *env) {
	tx := udp(t, e.lan, 0)
	rx := map[int]*net.UDPConn{3000: udp(t, e.wan, 3000), 4000: udp(t, e.wan, 4000), 4001: udp(t, e.wan, 4001)}
	got := func(port int) int {
		send(t, tx, addrOf(e.wan.Addr, port), 2, 100)
		n, _ := receive(rx[port], 200*time.Millisecond)
		return n
	}
	blocked := got(3000)
	before := got(4001)
	seen := got(4000)
	after := got(4001)
	set, err := e.l.DUT.Run(context.Background(), "", "nft", "list", "set", "ip", emulator.TableName, "al_seen")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("static list: %d/2 to a blocked address arrived; dynamic list: 4001 before %d/2, 4000 (adds the source) %d/2, 4001 after %d/2", blocked, before, seen, after)
	if blocked != 0 || before != 2 || seen != 2 || after != 0 {
		t.Errorf("want 0, 2, 2, 0")
	}
	if !strings.Contains(set, e.lan.Addr.String()+" timeout 1m") {
		t.Errorf("the list seen does not hold the LAN host with a 1m timeout:\n%s", set)
	}
}

func checkReject(t *testing.T, e *env) {
	dial := func(port int) (time.Duration, error) {
		var err error
		start := time.Now()
		if derr := e.lan.NS.Do(func() error {
			var c net.Conn
			c, err = net.DialTimeout("tcp4", fmt.Sprintf("%s:%d", e.wan.Addr, port), 500*time.Millisecond)
			if c != nil {
				c.Close()
			}
			return nil
		}); derr != nil {
			t.Fatal(derr)
		}
		return time.Since(start), err
	}
	for _, c := range []struct {
		port int
		what string
		want error
	}{
		{7001, "reject-with=tcp-reset", syscall.ECONNREFUSED},
		{7002, "reject (default " + "icmp-network-unreachable)", syscall.ENETUNREACH},
		{7003, "reject-with=icmp-port-unreachable", syscall.ECONNREFUSED},
		{7004, "drop", nil},
	} {
		took, err := dial(c.port)
		t.Logf("%s: connect failed after %v with %v", c.what, took.Round(time.Millisecond), err)
		if c.want == nil {
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("%s: want a timeout (the client hears nothing), got %v", c.what, err)
			}
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.what, err, c.want)
		}
	}
}

func checkConnLimit(t *testing.T, e *env) {
	var ln net.Listener
	if err := e.wan.NS.Do(func() error {
		var err error
		ln, err = net.Listen("tcp4", e.wan.Addr.String()+":7100")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	var results []string
	for i := 0; i < 3; i++ {
		var c net.Conn
		var err error
		if derr := e.lan.NS.Do(func() error {
			c, err = net.DialTimeout("tcp4", e.wan.Addr.String()+":7100", time.Second)
			return nil
		}); derr != nil {
			t.Fatal(derr)
		}
		if err != nil {
			results = append(results, err.Error())
			continue
		}
		defer c.Close() // keep it open: it counts
		results = append(results, "ok")
	}
	t.Logf("three connections from one host, limit 2: %q", results)
	if results[0] != "ok" || results[1] != "ok" || !strings.Contains(results[2], "refused") {
		t.Errorf("want ok, ok, refused")
	}
}

func checkDSCP(t *testing.T, e *env) {
	rx := udp(t, e.wan, 6000)
	raw, err := rx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_IP, syscall.IP_RECVTOS, 1)
	}); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	tx := udp(t, e.lan, 0)
	tos := func(port int, c *net.UDPConn) int {
		send(t, tx, addrOf(e.wan.Addr, port), 1, 100)
		buf, oob := make([]byte, 256), make([]byte, 256)
		_ = c.SetReadDeadline(time.Now().Add(time.Second))
		_, oobn, _, _, err := c.ReadMsgUDP(buf, oob)
		if err != nil {
			t.Fatalf("no datagram on port %d: %v", port, err)
		}
		msgs, err := syscall.ParseSocketControlMessage(oob[:oobn])
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Header.Level == syscall.IPPROTO_IP && m.Header.Type == syscall.IP_TOS && len(m.Data) > 0 {
				return int(m.Data[0])
			}
		}
		t.Fatal("no IP_TOS control message")
		return 0
	}
	got := tos(6000, rx)
	t.Logf("the receiver sees TOS %#x = DSCP %d", got, got>>2)
	if got>>2 != 46 {
		t.Errorf("DSCP %d, want 46", got>>2)
	}
}

// TestSrcMACAddress: src-mac-address matches the frame's source, which the
// config can only name once the lab exists (its MACs are random).
func TestSrcMACAddress(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond))
	lan, wan := l.LANHosts[0], l.WANHosts[0]
	h, err := lan.NS.Handle()
	if err != nil {
		t.Fatal(err)
	}
	link, err := h.LinkByName("eth0")
	h.Close()
	if err != nil {
		t.Fatal(err)
	}
	mac := link.Attrs().HardwareAddr.String()
	src := "/ip firewall filter\nadd chain=forward action=drop protocol=udp dst-port=3000 src-mac-address=" + strings.ToUpper(mac) + "\n" +
		"add chain=forward action=drop protocol=udp dst-port=3001 src-mac-address=!" + mac + "\n"
	plan, err := emulator.Translate(parse(t, "mac.rsc", src), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	r := emulator.NewRouter(l.DUT, ifaces)
	if err := r.Apply(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	tx := udp(t, lan, 0)
	rx0, rx1 := udp(t, wan, 3000), udp(t, wan, 3001)
	send(t, tx, addrOf(wan.Addr, 3000), 3, 100)
	send(t, tx, addrOf(wan.Addr, 3001), 3, 100)
	n0, _ := receive(rx0, 200*time.Millisecond)
	n1, _ := receive(rx1, 100*time.Millisecond)
	c := counters(t, r)
	t.Logf("LAN host %s: to 3000 (drop if from it) %d/3 arrived, counter %d; to 3001 (drop if not from it) %d/3 arrived, counter %d", mac, n0, c[0].Packets, n1, c[1].Packets)
	if n0 != 0 || c[0].Packets != 3 || n1 != 3 || c[1].Packets != 0 {
		t.Error("want 0/3 with 3 counted, and 3/3 with 0 counted")
	}
}

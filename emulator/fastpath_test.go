package emulator_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// fastpathRSC fast-tracks established UDP, and has a raw rule that drops
// large datagrams to port 7000. Small datagrams establish the connection
// (and fast-track it); large ones come after.
const fastpathRSC = `
/ip firewall raw
add chain=prerouting action=drop protocol=udp dst-port=7000 packet-size=500-600
/ip firewall filter
add chain=forward action=fasttrack-connection connection-state=established,related
add chain=forward action=accept connection-state=established,related
`

func TestAllowFastPathTranslation(t *testing.T) {
	on, err := emulator.Translate(parse(t, "on.rsc", fastpathRSC), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	off, err := emulator.Translate(parse(t, "off.rsc", fastpathRSC+"/ip settings\nset allow-fast-path=no\n"), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(on.NFT, "ct mark set ct mark | 0x80000000") || !strings.Contains(on.NFT, "@"+emulator.FasttrackSet+" accept") {
		t.Errorf("allow-fast-path default: want the fasttrack flag and the raw bypass:\n%s", on.NFT)
	}
	if strings.Contains(off.NFT, "ct mark set ct mark | 0x80000000") || strings.Contains(off.NFT, emulator.FasttrackSet) {
		t.Errorf("allow-fast-path=no: nothing may be fast-tracked:\n%s", off.NFT)
	}
}

// TestFasttrackSkipsRaw: once a connection is fast-tracked, raw rules no
// longer see its packets (MikroTik: FastTrack bypasses the firewall and
// connection tracking); with /ip settings allow-fast-path=no nothing is
// fast-tracked and raw drops them.
func TestFasttrackSkipsRaw(t *testing.T) {
	labtest.Require(t)
	for _, c := range []struct {
		name string
		rsc  string
		want int
	}{
		{"fast path allowed", fastpathRSC, 10},
		{"allow-fast-path=no", fastpathRSC + "/ip settings\nset allow-fast-path=no\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan, err := emulator.Translate(parse(t, "ft.rsc", c.rsc), ifaces, emulator.Features{})
			if err != nil {
				t.Fatal(err)
			}
			l := labtest.Build(t, labtest.Spec(200_000_000, 200_000_000, 20*time.Millisecond))
			r := emulator.NewRouter(l.DUT, ifaces)
			if err := r.Apply(context.Background(), plan); err != nil {
				t.Fatal(err)
			}
			lan, wan := l.LANHosts[0], l.WANHosts[0]
			got := largeAfterExchange(t, lan, wan)
			ft, err := r.Fasttrack(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d of 10 large datagrams passed the raw drop rule; fasttrack counter %d packets", got, ft.Packets)
			if got != c.want {
				t.Errorf("got %d large datagrams, want %d", got, c.want)
			}
		})
	}
}

// largeAfterExchange exchanges small datagrams between lan and wan on one
// UDP flow (three each way), then sends 10 datagrams of 550 bytes from lan
// and returns how many wan received.
func largeAfterExchange(t *testing.T, lan, wan *lab.Host) int {
	t.Helper()
	tx, rx := udp(t, lan, 0), udp(t, wan, 7000)
	buf := make([]byte, 2048)
	for i := 0; i < 3; i++ {
		if _, err := tx.WriteToUDP(make([]byte, 100), addrOf(wan.Addr, 7000)); err != nil {
			t.Fatal(err)
		}
		_ = rx.SetReadDeadline(time.Now().Add(time.Second))
		_, from, err := rx.ReadFromUDP(buf)
		if err != nil {
			t.Fatalf("small datagram %d: %v", i, err)
		}
		if _, err := rx.WriteToUDP(make([]byte, 100), from); err != nil {
			t.Fatal(err)
		}
		_ = tx.SetReadDeadline(time.Now().Add(time.Second))
		if _, _, err := tx.ReadFromUDP(buf); err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
	}
	send(t, tx, addrOf(wan.Addr, 7000), 10, 550-28)
	n, _ := receive(rx, 300*time.Millisecond)
	return n
}

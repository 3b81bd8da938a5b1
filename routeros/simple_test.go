package routeros

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeSimpleQueue(t *testing.T) {
	c := mustParse(t, `/queue simple
add name=office target=192.168.88.0/24,ether2 dst=203.0.113.0/24 max-limit=5M/20M limit-at=1M priority=1/8 queue=default/default-small packet-marks=a,b parent=none bucket-size=0.2/0.3
add name=all
`)
	q, err := DecodeSimpleQueue(c.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	want := &SimpleQueue{
		Name:         "office",
		TargetAddrs:  []*AddrMatch{{Prefix: netip.MustParsePrefix("192.168.88.0/24")}},
		TargetIfaces: []string{"ether2"},
		Dst:          &AddrMatch{Prefix: netip.MustParsePrefix("203.0.113.0/24")},
		PacketMarks:  []string{"a", "b"},
		LimitAt:      [2]uint64{1e6, 1e6},
		MaxLimit:     [2]uint64{5e6, 20e6},
		Priority:     [2]int{1, 8},
		Queue:        [2]string{"default", "default-small"},
		BucketSize:   [2]float64{0.2, 0.3},
		Item:         c.Items[0],
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got  %+v\nwant %+v", q, want)
	}
	q, err = DecodeSimpleQueue(c.Items[1])
	if err != nil {
		t.Fatal(err)
	}
	if q.TargetAddrs != nil || q.Priority != [2]int{8, 8} || q.Queue[1] != "default-small" || q.Parent != "" {
		t.Errorf("defaults: %+v", q)
	}
}

func TestDecodeSimpleQueueErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"/queue simple\nadd name=x target=10.0.0.0/24,192.168.1.300\n", `q.rsc:2:19: property "target" in /queue/simple add: invalid IPv4 address "192.168.1.300"`},
		{"/queue simple\nadd name=x dst=!10.0.0.1\n", `q.rsc:2:16: property "dst" in /queue/simple add: "!" is not allowed here`},
		{"/queue simple\nadd target=10.0.0.1\n", `q.rsc:2:1: missing property "name" in /queue/simple add`},
	} {
		_, err := ParseRSC("q.rsc", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v\nwant %q", err, c.want)
		}
	}
}

func TestSimpleQueueUnsupported(t *testing.T) {
	c := mustParse(t, "/queue simple\nadd name=x burst-limit=0/0 burst-time=10s/10s total-max-limit=5M time=1h-2h,mon\n")
	q, err := DecodeSimpleQueue(c.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	// burst-* is modelled (BurstLimit, BurstThreshold, BurstTime).
	if got := q.Unsupported(); !reflect.DeepEqual(got, []string{"total-max-limit", "time"}) {
		t.Errorf("Unsupported() = %q", got)
	}
}

func TestDecodeQueueType(t *testing.T) {
	c := mustParse(t, `/queue type
add kind=pfifo name=p pfifo-limit=100 bfifo-limit=9
add kind=bfifo name=b bfifo-limit=30000
add kind=sfq name=s sfq-perturb=10 sfq-allot=3000
add kind=fq-codel name=f fq-codel-ecn=no
`)
	want := []QueueType{
		{Name: "p", Kind: "pfifo", Limit: 100},
		{Name: "b", Kind: "bfifo", Limit: 30000},
		{Name: "s", Kind: "sfq", SFQPerturb: 10, SFQAllot: 3000},
		{Name: "f", Kind: "fq-codel", Knobs: []Prop{{"fq-codel-ecn", "no"}}},
	}
	for i, it := range c.Items {
		q, err := DecodeQueueType(it)
		if err != nil {
			t.Fatal(err)
		}
		q.Item = nil
		if !reflect.DeepEqual(*q, want[i]) {
			t.Errorf("type %d: got %+v, want %+v", i, *q, want[i])
		}
	}
}

func TestDecodeRuleNewMatchers(t *testing.T) {
	c := mustParse(t, `/ip firewall filter
add chain=forward action=reject reject-with=tcp-reset protocol=tcp tcp-flags=syn,!ack port=80,443 packet-size=!0-64 dscp=46 ttl=less-than:10 routing-mark=vpn src-address-list=!lan in-interface-list=LAN connection-nat-state=dstnat log=yes log-prefix=X
add chain=forward action=add-src-to-address-list address-list=seen address-list-timeout=1d2h
/ip firewall nat
add chain=dstnat action=dst-nat to-addresses=10.0.0.1-10.0.0.3 to-ports=8000-8010 protocol=tcp
/ip firewall raw
add chain=prerouting action=notrack
`)
	r, err := DecodeRule(c.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.RejectWith != "tcp-reset" || !reflect.DeepEqual(r.TCPFlags, &FlagsMatch{Set: []string{"syn"}, Unset: []string{"ack"}}) ||
		!reflect.DeepEqual(r.Port, &PortMatch{Ranges: [][2]uint16{{80, 80}, {443, 443}}}) ||
		*r.PacketSize != (RangeMatch{Neg: true, Lo: 0, Hi: 64}) || *r.DSCP != (RangeMatch{Lo: 46, Hi: 46}) ||
		*r.TTL != (TTLMatch{"less-than", 10}) || *r.RoutingMark != (StrMatch{Value: "vpn"}) ||
		*r.SrcAddressList != (StrMatch{Neg: true, Value: "lan"}) || *r.InInterfaceList != (StrMatch{Value: "LAN"}) ||
		!reflect.DeepEqual(r.ConnectionNATState, &StateMatch{States: []string{"dstnat"}}) || !r.Log || r.LogPrefix != "X" {
		t.Errorf("decoded %+v", r)
	}
	if len(r.Unsupported()) != 0 {
		t.Errorf("Unsupported() = %q", r.Unsupported())
	}
	r, _ = DecodeRule(c.Items[1])
	if r.AddressList != "seen" || r.AddressListTimeout != 26*time.Hour {
		t.Errorf("address list %q timeout %v", r.AddressList, r.AddressListTimeout)
	}
	r, _ = DecodeRule(c.Items[2])
	if !r.ToAddresses.IsRange || *r.ToPorts != [2]uint16{8000, 8010} {
		t.Errorf("to-addresses %+v to-ports %v", r.ToAddresses, r.ToPorts)
	}
	r, err = DecodeRule(c.Items[3])
	if err != nil || r.Table != "raw" || r.Action != "notrack" {
		t.Errorf("raw rule %+v, %v", r, err)
	}
}

func TestRawRefusesConnectionMatchers(t *testing.T) {
	_, err := ParseRSC("r.rsc", []byte("/ip firewall raw\nadd chain=prerouting action=drop connection-state=invalid\n"))
	if err == nil || !strings.Contains(err.Error(), `r.rsc:2:34: unknown property "connection-state" in /ip/firewall/raw add (raw rules run before connection tracking`) {
		t.Errorf("error %v", err)
	}
	_, err = ParseRSC("r.rsc", []byte("/ip firewall filter\nadd chain=input action=reject reject-with=icmp-bogus\n"))
	if err == nil || !strings.Contains(err.Error(), `r.rsc:2:43: property "reject-with" in /ip/firewall/filter add: unknown reject-with value "icmp-bogus"`) {
		t.Errorf("error %v", err)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"30s": 30 * time.Second, "1m30s": 90 * time.Second, "1d2h": 26 * time.Hour, "500ms": 500 * time.Millisecond,
		"1w": 7 * 24 * time.Hour, "90": 90 * time.Second, "00:05:00": 5 * time.Minute, "1d00:00:01": 24*time.Hour + time.Second,
		"none-dynamic": 0,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDuration("5 minutes"); err == nil {
		t.Error("accepted 5 minutes")
	}
}

func TestLimitNthICMPErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"add chain=input limit=10:packet", `f.rsc:2:23: property "limit" in /ip/firewall/filter add: invalid limit "10:packet"`},
		{"add chain=input limit=10,5:bytes", `invalid limit "10,5:bytes"`},
		{"add chain=input nth=2,3", `f.rsc:2:21: property "nth" in /ip/firewall/filter add: nth: 3 is out of range 1..2`},
		{"add chain=input protocol=icmp icmp-options=300", `invalid icmp-options "300"`},
	} {
		_, err := ParseRSC("f.rsc", []byte("/ip firewall filter\n"+c.src+"\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v\nwant %q", c.src, err, c.want)
		}
	}
	c := mustParse(t, "/ip firewall filter\nadd chain=input limit=1M/1m,100k:bit nth=3,1 random=5 protocol=icmp icmp-options=3:0-3\n")
	r, err := DecodeRule(c.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	if *r.Limit != (LimitMatch{Rate: 1e6, Per: time.Minute, Burst: 1e5, Bits: true}) || *r.Nth != [2]int{3, 1} || r.Random != 5 ||
		*r.ICMP.Type != (RangeMatch{Lo: 3, Hi: 3}) || *r.ICMP.Code != (RangeMatch{Lo: 0, Hi: 3}) {
		t.Errorf("decoded limit %+v nth %v random %d icmp %+v", r.Limit, r.Nth, r.Random, r.ICMP)
	}
}

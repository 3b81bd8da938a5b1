package routeros_test

import (
	"fmt"
	"os"

	"github.com/qosbench/qosbench/routeros"
)

func ExampleParseRSC() {
	script := `# 2024-06-06 15:22:31 by RouterOS 7.14.2
/ip firewall mangle
add action=mark-connection chain=prerouting connection-mark=no-mark \
    dst-port=5060-5061 new-connection-mark=voip-conn protocol=udp
add action=mark-packet chain=forward connection-mark=voip-conn \
    new-packet-mark=voip passthrough=no
/queue tree
add max-limit=20M name=up parent=ether1
add limit-at=2M max-limit=20M name=voip packet-mark=voip parent=up priority=1
/system identity
set name=edge
`
	cfg, err := routeros.ParseRSC("edge.rsc", []byte(script))
	if err != nil {
		fmt.Println(err) // every problem, one "file:line:col: message" per line
		return
	}
	fmt.Println("RouterOS", cfg.RouterOSVersion)
	for _, it := range cfg.Menu(routeros.MenuMangle) {
		r, _ := routeros.DecodeRule(it) // items from ParseRSC always decode
		fmt.Printf("line %d: %s %s passthrough=%v\n", it.Line, r.Chain, r.Action, r.Passthrough)
	}
	for _, it := range cfg.Menu("/queue tree") {
		q, _ := routeros.DecodeQueueTree(it)
		fmt.Printf("queue %s: parent=%s limit-at=%d max-limit=%d priority=%d\n", q.Name, q.Parent, q.LimitAt, q.MaxLimit, q.Priority)
	}
	for _, n := range cfg.Notices {
		fmt.Println(n)
	}
	// Output:
	// RouterOS 7.14.2
	// line 3: prerouting mark-connection passthrough=true
	// line 5: forward mark-packet passthrough=false
	// queue up: parent=ether1 limit-at=0 max-limit=20000000 priority=8
	// queue voip: parent=up limit-at=2000000 max-limit=20000000 priority=1
	// edge.rsc:11: ignored: /system/identity does not affect the packet path in this version
}

func ExampleParseRSC_errors() {
	_, err := routeros.ParseRSC("bad.rsc", []byte(`/ip firewall mangle
add chain=forward action=mark-packet dst-prot=5060
`))
	fmt.Println(err)
	// Output:
	// bad.rsc:2:38: unknown property "dst-prot" in /ip/firewall/mangle add; did you mean "dst-port"?
}

func ExampleConfig_WriteRSC() {
	cfg, _ := routeros.ParseRSC("in.rsc", []byte(`/ip/firewall/filter/add chain=forward comment="keep VoIP off the fast path" connection-mark=voip-conn action=accept`))
	cfg.WriteRSC(os.Stdout)
	// Output:
	// # rendered by qosbench from in.rsc
	// /ip firewall filter
	// add action=accept chain=forward comment="keep VoIP off the fast path" \
	//     connection-mark=voip-conn
}

package routeros

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// flat renders items as "MENU k=v k=v" for compact comparisons.
func flat(items []*Item) []string {
	var out []string
	for _, it := range items {
		s := it.Menu
		for _, p := range it.Props {
			s += " " + p.Key + "=" + p.Value
		}
		out = append(out, s)
	}
	return out
}

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	c, err := ParseRSC("t.rsc", []byte(src))
	if err != nil {
		t.Fatalf("ParseRSC: %v", err)
	}
	return c
}

func TestParseItems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"space path form", "/ip firewall filter\nadd chain=forward action=drop",
			[]string{"/ip/firewall/filter chain=forward action=drop"}},
		{"slash path form", "/ip/firewall/filter\nadd chain=forward",
			[]string{"/ip/firewall/filter chain=forward"}},
		{"mixed path form", "/ip firewall/filter\nadd chain=forward",
			[]string{"/ip/firewall/filter chain=forward"}},
		{"path and command on one line", "/ip firewall filter add chain=forward\n/ip firewall mangle add chain=forward",
			[]string{"/ip/firewall/filter chain=forward", "/ip/firewall/mangle chain=forward"}},
		{"command as last path element (v7)", "/ip/firewall/filter/add chain=input",
			[]string{"/ip/firewall/filter chain=input"}},
		{"one-line command does not change the current menu",
			"/queue tree\n/ip firewall filter add chain=forward\nadd name=q parent=ether1",
			[]string{"/ip/firewall/filter chain=forward", "/queue/tree name=q parent=ether1"}},
		{"relative path", "/ip\nfirewall filter add chain=forward\nfirewall mangle\nadd chain=prerouting",
			[]string{"/ip/firewall/filter chain=forward", "/ip/firewall/mangle chain=prerouting"}},
		{"parent path", "/ip firewall filter\n.. mangle add chain=input",
			[]string{"/ip/firewall/mangle chain=input"}},
		{"semicolons", "/queue tree; add name=a parent=ether1; add name=b parent=a",
			[]string{"/queue/tree name=a parent=ether1", "/queue/tree name=b parent=a"}},
		{"continuation lines", "/ip firewall filter\nadd action=accept chain=input comment=\\\n    \"defconf: accept ICMP\" \\\n    protocol=icmp",
			[]string{"/ip/firewall/filter action=accept chain=input comment=defconf: accept ICMP protocol=icmp"}},
		{"quoted values and escapes", `/ip firewall filter add chain=input comment="say \"hi\"\_\$x\?"`,
			[]string{`/ip/firewall/filter chain=input comment=say "hi" $x?`}},
		{"comments everywhere", "# header\n/ip firewall filter # menu\n# between\nadd chain=input # rule\n",
			[]string{"/ip/firewall/filter chain=input"}},
		{"negated matchers", "/ip firewall filter add chain=forward in-interface=!ether1 dst-address=!10.0.0.0/8",
			[]string{"/ip/firewall/filter chain=forward in-interface=!ether1 dst-address=!10.0.0.0/8"}},
		{"verbose export unset marker", "/ip firewall filter add chain=forward !connection-mark !dst-port action=accept",
			[]string{"/ip/firewall/filter chain=forward action=accept"}},
		{"empty value", "/queue tree add name=q parent=ether1 packet-mark=\"\" comment=",
			[]string{"/queue/tree name=q parent=ether1 packet-mark= comment="}},
		{"validated menus", "/ip firewall nat add chain=srcnat action=masquerade out-interface=ether1\n" +
			"/ip firewall address-list add list=x address=10.0.0.0/8\n/ip firewall address-list add list=x address=example.com\n" +
			"/queue simple add name=s target=10.0.0.0/24 max-limit=5M/20M priority=2/8\n" +
			"/queue type add name=t kind=pfifo pfifo-limit=50",
			[]string{"/ip/firewall/nat chain=srcnat action=masquerade out-interface=ether1",
				"/ip/firewall/address-list list=x address=10.0.0.0/8", "/ip/firewall/address-list list=x address=example.com",
				"/queue/simple name=s target=10.0.0.0/24 max-limit=5M/20M priority=2/8",
				"/queue/type name=t kind=pfifo pfifo-limit=50"}},
		{"ignored menus do not end the current one",
			"/ip firewall filter\nadd chain=input\n/system identity set name=x\nadd chain=forward",
			[]string{"/ip/firewall/filter chain=input", "/ip/firewall/filter chain=forward"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.src)
			if got := flat(c.Items); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseItemPositions(t *testing.T) {
	c := mustParse(t, "/ip firewall filter\n  add chain=input\n/queue tree add name=q parent=ether1")
	got := [][2]int{{c.Items[0].Line, c.Items[0].Col}, {c.Items[1].Line, c.Items[1].Col}}
	if want := [][2]int{{2, 3}, {3, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
	if c.Items[0].File != "t.rsc" || c.Source != "t.rsc" {
		t.Errorf("file %q, source %q", c.Items[0].File, c.Source)
	}
}

func TestParseHeaderVersion(t *testing.T) {
	tests := []struct{ src, want string }{
		{"# jan/02/1970 02:08:13 by RouterOS 6.48\n# software id = ABCD-EFGH\n/ip firewall filter\n", "6.48"},
		{"# 2024-06-06 15:22:31 by RouterOS 7.14.2\r\n# software id = \r\n", "7.14.2"},
		{"# jul/03/2024 20:01:32 by RouterOS 7.15rc3\n", "7.15rc3"},
		{"/ip firewall filter\n# 2024-06-06 15:22:31 by RouterOS 7.14.2\n", ""}, // not a header
		{"# my notes\n", ""},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.src).RouterOSVersion; got != tt.want {
			t.Errorf("%q: version %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestParseNotices(t *testing.T) {
	src := `/system identity set name=x
/ip address
add address=10.0.0.1/24 interface=ether1
/interface ethernet set [ find default-name=ether1 ] name=wan
/ip route add gateway=10.0.0.254
/ipv6 firewall filter add chain=input action=drop
/ip firewall filter
add chain=foward action=drop
add chain=forward action=jump jump-target=mine
add chain=mine action=accept
add chain=orphan action=accept
add chain=input action=jump jump-target=off disabled=yes
add chain=off action=drop
`
	c := mustParse(t, src)
	var got []string
	for _, n := range c.Notices {
		got = append(got, n.String())
	}
	want := []string{
		"t.rsc:1: ignored: /system/identity does not affect the packet path in this version",
		"t.rsc:3: ignored: /ip/address does not affect the packet path in this version",
		"t.rsc:4: ignored: /interface/ethernet does not affect the packet path in this version",
		"t.rsc:5: ignored: /ip/route is not modelled in this version",
		"t.rsc:6: ignored: /ipv6/firewall/filter is not modelled in this version (IPv4 only)",
		`t.rsc:8: rules in chain "foward" of /ip/firewall/filter never run: it is not a built-in chain and no enabled rule jumps to it; did you mean "forward"?`,
		`t.rsc:11: rules in chain "orphan" of /ip/firewall/filter never run: it is not a built-in chain and no enabled rule jumps to it`,
		`t.rsc:13: rules in chain "off" of /ip/firewall/filter never run: it is not a built-in chain and no enabled rule jumps to it`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Items) != 6 {
		t.Errorf("%d items, want 6", len(c.Items))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown property", "/ip firewall mangle add chain=forward dst-prot=80",
			[]string{`t.rsc:1:39: unknown property "dst-prot" in /ip/firewall/mangle add; did you mean "dst-port"?`}},
		{"unknown property without suggestion", "/queue tree add name=q parent=ether1 colour=red",
			[]string{`t.rsc:1:38: unknown property "colour" in /queue/tree add`}},
		{"passthrough in filter", "/ip firewall filter add chain=forward passthrough=no",
			[]string{`t.rsc:1:39: unknown property "passthrough" in /ip/firewall/filter add (passthrough is a property of /ip/firewall/mangle rules; in filter use action=passthrough)`}},
		{"mark in filter", "/ip firewall filter add chain=forward new-packet-mark=x",
			[]string{`t.rsc:1:39: unknown property "new-packet-mark" in /ip/firewall/filter add (marks are set in /ip/firewall/mangle)`}},
		{"unknown menu", "/ip firewal filter\nadd chain=forward\nadd chain=input\n/ip firewall filter\nadd chain=input",
			[]string{`t.rsc:1:1: unknown menu "/ip/firewal/filter"; did you mean "/ip/firewall/filter"?`}},
		{"unknown menu with a command", "/queue trees add name=x",
			[]string{`t.rsc:1:1: unknown menu "/queue/trees"; did you mean "/queue/tree"?`}},
		{"unknown top-level menu", "/frobnicate\nadd x=1",
			[]string{`t.rsc:1:1: unknown menu "/frobnicate"`}},
		{"set of a missing number", "/ip firewall filter\nset 0 disabled=yes",
			[]string{`t.rsc:2:5: no item number 0 in /ip/firewall/filter: the script has created 0 item(s) there so far (numbers count from 0 over this script's items)`}},
		{"move", "/ip firewall filter move 0 1",
			[]string{`t.rsc:1:21: command "move" in /ip/firewall/filter is not supported in this version (add, set, remove, enable and disable are)`}},
		{"monitor", "/queue/tree/monitor",
			[]string{`t.rsc:1:1: command "monitor" in /queue/tree is not supported in this version (add, set, remove, enable and disable are)`}},
		{"unknown command", "/ip firewall filter\nad chain=forward",
			[]string{`t.rsc:2:1: unknown command "ad" in /ip/firewall/filter; did you mean "add"?`}},
		{"missing command", "/ip firewall filter chain=forward",
			[]string{`t.rsc:1:21: missing command before "chain=forward" in /ip/firewall/filter`}},
		{"command on a menu without items", "/ip firewall add chain=forward",
			[]string{`t.rsc:1:1: command "add" is not valid in /ip/firewall: it only leads to other menus`}},
		// RouterOS's command tree checks the names in menus qosbench does
		// not model (udp-timeout is real, udp-timout is not).
		{"connection tracking settings", "/ip firewall connection tracking\nset udp-timeout=10s udp-timout=10s",
			[]string{`t.rsc:2:21: unknown property "udp-timout" in /ip/firewall/connection/tracking set (not in the command tree of any RouterOS version); did you mean "udp-timeout"?`}},
		{"scripting", ":foreach i in=[/queue tree find] do={}\n:if (true) do={}",
			[]string{`t.rsc:1:1: scripting command ":foreach" is not supported in this version`,
				`t.rsc:2:1: scripting command ":if" is not supported in this version`}},
		{"script block", "{\n  :local x 1\n  /ip firewall filter add chain=$x\n}",
			[]string{`t.rsc:1:1: script blocks ({ ... }) are not supported in this version`}},
		{"expression statement", "[/ip firewall filter find]",
			[]string{`t.rsc:1:1: expressions ([ ... ]) are not supported in this version`}},
		{"variable as value", "/ip firewall filter add chain=$c",
			[]string{`t.rsc:1:25: variables ($...) are not supported in this version`}},
		{"variable in a string", `/ip firewall filter add chain=input comment="$c"`,
			[]string{`t.rsc:1:37: variables ($...) are not supported in this version`}},
		{"expression as value", "/ip firewall filter add chain=[:pick x 0]",
			[]string{`t.rsc:1:25: expressions ([ ... ]) are not supported in this version`}},
		{"positional argument", "/ip firewall filter add forward",
			[]string{`t.rsc:1:25: unexpected argument "forward" in /ip/firewall/filter add (expected property=value)`}},
		{"missing property name", "/ip firewall filter add chain=forward =x",
			[]string{`t.rsc:1:39: missing property name before "=" in /ip/firewall/filter add`}},
		{"quoted property name", `/ip firewall filter add "chain"=forward`,
			[]string{`t.rsc:1:25: property name "chain" in /ip/firewall/filter add must not be quoted`}},
		{"place-before", "/ip firewall filter add chain=forward place-before=0",
			[]string{`t.rsc:1:39: "place-before" in /ip/firewall/filter add is not supported in this version`}},
		{"unknown unset marker", "/ip firewall filter add chain=forward !dst-prt",
			[]string{`t.rsc:1:39: unknown property "dst-prt" in /ip/firewall/filter add; did you mean "dst-port"?`}},
		{"duplicate property", "/ip firewall filter add chain=forward action=drop action=accept",
			[]string{`t.rsc:1:51: duplicate property "action" in /ip/firewall/filter add`}},
		{"missing chain", "/ip firewall filter add action=drop",
			[]string{`t.rsc:1:1: missing property "chain" in /ip/firewall/filter add`}},
		{"empty chain", "/ip firewall filter add chain=",
			[]string{`t.rsc:1:31: property "chain" in /ip/firewall/filter add: empty value`}},
		{"bad action", "/ip firewall filter add chain=forward action=acept",
			[]string{`t.rsc:1:46: property "action" in /ip/firewall/filter add: unknown action "acept"; did you mean "accept"?`}},
		{"action of another table", "/ip firewall filter add chain=forward action=mark-packet",
			[]string{`t.rsc:1:46: property "action" in /ip/firewall/filter add: unknown action "mark-packet"`}},
		{"mark-packet without mark", "/ip firewall mangle\nadd chain=forward action=mark-packet passthrough=no",
			[]string{`t.rsc:2:1: missing property "new-packet-mark" in /ip/firewall/mangle add (required by action=mark-packet)`}},
		{"jump without target", "/ip firewall filter add chain=forward action=jump",
			[]string{`t.rsc:1:1: missing property "jump-target" in /ip/firewall/filter add (required by action=jump)`}},
		{"port without protocol", "/ip firewall filter add chain=forward dst-port=80",
			[]string{`t.rsc:1:39: property "dst-port" in /ip/firewall/filter add: port matching needs protocol=tcp, udp, udp-lite, sctp or dccp (protocol is not set)`}},
		{"port with icmp", "/ip firewall mangle add chain=forward protocol=icmp src-port=80",
			[]string{`t.rsc:1:53: property "src-port" in /ip/firewall/mangle add: port matching needs protocol=tcp, udp, udp-lite, sctp or dccp (protocol is "icmp")`}},
		{"port with negated protocol", "/ip firewall filter add chain=forward protocol=!tcp port=80",
			[]string{`t.rsc:1:53: property "port" in /ip/firewall/filter add: port matching needs protocol=tcp, udp, udp-lite, sctp or dccp (protocol is "!tcp")`}},
		{"bad port", "/ip firewall filter add chain=forward protocol=udp dst-port=10000-70000",
			[]string{`t.rsc:1:61: property "dst-port" in /ip/firewall/filter add: invalid port in "10000-70000": 70000 is out of range 0..65535`}},
		{"backwards port range", "/ip firewall filter add chain=forward protocol=udp dst-port=20000-10000",
			[]string{`t.rsc:1:61: property "dst-port" in /ip/firewall/filter add: port range "20000-10000" runs backwards`}},
		{"bad protocol", "/ip firewall filter add chain=forward protocol=tpc",
			[]string{`t.rsc:1:48: property "protocol" in /ip/firewall/filter add: unknown protocol "tpc"; did you mean "tcp"?`}},
		{"protocol number out of range", "/ip firewall filter add chain=forward protocol=256",
			[]string{`t.rsc:1:48: property "protocol" in /ip/firewall/filter add: protocol number 256 is out of range 0..255`}},
		{"bad address", "/ip firewall filter add chain=forward src-address=10.0.0.256",
			[]string{`t.rsc:1:51: property "src-address" in /ip/firewall/filter add: invalid IPv4 address "10.0.0.256"`}},
		{"IPv6 address", "/ip firewall filter add chain=forward src-address=2001:db8::/32",
			[]string{`t.rsc:1:51: property "src-address" in /ip/firewall/filter add: invalid IPv4 address "2001:db8::"`}},
		{"bad prefix length", "/ip firewall filter add chain=forward dst-address=10.0.0.0/33",
			[]string{`t.rsc:1:51: property "dst-address" in /ip/firewall/filter add: invalid prefix length in "10.0.0.0/33": 33 is out of range 0..32`}},
		{"backwards address range", "/ip firewall filter add chain=forward dst-address=10.0.0.9-10.0.0.1",
			[]string{`t.rsc:1:51: property "dst-address" in /ip/firewall/filter add: address range "10.0.0.9-10.0.0.1" runs backwards`}},
		{"bad connection state", "/ip firewall filter add chain=forward connection-state=establised,related",
			[]string{`t.rsc:1:56: property "connection-state" in /ip/firewall/filter add: unknown connection state "establised"; did you mean "established"?`}},
		{"empty negation", "/ip firewall filter add chain=forward in-interface=!",
			[]string{`t.rsc:1:52: property "in-interface" in /ip/firewall/filter add: nothing after "!"`}},
		{"bad boolean", "/ip firewall filter add chain=forward disabled=maybe",
			[]string{`t.rsc:1:48: property "disabled" in /ip/firewall/filter add: invalid boolean "maybe" (use yes or no)`}},
		{"dscp out of range", "/ip firewall mangle add chain=forward dscp=64",
			[]string{`t.rsc:1:44: property "dscp" in /ip/firewall/mangle add: 64 is out of range 0..63`}},
		{"new-dscp out of range", "/ip firewall mangle add chain=forward action=change-dscp new-dscp=99",
			[]string{`t.rsc:1:67: property "new-dscp" in /ip/firewall/mangle add: 99 is out of range 0..63`}},
		{"out-interface in input", "/ip firewall filter add chain=input out-interface=ether1",
			[]string{`t.rsc:1:37: property "out-interface" in /ip/firewall/filter add: outgoing interface matching is not possible in chain input`}},
		{"in-interface in output", "/ip firewall mangle add chain=output in-interface-list=LAN",
			[]string{`t.rsc:1:38: property "in-interface-list" in /ip/firewall/mangle add: incoming interface matching is not possible in chain output`}},
		{"bad tcp flag", "/ip firewall filter add chain=forward protocol=tcp tcp-flags=syn,!ak",
			[]string{`t.rsc:1:62: property "tcp-flags" in /ip/firewall/filter add: unknown tcp flag "ak"; did you mean "ack"?`}},
		{"bad address-list timeout", "/ip firewall filter add chain=forward action=add-src-to-address-list address-list=x address-list-timeout=1x",
			[]string{`t.rsc:1:106: property "address-list-timeout" in /ip/firewall/filter add: invalid time "1x" (use a form like 30s, 1m30s, 1d or 00:05:00)`}},
		{"queue tree missing name and parent", "/queue tree add max-limit=10M",
			[]string{`t.rsc:1:1: missing property "name" in /queue/tree add`, `t.rsc:1:1: missing property "parent" in /queue/tree add`}},
		{"queue tree bad values", "/queue tree add name=q parent=ether1 priority=9 max-limit=10Mbps bucket-size=11 disabled=on",
			[]string{
				`t.rsc:1:47: property "priority" in /queue/tree add: 9 is out of range 1..8`,
				`t.rsc:1:59: property "max-limit" in /queue/tree add: invalid rate "10Mbps" (use bits per second, optionally with k, M or G: 512k, 10M)`,
				`t.rsc:1:78: property "bucket-size" in /queue/tree add: 11 is out of range 0..10`,
				`t.rsc:1:90: property "disabled" in /queue/tree add: invalid boolean "on" (use yes or no)`,
			}},
		{"queue tree own parent", "/queue tree add name=q parent=q",
			[]string{`t.rsc:1:31: property "parent" in /queue/tree add: queue "q" cannot be its own parent`}},
		{"queue tree duplicate name", "/queue tree\nadd name=voip parent=ether1\nadd name=voip parent=ether1",
			[]string{`t.rsc:3:10: duplicate name "voip" in /queue/tree (first used at 2:10)`}},
		{"queue tree hint", "/queue tree add name=q parent=ether1 packet-marks=voip",
			[]string{`t.rsc:1:38: unknown property "packet-marks" in /queue/tree add (queue trees take packet-mark (a comma list); packet-marks is a /queue/simple property)`}},
		{"queue type kind", "/queue type add name=t kind=fq_codel",
			[]string{`t.rsc:1:29: property "kind" in /queue/type add: unknown queue kind "fq_codel"; did you mean "fq-codel"?`}},
		{"simple queue pair", "/queue simple add target=10.0.0.0/24 max-limit=5M/20x",
			[]string{`t.rsc:1:48: property "max-limit" in /queue/simple add: invalid rate "20x" (use bits per second, optionally with k, M or G: 512k, 10M)`}},
		{"address list needs address", "/ip firewall address-list add list=x",
			[]string{`t.rsc:1:1: missing property "address" in /ip/firewall/address-list add`}},
		{"errors are reported at the value after a wrap", "/ip firewall filter\nadd chain=forward action=\\\n    acept",
			[]string{`t.rsc:3:5: property "action" in /ip/firewall/filter add: unknown action "acept"; did you mean "accept"?`}},
		{"all errors at once, in order", "/ip firewall filter\nadd chain=forward action=acept\nset 0\n/ip firewal mangle\nadd x=1\n/queue tree add name=q\n" +
			"/queue tree add name=a parent=ether1\n/queue tree add name=a parent=ether1",
			[]string{
				`t.rsc:2:26: property "action" in /ip/firewall/filter add: unknown action "acept"; did you mean "accept"?`,
				`t.rsc:3:5: /ip/firewall/filter set: nothing to set after the item`,
				`t.rsc:4:1: unknown menu "/ip/firewal/mangle"; did you mean "/ip/firewall/mangle"?`,
				`t.rsc:6:1: missing property "parent" in /queue/tree add`,
				`t.rsc:8:22: duplicate name "a" in /queue/tree (first used at 7:22)`,
			}},
		{"lexer and parser errors together", "/ip firewall filter add chain=\"x\n/ip firewall filter add chain=forward action=dorp",
			[]string{
				`t.rsc:1:33: newline in quoted string (a line that continues inside a string must end with a backslash)`,
				`t.rsc:2:46: property "action" in /ip/firewall/filter add: unknown action "dorp"; did you mean "drop"?`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseRSC("t.rsc", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; items %q", flat(c.Items))
			}
			if c != nil {
				t.Errorf("config returned along with an error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestErrorsIsInvalid(t *testing.T) {
	_, err := ParseRSC("t.rsc", []byte("/ip firewall filter add chain=forward action=acept"))
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(*Error) failed")
	}
	if !errors.Is(e, ErrInvalid) {
		t.Errorf("errors.Is(*Error, ErrInvalid) = false")
	}
	if e.Item != "/ip/firewall/filter add" || e.File != "t.rsc" || e.Line != 1 || e.Col != 46 {
		t.Errorf("error fields %+v", *e)
	}
	_, err = ParseRSC("t.rsc", []byte("/ip firewall filter\nset 0 disabled=yes"))
	if !errors.As(err, &e) || e.Item != "/ip/firewall/filter set" {
		t.Errorf("command error names item %q", e.Item)
	}
	// Reading the file is not an invalid config.
	_, err = ParseFile(filepath.Join(t.TempDir(), "missing.rsc"))
	if err == nil || errors.Is(err, ErrInvalid) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ParseFile of a missing file: %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.rsc", Line: 3, Col: 7, Msg: "m"}, "a.rsc:3:7: m"},
		{Error{File: "a.rsc", Line: 3, Msg: "m"}, "a.rsc:3: m"},
		{Error{File: "a.rsc", Msg: "m"}, "a.rsc: m"},
		{Error{Line: 3, Col: 7, Msg: "m"}, "3:7: m"},
		{Error{Msg: "m"}, "m"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.e, got, tt.want)
		}
	}
	list := ErrorList{{Line: 1, Msg: "a"}, {Line: 2, Msg: "b"}}
	if got := list.Error(); got != "1: a\n2: b" {
		t.Errorf("ErrorList.Error() = %q", got)
	}
}

func TestParseExports(t *testing.T) {
	tests := []struct {
		file    string
		version string
		menus   map[string]int
		notices int
	}{
		{"testdata/v6.rsc", "6.48.6", map[string]int{MenuFilter: 10, MenuMangle: 5, MenuNAT: 1, MenuQueueTree: 4, MenuQueueType: 1, MenuAddressList: 2, MenuInterfaceList: 2, MenuInterfaceListMember: 2, MenuService: 2, MenuDHCPClient: 1}, 10},
		{"testdata/v7.rsc", "7.14.2", map[string]int{MenuFilter: 12, MenuMangle: 7, MenuNAT: 1, MenuQueueTree: 4, MenuQueueType: 1, MenuQueueSimple: 1, MenuInterfaceList: 2, MenuInterfaceListMember: 2, MenuDHCPClient: 1, MenuDHCPServer: 1, MenuPool: 1}, 13},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c, err := ParseFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if c.RouterOSVersion != tt.version {
				t.Errorf("version %q, want %q", c.RouterOSVersion, tt.version)
			}
			got := map[string]int{}
			for _, it := range c.Items {
				got[it.Menu]++
			}
			if !reflect.DeepEqual(got, tt.menus) {
				t.Errorf("items per menu %v, want %v", got, tt.menus)
			}
			if len(c.Notices) != tt.notices {
				t.Errorf("%d notices, want %d:\n%v", len(c.Notices), tt.notices, c.Notices)
			}
			for _, n := range c.Notices {
				if !strings.HasPrefix(n.Msg, "ignored: ") {
					t.Errorf("unexpected notice %s", n)
				}
			}
			// Every firewall item and queue decodes.
			for _, it := range c.Items {
				var err error
				switch it.Menu {
				case MenuFilter, MenuMangle, MenuNAT:
					_, err = DecodeRule(it)
				case MenuQueueTree:
					_, err = DecodeQueueTree(it)
				}
				if err != nil {
					t.Errorf("decode %s at line %d: %v", it.Menu, it.Line, err)
				}
			}
		})
	}
}

func TestConfigHelpers(t *testing.T) {
	c := mustParse(t, "/queue tree add name=a parent=ether1\n/ip firewall filter add chain=input\n/queue tree add name=b parent=a")
	if got := flat(c.Menu("/queue tree")); !reflect.DeepEqual(got, []string{"/queue/tree name=a parent=ether1", "/queue/tree name=b parent=a"}) {
		t.Errorf("Menu: %q", got)
	}
	if got := len(c.Menu(MenuMangle)); got != 0 {
		t.Errorf("Menu(mangle) has %d items", got)
	}

	d := c.Clone()
	d.Items[0].Set("max-limit", "10M")
	d.Items[0].Set("name", "z")
	d.Items = d.Items[:1]
	if got := flat(c.Items); len(got) != 3 || got[0] != "/queue/tree name=a parent=ether1" {
		t.Errorf("Clone shares state: original is now %q", got)
	}
	if got := flat(d.Items); !reflect.DeepEqual(got, []string{"/queue/tree name=z parent=ether1 max-limit=10M"}) {
		t.Errorf("clone %q", got)
	}
	if v, ok := d.Items[0].Get("max-limit"); !ok || v != "10M" {
		t.Errorf("Get = %q, %v", v, ok)
	}
	if _, ok := d.Items[0].Get("priority"); ok {
		t.Errorf("Get of a missing property reports it present")
	}

	for in, want := range map[string]string{
		"/ip firewall filter": "/ip/firewall/filter", "/ip/firewall/filter": "/ip/firewall/filter",
		"ip firewall/filter": "/ip/firewall/filter", "/": "/", "": "/", "/queue//tree/": "/queue/tree",
	} {
		if got := CanonicalMenu(in); got != want {
			t.Errorf("CanonicalMenu(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNoticeKinds checks that notices carry the kind and menu callers
// branch on (lint leaves out ignored and read-only commands; deploy
// recognises the settings it applies by menu).
func TestNoticeKinds(t *testing.T) {
	src := "/system identity set name=r1\n/ip firewall filter print\n:log info hello\n" +
		"/ip firewall filter add chain=foward action=drop\n/routing table add name=x fib\n"
	c, err := ParseRSC("t.rsc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	type kv struct {
		line int
		kind NoticeKind
		menu string
	}
	var got []kv
	for _, n := range c.Notices {
		got = append(got, kv{n.Line, n.Kind, n.Menu})
	}
	want := []kv{{1, NoticeIgnored, "/system/identity"}, {2, NoticeReadOnly, "/ip/firewall/filter"},
		{3, NoticeScripting, ""}, {4, NoticeMistake, ""}, {5, NoticeIgnored, "/routing/table"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notices %+v\nwant %+v", got, want)
	}
}

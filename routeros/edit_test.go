package routeros

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseEdits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"set by find", "/queue tree\nadd name=up parent=ether1 max-limit=9M\nadd name=v parent=up packet-mark=voip\nset [find name=up] max-limit=5M",
			[]string{"/queue/tree name=up parent=ether1 max-limit=5M", "/queue/tree name=v parent=up packet-mark=voip"}},
		{"set by name", "/queue tree\nadd name=up parent=ether1\nset up max-limit=5M priority=1",
			[]string{"/queue/tree name=up parent=ether1 max-limit=5M priority=1"}},
		{"set by quoted name", "/queue tree\nadd name=\"my q\" parent=ether1\nset \"my q\" max-limit=5M",
			[]string{"/queue/tree name=my q parent=ether1 max-limit=5M"}},
		{"set by number list", "/ip firewall filter\nadd chain=input\nadd chain=forward\nadd chain=output\nset 0,2 action=drop",
			[]string{"/ip/firewall/filter chain=input action=drop", "/ip/firewall/filter chain=forward", "/ip/firewall/filter chain=output action=drop"}},
		{"find matches several, quoted value", "/ip firewall filter\nadd chain=input comment=\"a b\"\nadd chain=forward comment=\"a b\"\nadd chain=forward\nset [ find comment=\"a b\" ] disabled=yes",
			[]string{"/ip/firewall/filter chain=input comment=a b disabled=yes", "/ip/firewall/filter chain=forward comment=a b disabled=yes", "/ip/firewall/filter chain=forward"}},
		{"find with several conditions", "/ip firewall filter\nadd chain=input action=drop\nadd chain=forward action=drop\nremove [find chain=forward action=drop]",
			[]string{"/ip/firewall/filter chain=input action=drop"}},
		{"remove by comment", "/ip firewall mangle\nadd chain=forward comment=old\nadd chain=forward comment=new\nremove [find comment=\"old\"]",
			[]string{"/ip/firewall/mangle chain=forward comment=new"}},
		{"remove everything", "/ip firewall filter\nadd chain=input\nadd chain=forward\nremove [find]",
			nil},
		{"find disabled flag", "/ip firewall filter\nadd chain=input disabled=yes\nadd chain=forward\nenable [find disabled]",
			[]string{"/ip/firewall/filter chain=input disabled=no", "/ip/firewall/filter chain=forward"}},
		{"disable by number then unset", "/ip firewall filter\nadd chain=input action=drop\ndisable 0\nset 0 !action",
			[]string{"/ip/firewall/filter chain=input disabled=yes"}},
		{"later adds renumber", "/ip firewall filter\nadd chain=input\nremove 0\nadd chain=forward\nset 0 action=drop",
			[]string{"/ip/firewall/filter chain=forward action=drop"}},
		{"v7 one-line form with find", "/ip/firewall/filter/add chain=forward\n/ip/firewall/filter/set [find chain=forward] action=drop",
			[]string{"/ip/firewall/filter chain=forward action=drop"}},
		{"find spanning a continuation line", "/ip firewall filter\nadd chain=forward comment=x\nset [ find \\\n    comment=x ] action=drop",
			[]string{"/ip/firewall/filter chain=forward comment=x action=drop"}},
		{"other menus untouched", "/ip firewall filter add chain=forward comment=x\n/ip firewall mangle add chain=forward comment=x\n/ip firewall mangle remove [find comment=x]",
			[]string{"/ip/firewall/filter chain=forward comment=x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.src)
			if got := flat(c.Items); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			checkRoundTrip(t, c)
		})
	}
}

func TestParseEditNoMatchNotice(t *testing.T) {
	c := mustParse(t, "/ip firewall filter\nadd chain=input\nremove [find comment=\"old\"]\n")
	if len(c.Items) != 1 || len(c.Notices) != 1 {
		t.Fatalf("items %q notices %v", flat(c.Items), c.Notices)
	}
	if got, want := c.Notices[0].String(), `t.rsc:3: /ip/firewall/filter remove [find comment="old"] matches no item the script created in /ip/firewall/filter; nothing changed`; got != want {
		t.Errorf("notice %q\nwant   %q", got, want)
	}
}

func TestParseEditErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"no item", "/ip firewall filter\nset disabled=yes",
			[]string{`t.rsc:2:5: /ip/firewall/filter set needs an item before "disabled=yes": [find k=v ...], a print number or a name`}},
		{"nothing to set", "/ip firewall filter\nset",
			[]string{`t.rsc:2:1: /ip/firewall/filter set needs an item: [find k=v ...], a print number or a name`}},
		{"internal id", "/ip firewall filter\nadd chain=input\nset *1 disabled=yes",
			[]string{`t.rsc:3:5: internal id *1 in /ip/firewall/filter set: ids depend on the router; refer to the item with [find k=v ...] instead`}},
		{"number out of range", "/ip firewall filter\nadd chain=input\nremove 1",
			[]string{`t.rsc:3:8: no item number 1 in /ip/firewall/filter: the script has created 1 item(s) there so far (numbers count from 0 over this script's items)`}},
		{"name in unnamed menu", "/ip firewall filter\nadd chain=input\nset x action=drop",
			[]string{`t.rsc:3:5: unexpected item "x" in /ip/firewall/filter set: items of /ip/firewall/filter have no name (use [find k=v ...] or a print number)`}},
		{"unknown name", "/queue tree\nadd name=a parent=ether1\nset b max-limit=1M",
			[]string{`t.rsc:3:5: no item named "b" in /queue/tree`}},
		{"find where", "/ip firewall filter\nadd chain=input\nset [find where chain=input] action=drop",
			[]string{`t.rsc:3:11: [find where ...] is not supported in this version; write [find k=v ...]`}},
		{"not find", "/ip firewall filter\nadd chain=input\nset [print] action=drop",
			[]string{`t.rsc:3:6: unsupported expression "[print]" in /ip/firewall/filter set: only [find k=v ...] selects items`}},
		{"find with regexp", "/ip firewall filter\nadd chain=input\nremove [find comment~\"x\"]",
			[]string{`t.rsc:3:14: unsupported find condition "comment~x" in /ip/firewall/filter remove (only k=v and the flags disabled, dynamic)`}},
		{"invalid value after set", "/ip firewall filter\nadd chain=input\nset 0 action=acept",
			[]string{`t.rsc:3:14: property "action" in /ip/firewall/filter add: unknown action "acept"; did you mean "accept"?`}},
		{"unknown property in set", "/queue tree\nadd name=a parent=ether1\nset a max-limt=1M",
			[]string{`t.rsc:3:7: unknown property "max-limt" in /queue/tree add; did you mean "max-limit"?`}},
		{"argument after remove", "/ip firewall filter\nadd chain=input\nremove 0 chain=x",
			[]string{`t.rsc:3:10: unexpected argument "chain=x" after the item of /ip/firewall/filter remove`}},
		{"rename to a duplicate", "/queue tree\nadd name=a parent=ether1\nadd name=b parent=ether1\nset b name=a",
			[]string{`t.rsc:4:12: duplicate name "a" in /queue/tree (first used at 2:10)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseRSC("t.rsc", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; items %q", flat(c.Items))
			}
			if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseSettings(t *testing.T) {
	src := "/ip settings set allow-fast-path=no\n/system identity set name=\"lab router\"\n/ip settings set route-cache=no allow-fast-path=yes\n" +
		"/system clock set time-zone-name=UTC\n/interface ethernet set [ find default-name=ether1 ] name=wan\n"
	c := mustParse(t, src)
	if got, want := flat(c.Settings), []string{"/ip/settings allow-fast-path=yes route-cache=no", "/system/identity name=lab router"}; !reflect.DeepEqual(got, want) {
		t.Errorf("settings %q, want %q", got, want)
	}
	if len(c.Items) != 0 {
		t.Errorf("items %q", flat(c.Items))
	}
	if len(c.Notices) != 5 {
		t.Errorf("want every line noted as ignored by the embedded router, got %v", c.Notices)
	}
	d := c.Clone()
	d.Settings[0].Set("route-cache", "yes")
	if v, _ := c.Settings[0].Get("route-cache"); v != "no" {
		t.Error("Clone shares settings")
	}
}

// TestEditsGolden parses a script whose later lines edit earlier items and
// compares the final items, settings and notices with a golden file.
func TestEditsGolden(t *testing.T) {
	c, err := ParseFile("testdata/edits.rsc")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# items\n")
	for _, s := range flat(c.Items) {
		b.WriteString(s + "\n")
	}
	b.WriteString("# settings\n")
	for _, s := range flat(c.Settings) {
		b.WriteString(s + "\n")
	}
	b.WriteString("# notices\n")
	for _, n := range c.Notices {
		b.WriteString(n.String() + "\n")
	}
	got := b.String()
	const golden = "testdata/edits.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (go test -update if intended):\n%s", golden, got)
	}
}

package routeros

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestTerminalRejectsCommandsAlone(t *testing.T) {
	src := `/ip firewall filter
set [find default-forward=yes] action=accept
add chain=input action=acept
add chain=input action=drop
/queue tree
add name=root parent=ether1 max-limit=10M
add name=voip parent=root packet-marks=voip
add name=child parent=voip packet-mark=voip
add name=root parent=ether1
add name=web parent=root packet-mark=web
set web max-limit=5M priority=9
set web max-limit=5M
set nosuch max-limit=1M
/ip firewal mangle
add chain=forward action=accept
/ip firewall mangle
add chain=forward action=accept "x
add chain=forward action=accept
`
	if _, err := ParseRSC("t.rsc", []byte(src)); err == nil || !errors.Is(err, ErrInvalid) {
		t.Fatalf("strict parse: %v, want an error", err)
	}
	c, err := ParseRSCOptions("t.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	got := flat(c.Items)
	want := []string{
		"/ip/firewall/filter chain=input action=drop",
		"/queue/tree name=root parent=ether1 max-limit=10M",
		"/queue/tree name=web parent=root packet-mark=web max-limit=5M",
		"/ip/firewall/mangle chain=forward action=accept",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items\n%q, want\n%q", got, want)
	}
	var rej []string
	for _, e := range c.Rejected {
		rej = append(rej, e.Error())
	}
	wantRej := []string{
		`t.rsc:2:11: unknown property "default-forward" in [find ...] of /ip/firewall/filter set`,
		`t.rsc:3:24: property "action" in /ip/firewall/filter add: unknown action "acept"; did you mean "accept"?`,
		`t.rsc:7:27: unknown property "packet-marks" in /queue/tree add (queue trees take packet-mark (a comma list); packet-marks is a /queue/simple property)`,
		// Depends on the rejected voip: the router has no such parent.
		`t.rsc:8:23: property "parent" in /queue/tree: "voip" does not exist: its add at line 7 was rejected`,
		`t.rsc:9:10: duplicate name "root" in /queue/tree (first used at 6:10)`,
		`t.rsc:11:31: property "priority" in /queue/tree add: 9 is out of range 1..8`,
		`t.rsc:13:5: no item named "nosuch" in /queue/tree`,
		`t.rsc:14:1: unknown menu "/ip/firewal/mangle"; did you mean "/ip/firewall/mangle"?`,
		`t.rsc:15:1: unknown menu "/ip/firewal/mangle" (the path line 14)`,
		`t.rsc:17:35: newline in quoted string (a line that continues inside a string must end with a backslash)`,
	}
	if !reflect.DeepEqual(rej, wantRej) {
		t.Errorf("rejected\n%s\nwant\n%s", strings.Join(rej, "\n"), strings.Join(wantRej, "\n"))
	}
}

// A set that breaks a name only later (rename onto an existing name) is
// rejected, and the item keeps its earlier state.
func TestTerminalRenameClash(t *testing.T) {
	src := "/queue tree\nadd name=a parent=ether1\nadd name=b parent=ether1\nset b name=a max-limit=1M\n"
	c, err := ParseRSCOptions("t.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := flat(c.Items); !reflect.DeepEqual(got, []string{"/queue/tree name=a parent=ether1", "/queue/tree name=b parent=ether1"}) {
		t.Errorf("items %q", got)
	}
	if len(c.Rejected) != 1 || c.Rejected[0].Line != 4 || !strings.Contains(c.Rejected[0].Msg, `duplicate name "a"`) {
		t.Errorf("rejected %v", c.Rejected)
	}
}

// A rejected edit leaves no trace: not in the items, the settings, nor the
// notices it would have added.
func TestTerminalUndoesEverything(t *testing.T) {
	src := `/ip firewall filter
add chain=forward action=accept comment=one
set [find comment=nothing] action=drop bogus=1
set 0 action=drop bogus=1
/ip service set ssh,telnetx port=2
/ip service set ssh port=2222
`
	c, err := ParseRSCOptions("t.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/ip/firewall/filter chain=forward action=accept comment=one", "/ip/service name=ssh port=2222"}
	if got := flat(c.Items); !reflect.DeepEqual(got, want) {
		t.Errorf("items %q, want %q", got, want)
	}
	if len(c.Notices) != 0 {
		t.Errorf("notices of rejected commands kept: %v", c.Notices)
	}
	if len(c.Rejected) != 3 {
		t.Errorf("rejected %v", c.Rejected)
	}
	// Strict mode on a clean script is unchanged by the option.
	clean := "/ip firewall filter add chain=forward action=accept\n/queue tree add name=a parent=ether1\n"
	a, err1 := ParseRSC("t.rsc", []byte(clean))
	b, err2 := ParseRSCOptions("t.rsc", []byte(clean), ParseOptions{Terminal: true})
	if err1 != nil || err2 != nil || !reflect.DeepEqual(flat(a.Items), flat(b.Items)) || len(b.Rejected) != 0 {
		t.Errorf("clean script: %v %v %q %q", err1, err2, flat(a.Items), flat(b.Items))
	}
}

func TestIgnoredItems(t *testing.T) {
	src := `/ip address add address=192.168.88.1/24 interface=ether2 comment="lan"
/ip dhcp-relay add interface=ether1 disabled=no
/ip route add dst-address=0.0.0.0/0 gateway=203.0.113.1
/ip dns set servers=1.1.1.1,8.8.8.8 allow-remote-requests=yes
/interface ethernet set [find default-name=ether1] name=wan
/ip address add address=$addr interface=ether2
/ip address add bad
/system identity set name=r1
/ip address print
`
	c, err := ParseRSC("t.rsc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/ip/address address=192.168.88.1/24 interface=ether2 comment=lan",
		"/ip/dhcp-relay interface=ether1 disabled=no",
		"/ip/route dst-address=0.0.0.0/0 gateway=203.0.113.1",
		"/ip/dns servers=1.1.1.1,8.8.8.8 allow-remote-requests=yes",
		"/system/identity name=r1",
	}
	if got := flat(c.Ignored); !reflect.DeepEqual(got, want) {
		t.Errorf("ignored\n%q, want\n%q", got, want)
	}
	if it := c.Ignored[2]; it.File != "t.rsc" || it.Line != 3 || it.Col != 1 {
		t.Errorf("position %s:%d:%d", it.File, it.Line, it.Col)
	}
	if len(c.Items) != 0 {
		t.Errorf("items %q", flat(c.Items))
	}
	if len(c.Notices) != 9 {
		t.Errorf("%d notices, want one per line:\n%v", len(c.Notices), c.Notices)
	}
	if len(c.Settings) != 1 {
		t.Errorf("settings %q", flat(c.Settings))
	}
}

func TestHarmlessCommandsAreNotices(t *testing.T) {
	src := `/ip firewall filter print
/queue tree print detail
/export file=backup
/system backup save name=initial-config
/system scheduler add name=daily interval=1d on-event=daily start-time=03:00:00
/system script
add name=daily_config_backup owner=admin policy=write source={
    :local backup_file_name ("router_config_backup_" . [/system clock get date format=yyyy-MM-dd])
    /export file=$backup_file_name
    /log info ("RouterOS config backed up to file: " . $backup_file_name)
}
/system package update check-for-updates
/system package update download
/log info "done"
/system package update check
:log info "done"
:local x 5
:put "hello"
`
	c, err := ParseRSC("t.rsc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.Notices {
		got = append(got, n.String())
	}
	want := []string{
		"t.rsc:1: print: shows state, changes nothing (/ip/firewall/filter)",
		"t.rsc:2: print: shows state, changes nothing (/queue/tree)",
		"t.rsc:3: export: writes the configuration out, changes nothing (/)",
		"t.rsc:4: ignored: /system/backup/save does not affect the packet path in this version",
		"t.rsc:5: ignored: /system/scheduler is scripting: scripts are not run by qosbench",
		"t.rsc:7: ignored: /system/script is scripting: scripts are not run by qosbench",
		"t.rsc:12: ignored: /system/package/update check-for-updates does not affect the packet path in this version",
		"t.rsc:13: ignored: /system/package/update download does not affect the packet path in this version",
		"t.rsc:14: ignored: /log/info does not affect the packet path in this version",
		"t.rsc:15: ignored: /system/package/update check does not affect the packet path in this version",
		"t.rsc:16: :log: scripting is not run by qosbench; the line changes no configuration",
		"t.rsc:17: :local: scripting is not run by qosbench; the line changes no configuration",
		"t.rsc:18: :put: scripting is not run by qosbench; the line changes no configuration",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notices\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Items) != 0 {
		t.Errorf("items %q", flat(c.Items))
	}
}

// TestDuplicateNameAtAdd: RouterOS refuses a second item of a name when it
// is added, whatever the script does later; strict and Terminal mode agree
// (found by FuzzParseRSC).
func TestDuplicateNameAtAdd(t *testing.T) {
	src := "/queue tree\nadd name=b parent=ether1\nadd name=b parent=ether1\nset b name=c\n"
	if _, err := ParseRSC("t.rsc", []byte(src)); err == nil || !strings.Contains(err.Error(), `t.rsc:3:10: duplicate name "b"`) {
		t.Fatalf("strict: err %v, want the duplicate at 3:10", err)
	}
	c, _ := ParseRSCOptions("t.rsc", []byte(src), ParseOptions{Terminal: true})
	if len(c.Rejected) != 1 || c.Rejected[0].Line != 3 {
		t.Errorf("terminal: rejected %v, want line 3", c.Rejected)
	}
}

// TestNamesAfterEdits checks the duplicate-name check through the edits
// that change which names exist (remove, rename, a rejected command undone),
// in both modes: the name index the check keeps must follow them.
func TestNamesAfterEdits(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // strict-mode errors; Terminal rejects the same lines
	}{
		{"removed name is free again", "/queue tree\nadd name=a parent=ether1\nremove a\nadd name=a parent=ether1", nil},
		{"renamed name is free again", "/queue tree\nadd name=a parent=ether1\nset a name=b\nadd name=a parent=ether1", nil},
		{"rename onto an existing name", "/queue tree\nadd name=a parent=ether1\nadd name=b parent=ether1\nset b name=a",
			[]string{`t.rsc:4:12: duplicate name "a" in /queue/tree (first used at 2:10)`}},
		{"name taken after a rename", "/queue tree\nadd name=a parent=ether1\nset a name=b\nadd name=b parent=ether1",
			[]string{`t.rsc:4:10: duplicate name "b" in /queue/tree (first used at 3:12)`}},
		{"one set renames two items alike", "/queue tree\nadd name=a parent=ether1 comment=x\nadd name=b parent=ether1 comment=x\nset [find comment=x] name=c",
			[]string{`t.rsc:4:27: duplicate name "c" in /queue/tree (first used at 4:27)`}},
		{"far apart among many entries", "/queue simple\nadd name=q target=10.0.0.1/32\n/ip firewall address-list\n" +
			strings.Repeat("add list=l address=10.1.1.1\n", 500) + "/queue simple\nadd name=q target=10.0.0.2/32",
			[]string{`t.rsc:505:10: duplicate name "q" in /queue/simple (first used at 2:10)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRSC("t.rsc", []byte(tc.src))
			var got []string
			var el ErrorList
			if errors.As(err, &el) {
				for _, e := range el {
					got = append(got, e.Error())
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("strict errors\n got %q\nwant %q", got, tc.want)
			}
			c, err := ParseRSCOptions("t.rsc", []byte(tc.src), ParseOptions{Terminal: true})
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for _, e := range c.Rejected {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("terminal rejections\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestTerminalUndoKeepsEarlierItems checks that undoing a rejected command
// restores the items it had replaced or removed before failing: the
// snapshot shares the Config's arrays until a command writes in place.
func TestTerminalUndoKeepsEarlierItems(t *testing.T) {
	src := "/queue tree\nadd name=a parent=ether1 comment=x\nadd name=b parent=ether1 comment=x\n" +
		"set [find comment=x] max-limit=10M priority=99\n" + // b's copy invalid: the whole set is rejected
		"add name=c parent=ether1\nremove [find comment=x]\nadd name=a parent=ether1 max-limit=nonsense\n"
	c, err := ParseRSCOptions("t.rsc", []byte(src), ParseOptions{Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/queue/tree name=c parent=ether1"}
	if got := flat(c.Items); !reflect.DeepEqual(got, want) {
		t.Errorf("items\n got %q\nwant %q", got, want)
	}
	if len(c.Rejected) != 3 {
		t.Errorf("rejected %q, want the set (twice: one error per item) and the last add", c.Rejected)
	}
}

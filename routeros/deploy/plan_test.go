package deploy

import (
	"reflect"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

func TestPlanMenuOrderAndWords(t *testing.T) {
	src := `/interface list add name=LANS
/interface list member add list=LANS interface=ether2
/ip firewall address-list add list=voip-peers address=198.51.100.0/24
/queue type add name=fifo50 kind=pfifo pfifo-limit=50
/queue simple add name=s target=192.168.88.0/24 max-limit=5M/20M queue=fifo50/fifo50
/queue tree add name=t parent=ether1 max-limit=9M
/ip firewall filter add chain=forward in-interface-list=LANS src-address-list=voip-peers action=accept comment="a=b \"q\""
/ip firewall nat add chain=srcnat out-interface=ether1 action=masquerade
/ip settings set allow-fast-path=no
`
	cfg, err := routeros.ParseRSC("p.rsc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(cfg, BuildOptions{Settings: true})
	if err != nil {
		t.Fatal(err)
	}
	// Cleared from the referring menus down to the referred ones (filled
	// the other way round).
	want := []string{"/ip/firewall/filter", "/ip/firewall/nat", "/queue/simple", "/queue/tree",
		"/interface/list/member", "/ip/firewall/address-list", "/queue/type", "/interface/list"}
	if !reflect.DeepEqual(p.Menus, want) {
		t.Errorf("menus %q\nwant  %q", p.Menus, want)
	}
	// Items keep the config's order; values travel verbatim.
	if got := p.Items[6].Words; !reflect.DeepEqual(got, []string{"/ip/firewall/filter/add", "=chain=forward", "=in-interface-list=LANS",
		"=src-address-list=voip-peers", "=action=accept", `=comment=qosbench:a=b "q"`}) {
		t.Errorf("filter words %q", got)
	}
	// RouterOS's queue types have no comment: the tag would be refused.
	if got := p.Items[3].Words; !reflect.DeepEqual(got, []string{"/queue/type/add", "=name=fifo50", "=kind=pfifo", "=pfifo-limit=50"}) {
		t.Errorf("queue type words %q", got)
	}
	if got := p.Items[5].Words; got[len(got)-1] != "=comment=qosbench:" {
		t.Errorf("queue tree words %q: want the comment tag", got)
	}
	if p.Items[6].Item != 6 {
		t.Errorf("item index %d", p.Items[6].Item)
	}
	if got := p.Settings; len(got) != 1 || !reflect.DeepEqual(got[0].Words, []string{"/ip/settings/set", "=allow-fast-path=no"}) {
		t.Errorf("settings %+v", got)
	}
	if p2, _ := Build(cfg, BuildOptions{}); len(p2.Settings) != 0 {
		t.Error("settings without BuildOptions.Settings")
	}
}

// TestPlanSettingsMenus: SettingsMenus keeps only the singleton menus a
// target serves (the embedded router: its identity).
func TestPlanSettingsMenus(t *testing.T) {
	cfg, err := routeros.ParseRSC("s.rsc", []byte("/ip settings set allow-fast-path=no\n/system identity set name=SOHO-Router\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(cfg, BuildOptions{Settings: true, SettingsMenus: []string{"/system/identity"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Settings) != 1 || !reflect.DeepEqual(p.Settings[0].Words, []string{"/system/identity/set", "=name=SOHO-Router"}) {
		t.Errorf("settings %+v, want only the identity", p.Settings)
	}
	if p, _ := Build(cfg, BuildOptions{Settings: true}); len(p.Settings) != 2 {
		t.Errorf("without SettingsMenus: %d settings, want 2", len(p.Settings))
	}
}

// The restore check compares exports exactly: a filter section that comes
// back in another place, or with its rules in another order, is a
// difference (sorting sections before comparing let the first pass).
func TestDiffExportOrder(t *testing.T) {
	before := "# 2026-01-01 by RouterOS 7.16\n/ip firewall address-list\nadd address=10.0.0.1 list=a\n/ip firewall filter\nadd action=accept chain=input\nadd action=drop chain=input\n/ip firewall nat\nadd action=masquerade chain=srcnat\n"
	for name, now := range map[string]string{
		"section moved": "/ip firewall filter\nadd action=accept chain=input\nadd action=drop chain=input\n/ip firewall address-list\nadd address=10.0.0.1 list=a\n/ip firewall nat\nadd action=masquerade chain=srcnat\n",
		"rules swapped": "/ip firewall address-list\nadd address=10.0.0.1 list=a\n/ip firewall filter\nadd action=drop chain=input\nadd action=accept chain=input\n/ip firewall nat\nadd action=masquerade chain=srcnat\n",
		"section split": "/ip firewall address-list\nadd address=10.0.0.1 list=a\n/ip firewall filter\nadd action=accept chain=input\n/ip firewall nat\nadd action=masquerade chain=srcnat\n/ip firewall filter\nadd action=drop chain=input\n",
	} {
		a := &Snapshot{Export: NormalizeExport(before)}
		b := &Snapshot{Export: NormalizeExport(now)}
		if d := Diff(a, b); len(d) == 0 {
			t.Errorf("%s: no difference found", name)
		}
	}
	// Only comments and blank lines are ignored.
	same := "# another date\n\n" + strings.TrimPrefix(before, "# 2026-01-01 by RouterOS 7.16\n")
	if d := Diff(&Snapshot{Export: NormalizeExport(before)}, &Snapshot{Export: NormalizeExport(same)}); len(d) != 0 {
		t.Errorf("same export: %v", d)
	}
}

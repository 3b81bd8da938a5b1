package lint

import (
	"github.com/qosbench/qosbench/routeros"
)

// Interfaces returns the WAN and LAN interface names the checks use for
// cfg with opt: the options' names, else what the config shows, read by
// routeros.InferRoles, the same reading as `qosbench run --config` (one
// inference, so that lint and run never pick different interfaces). why
// says where the WAN name came from ("" when none was found).
func Interfaces(cfg *routeros.Config, opt Options) (wan, lan, why string) {
	l := newLinter(cfg, opt, nil)
	return l.wan, l.lan, l.wanWhy
}

// inferInterfaces sets l.wan, l.lan and l.lists.
func (l *linter) inferInterfaces() {
	l.lists = map[string][]string{}
	members := append(l.cfg.Menu(routeros.MenuInterfaceListMember), l.ignored("/interface/list/member")...)
	for _, it := range members {
		if it.Disabled() {
			continue
		}
		list, _ := it.Get("list")
		iface, _ := it.Get("interface")
		l.lists[list] = append(l.lists[list], iface)
	}
	roles := routeros.InferRoles(l.cfg, l.opt.WAN, l.opt.LAN)
	l.wan, l.lan = roles.WAN, roles.LAN
	switch {
	case l.opt.WAN != "":
		l.wanWhy = "given with --wan"
	case l.wan != "":
		l.wanWhy = roles.WANWhy.String()
	}
}

// ignored returns the items the parser kept of an ignored menu.
func (l *linter) ignored(menu string) []*routeros.Item {
	var out []*routeros.Item
	for _, it := range l.cfg.Ignored {
		if it.Menu == menu {
			out = append(out, it)
		}
	}
	return out
}

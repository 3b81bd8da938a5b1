package lint

import (
	"net/netip"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Interfaces returns the WAN and LAN interface names the checks use for
// cfg with opt: the options' names, else what the config shows (the WAN:
// the out-interface of a masquerade rule, the member of interface list
// "WAN", the interface of a DHCP client; the LAN: the member of interface
// list "LAN", the interface of a private address or a DHCP server). why
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
	l.wan, l.lan = l.opt.WAN, l.opt.LAN
	if l.wan != "" {
		l.wanWhy = "given with --wan"
	}
	if l.wan == "" {
		for _, r := range l.rules["nat"] {
			if r.Disabled || r.Action != "masquerade" {
				continue
			}
			if r.OutInterface != nil && !r.OutInterface.Neg {
				l.wan, l.wanWhy = r.OutInterface.Value, "the out-interface of masquerade "+r.short()
				break
			}
			if r.OutInterfaceList != nil && !r.OutInterfaceList.Neg && len(l.lists[r.OutInterfaceList.Value]) == 1 {
				l.wan = l.lists[r.OutInterfaceList.Value][0]
				l.wanWhy = "the member of out-interface-list " + r.OutInterfaceList.Value + " of masquerade " + r.short()
				break
			}
		}
	}
	if l.wan == "" {
		for name, m := range l.lists {
			if strings.EqualFold(name, "WAN") && len(m) == 1 {
				l.wan, l.wanWhy = m[0], "the member of interface list "+name
			}
		}
	}
	if l.wan == "" {
		for _, it := range l.ignored("/ip/dhcp-client") {
			if iface, ok := it.Get("interface"); ok {
				l.wan, l.wanWhy = iface, "the interface of the DHCP client (line "+itoa(it.Line)+")"
				break
			}
		}
	}
	// What else the config shows (upload queue trees, default-route
	// gateways, catch-all drops, port names such as ether1-gateway): the
	// same reading as `qosbench run --config`.
	var roles routeros.Roles
	if l.wan == "" || l.lan == "" {
		roles = routeros.InferRoles(l.cfg, l.wan, l.lan)
	}
	if l.wan == "" && roles.WAN != "" {
		l.wan, l.wanWhy = roles.WAN, roles.WANWhy.String()
	}
	if l.lan == "" {
		for name, m := range l.lists {
			if strings.EqualFold(name, "LAN") && len(m) == 1 && m[0] != l.wan {
				l.lan = m[0]
			}
		}
	}
	if l.lan == "" {
		for _, it := range l.ignored("/ip/address") {
			a, _ := it.Get("address")
			iface, _ := it.Get("interface")
			if p, err := netip.ParsePrefix(a); err == nil && p.Addr().IsPrivate() && iface != l.wan {
				l.lan = iface
				break
			}
		}
	}
	if l.lan == "" {
		for _, it := range l.ignored("/ip/dhcp-server") {
			if iface, ok := it.Get("interface"); ok && iface != l.wan {
				l.lan = iface
				break
			}
		}
	}
	if l.lan == "" && roles.LAN != "" && roles.LAN != l.wan {
		l.lan = roles.LAN
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

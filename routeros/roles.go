package routeros

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// This file reads what a configuration shows about the router's
// surroundings: which interface faces the ISP (the WAN), which the local
// network (the LAN), and their subnets. A config written for one office
// names its ports and networks in many places besides the firewall (the
// masquerade rule, interface lists, /ip address, the DHCP client, the
// default route); tools that run or judge a config without a scenario
// (qosbench run --config, the linter's "open to the WAN" checks) need the
// same answer and the same reasons, so the inference lives with the model.

// Evidence is one reason to believe something about a config, and where
// the config says it.
type Evidence struct {
	Source string // what shows it, e.g. "masquerade out-interface" or "/ip address 192.168.88.1/24"
	File   string // script it is written in; "" when not from the script
	Line   int    // 1-based line of the command; 0 when not from the script
}

// String formats the evidence as "SOURCE, FILE:LINE" (just SOURCE when it
// has no position).
func (e Evidence) String() string {
	loc := strings.TrimSuffix(location(e.File, e.Line, 0), ": ")
	if loc == "" {
		return e.Source
	}
	return e.Source + ", " + loc
}

// NamedInterface is an interface name the config refers to, and where it
// is first named.
type NamedInterface struct {
	Name string
	File string
	Line int
}

// Roles is what InferRoles found. A zero name or an invalid prefix means
// the config does not show it; each value found comes with its Evidence.
type Roles struct {
	WAN, LAN       string // router interface names
	WANWhy, LANWhy Evidence

	LANSubnet, WANSubnet       netip.Prefix // masked; invalid when not shown
	LANSubnetWhy, WANSubnetWhy Evidence

	// Named lists every interface the config names (rules, lists,
	// addresses, DHCP client, bridges, interface queues), in script order.
	// Bridge ports are left out: on a bridge the bridge itself is the
	// router's L3 interface.
	Named []NamedInterface
}

// InferRoles reads the WAN and LAN interfaces and subnets from cfg (its
// Items and Ignored commands; disabled items count for nothing). wan and
// lan, when not empty, are taken as given (a user's flag knows better than
// any inference) and the rest is inferred around them: the LAN is never
// the WAN, the subnets are those of the given interfaces.
//
// The sources are tried in this order, the first that shows an interface
// wins:
//   - WAN: the out-interface (or out-interface-list members) of a
//     masquerade or src-nat rule; members of the interface list named WAN
//     (RouterOS default configurations); the interface of an /ip
//     dhcp-client; the interface of the default route's gateway; the
//     in-interface of a catch-all drop rule (input or forward, no other
//     matcher); the parent of an upload queue tree; an interface named
//     like a WAN port ("ether1-gateway", "wan", "pppoe-out1"); the only
//     interface besides the LAN the config names.
//   - LAN: an interface with an /ip address (private addresses first)
//     other than the WAN; members of the interface list named LAN; the
//     interface of an /ip dhcp-server; the
//     in-interface of an input or forward accept rule from a private
//     src-address; the in-interface of a forward rule out to the WAN; X
//     of a catch-all drop rule with in-interface=!X; the parent of a
//     download queue tree; a bridge; an interface named like a LAN port
//     ("ether2-master-local"); the only interface besides the WAN the
//     config names.
//   - LAN subnet: the /ip address on the LAN interface; the src-address
//     of a masquerade or src-nat rule; a private src-address of a rule on
//     the LAN in-interface. WAN subnet: the /ip address on the WAN.
func InferRoles(cfg *Config, wan, lan string) Roles {
	x := newRoleIndex(cfg)
	r := Roles{WAN: wan, LAN: lan, Named: x.named}
	if r.WAN == "" {
		r.WAN, r.WANWhy = first(x.wanCandidates(), lan)
	}
	if r.LAN == "" {
		r.LAN, r.LANWhy = first(x.lanCandidates(r.WAN), r.WAN)
	}
	if r.WAN == "" && r.LAN != "" {
		r.WAN, r.WANWhy = first(x.onlyOther(r.LAN, "the only interface besides the LAN the config names"), r.LAN)
	}
	if r.LAN != "" {
		r.LANSubnet, r.LANSubnetWhy = x.lanSubnet(r.LAN)
	}
	if r.WAN != "" {
		r.WANSubnet, r.WANSubnetWhy = x.addressOn(r.WAN)
	}
	return r
}

// candidate is an interface some evidence points at.
type candidate struct {
	name string
	why  Evidence
}

// first returns the first candidate that is not exclude.
func first(cands []candidate, exclude string) (string, Evidence) {
	for _, c := range cands {
		if c.name != "" && c.name != exclude {
			return c.name, c.why
		}
	}
	return "", Evidence{}
}

// roleIndex is the part of a config the inference reads, gathered once.
type roleIndex struct {
	items     []*Item // enabled items and ignored commands, in script order
	named     []NamedInterface
	bridgePts map[string]bool
}

// Menus read from Config.Ignored (their commands are skipped by the
// parser, but still tell where the router sits).
const (
	menuIPAddress    = "/ip/address"
	menuDHCPClient   = "/ip/dhcp-client"
	menuDHCPServer   = "/ip/dhcp-server"
	menuIPRoute      = "/ip/route"
	menuBridge       = "/interface/bridge"
	menuBridgePort   = "/interface/bridge/port"
	menuRoleListItem = MenuInterfaceListMember
)

func newRoleIndex(cfg *Config) *roleIndex {
	x := &roleIndex{bridgePts: map[string]bool{}}
	if cfg == nil {
		return x
	}
	for _, list := range [][]*Item{cfg.Items, cfg.Ignored} {
		for _, it := range list {
			if it.Disabled() {
				continue
			}
			x.items = append(x.items, it)
		}
	}
	sortByLine(x.items)
	seen := map[string]bool{}
	name := func(it *Item, v string) {
		v = strings.TrimPrefix(v, "!")
		if v == "" || seen[v] {
			return
		}
		seen[v] = true
		x.named = append(x.named, NamedInterface{Name: v, File: it.File, Line: it.Line})
	}
	queueNames := map[string]bool{}
	for _, it := range x.items {
		if it.Menu == MenuQueueTree || it.Menu == MenuQueueSimple {
			if n, ok := it.Get("name"); ok {
				queueNames[n] = true
			}
		}
		if it.Menu == menuBridgePort {
			if v, ok := it.Get("interface"); ok {
				x.bridgePts[v] = true
			}
		}
	}
	for _, it := range x.items {
		switch it.Menu {
		case MenuFilter, MenuMangle, MenuNAT, MenuRaw:
			for _, k := range []string{"in-interface", "out-interface"} {
				if v, ok := it.Get(k); ok {
					name(it, v)
				}
			}
		case menuRoleListItem, menuIPAddress, menuDHCPClient:
			if v, ok := it.Get("interface"); ok && !x.bridgePts[v] {
				name(it, v)
			}
		case menuBridge:
			if v, ok := it.Get("name"); ok {
				name(it, v)
			}
		case MenuQueueTree:
			if v, ok := it.Get("parent"); ok && !strings.HasPrefix(v, "global") && !queueNames[v] {
				name(it, v)
			}
		case MenuQueueSimple:
			// target= holds addresses or interface names.
			v, _ := it.Get("target")
			for _, t := range strings.Split(v, ",") {
				if _, err := netip.ParsePrefix(t); err != nil && notAddr(t) {
					name(it, t)
				}
			}
		}
	}
	return x
}

// notAddr reports whether t is not an IP address.
func notAddr(t string) bool {
	_, err := netip.ParseAddr(t)
	return err != nil
}

// sortByLine orders items by line, stably. Ignored commands are kept
// apart from Items by the parser; merged back in line order, "first"
// means first in the script.
func sortByLine(items []*Item) {
	slices.SortStableFunc(items, func(a, b *Item) int { return a.Line - b.Line })
}

func (x *roleIndex) menu(path string) []*Item {
	var out []*Item
	for _, it := range x.items {
		if it.Menu == path {
			out = append(out, it)
		}
	}
	return out
}

func ev(it *Item, format string, args ...any) Evidence {
	return Evidence{Source: fmt.Sprintf(format, args...), File: it.File, Line: it.Line}
}

// positive returns a property's value when it is set and not negated.
func positive(it *Item, key string) (string, bool) {
	v, ok := it.Get(key)
	if !ok || v == "" || strings.HasPrefix(v, "!") {
		return "", false
	}
	return v, true
}

// srcnat lists the masquerade and src-nat rules.
func (x *roleIndex) srcnat() []*Item {
	var out []*Item
	for _, it := range x.menu(MenuNAT) {
		chain, _ := it.Get("chain")
		action, _ := it.Get("action")
		if chain == "srcnat" && (action == "masquerade" || action == "src-nat") {
			out = append(out, it)
		}
	}
	return out
}

// listMembers returns the members of the interface list named list (case
// as RouterOS compares it: exactly; fold is for the conventional WAN/LAN).
func (x *roleIndex) listMembers(list string, fold bool) []*Item {
	var out []*Item
	for _, it := range x.menu(menuRoleListItem) {
		l, _ := it.Get("list")
		if l == list || fold && strings.EqualFold(l, list) {
			out = append(out, it)
		}
	}
	return out
}

var (
	wanNameRE = regexp.MustCompile(`(?i)(gateway|wan|internet|isp|uplink|pppoe-out|lte)`)
	lanNameRE = regexp.MustCompile(`(?i)(local|lan|bridge|master)`)
)

func (x *roleIndex) wanCandidates() []candidate {
	var c []candidate
	for _, it := range x.srcnat() {
		action, _ := it.Get("action")
		if v, ok := positive(it, "out-interface"); ok {
			c = append(c, candidate{v, ev(it, "%s out-interface", action)})
		}
		if l, ok := positive(it, "out-interface-list"); ok {
			for _, m := range x.listMembers(l, false) {
				v, _ := m.Get("interface")
				c = append(c, candidate{v, ev(m, "member of interface list %s, the %s out-interface-list at line %d", l, action, it.Line)})
			}
		}
	}
	for _, m := range x.listMembers("WAN", true) {
		v, _ := m.Get("interface")
		l, _ := m.Get("list")
		c = append(c, candidate{v, ev(m, "member of interface list %s", l)})
	}
	for _, it := range x.menu(menuDHCPClient) {
		if v, ok := it.Get("interface"); ok {
			c = append(c, candidate{v, ev(it, "/ip dhcp-client interface")})
		}
	}
	for _, it := range x.menu(menuIPRoute) {
		if dst, ok := it.Get("dst-address"); ok && dst != "0.0.0.0/0" {
			continue
		}
		gws, _ := it.Get("gateway")
		for _, gw := range strings.Split(gws, ",") {
			if v := x.gatewayInterface(gw); v != "" {
				c = append(c, candidate{v, ev(it, "default route gateway=%s", gw)})
			}
		}
	}
	for _, it := range x.catchAllDrops() {
		if v, ok := positive(it, "in-interface"); ok {
			chain, _ := it.Get("chain")
			action, _ := it.Get("action")
			c = append(c, candidate{v, ev(it, "in-interface of catch-all %s rule chain=%s", action, chain)})
		}
	}
	c = append(c, x.interfaceQueues(upQueueRE, "upload")...)
	for _, n := range x.named {
		if wanNameRE.MatchString(n.Name) {
			c = append(c, candidate{n.Name, Evidence{Source: "interface name " + n.Name, File: n.File, Line: n.Line}})
		}
	}
	return c
}

// catchAllDrops are the input and forward rules that drop or reject every
// new packet of an interface ("add chain=input in-interface=ether1
// action=drop"): a router drops everything only from the side it does not
// trust. Rules with any other matcher (a port, a protocol) say nothing:
// configs drop telnet from the LAN too.
func (x *roleIndex) catchAllDrops() []*Item {
	var out []*Item
	for _, it := range x.menu(MenuFilter) {
		chain, _ := it.Get("chain")
		action, _ := it.Get("action")
		if chain != "input" && chain != "forward" || action != "drop" && action != "reject" {
			continue
		}
		all := true
		for _, p := range it.Props {
			switch p.Key {
			case "chain", "action", "in-interface", "comment", "disabled", "log", "log-prefix", "reject-with", "connection-nat-state":
			case "connection-state":
				all = p.Value == "new" || p.Value == "new,invalid" || p.Value == "invalid,new"
			default:
				all = false
			}
		}
		if all {
			out = append(out, it)
		}
	}
	return out
}

var (
	upQueueRE   = regexp.MustCompile(`(?i)(upload|uplink|outbound|egress|(^|[^a-z])up([^a-z]|$))`)
	downQueueRE = regexp.MustCompile(`(?i)(download|downlink|inbound|ingress|(^|[^a-z])down([^a-z]|$))`)
)

// interfaceQueues are the interfaces of top-level queue trees whose name
// or comment says which way they shape: a queue tree on an interface
// shapes what leaves it, so upload queues sit on the WAN port and download
// queues on the LAN port.
func (x *roleIndex) interfaceQueues(re *regexp.Regexp, way string) []candidate {
	names := map[string]bool{}
	for _, it := range x.menu(MenuQueueTree) {
		if n, ok := it.Get("name"); ok {
			names[n] = true
		}
	}
	var c []candidate
	for _, it := range x.menu(MenuQueueTree) {
		parent, _ := it.Get("parent")
		if parent == "" || strings.HasPrefix(parent, "global") || names[parent] {
			continue
		}
		name, _ := it.Get("name")
		comment, _ := it.Get("comment")
		if re.MatchString(name) || re.MatchString(comment) {
			c = append(c, candidate{parent, ev(it, "parent of %s queue tree %s", way, name)})
		}
	}
	return c
}

// gatewayInterface resolves a route gateway ("ether1", "203.0.113.1",
// "203.0.113.1%ether1") to the interface it leaves through.
func (x *roleIndex) gatewayInterface(gw string) string {
	gw = strings.TrimSpace(gw)
	if _, iface, ok := strings.Cut(gw, "%"); ok {
		return iface
	}
	a, err := netip.ParseAddr(gw)
	if err != nil {
		return gw // an interface name
	}
	for _, it := range x.menu(menuIPAddress) {
		p, ok := addressPrefix(it)
		if ok && p.Masked().Contains(a) {
			v, _ := it.Get("interface")
			return v
		}
	}
	return ""
}

// addressPrefix reads an /ip address item's address (a bare address is a
// /32, as RouterOS stores it).
func addressPrefix(it *Item) (netip.Prefix, bool) {
	v, ok := it.Get("address")
	if !ok {
		return netip.Prefix{}, false
	}
	if !strings.Contains(v, "/") {
		v += "/32"
	}
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, false
	}
	return p, true
}

func (x *roleIndex) lanCandidates(wan string) []candidate {
	var c, public []candidate
	for _, it := range x.menu(menuIPAddress) {
		p, ok := addressPrefix(it)
		v, _ := it.Get("interface")
		if !ok || v == wan {
			continue
		}
		cand := candidate{v, ev(it, "/ip address %s", p)}
		if p.Addr().IsPrivate() {
			c = append(c, cand)
		} else {
			public = append(public, cand)
		}
	}
	c = append(c, public...)
	for _, m := range x.listMembers("LAN", true) {
		v, _ := m.Get("interface")
		l, _ := m.Get("list")
		c = append(c, candidate{v, ev(m, "member of interface list %s", l)})
	}
	for _, it := range x.menu(menuDHCPServer) {
		if v, ok := it.Get("interface"); ok {
			c = append(c, candidate{v, ev(it, "/ip dhcp-server interface")})
		}
	}
	for _, it := range x.menu(MenuFilter) {
		chain, _ := it.Get("chain")
		action, _ := it.Get("action")
		in, ok := positive(it, "in-interface")
		if !ok || action != "accept" || chain != "input" && chain != "forward" {
			continue
		}
		if p, ok := privateSrc(it); ok {
			c = append(c, candidate{in, ev(it, "in-interface of accept rule chain=%s src-address=%s", chain, p)})
		}
	}
	if wan != "" {
		for _, it := range x.menu(MenuFilter) {
			chain, _ := it.Get("chain")
			in, ok := positive(it, "in-interface")
			out, _ := positive(it, "out-interface")
			if ok && chain == "forward" && out == wan {
				c = append(c, candidate{in, ev(it, "in-interface of a forward rule out to the WAN %s", wan)})
			}
		}
	}
	for _, it := range x.menu(menuBridge) {
		if v, ok := it.Get("name"); ok {
			c = append(c, candidate{v, ev(it, "/interface bridge")})
		}
	}
	for _, it := range x.catchAllDrops() {
		if v, ok := it.Get("in-interface"); ok && strings.HasPrefix(v, "!") {
			// "drop everything not from X" (RouterOS default configurations
			// write it with in-interface-list=!LAN).
			chain, _ := it.Get("chain")
			action, _ := it.Get("action")
			c = append(c, candidate{v[1:], ev(it, "in-interface=%s of catch-all %s rule chain=%s", v, action, chain)})
		}
	}
	c = append(c, x.interfaceQueues(downQueueRE, "download")...)
	for _, n := range x.named {
		if lanNameRE.MatchString(n.Name) {
			c = append(c, candidate{n.Name, Evidence{Source: "interface name " + n.Name, File: n.File, Line: n.Line}})
		}
	}
	return append(c, x.onlyOther(wan, "the only interface besides the WAN the config names")...)
}

// onlyOther is the last resort: when the config names exactly one
// interface besides known, that one.
func (x *roleIndex) onlyOther(known, source string) []candidate {
	if known == "" {
		return nil
	}
	var others []NamedInterface
	for _, n := range x.named {
		if n.Name != known {
			others = append(others, n)
		}
	}
	if len(others) != 1 {
		return nil
	}
	return []candidate{{others[0].Name, Evidence{Source: source, File: others[0].File, Line: others[0].Line}}}
}

// privateSrc returns a rule's src-address when it is a private prefix
// (not negated, not a range).
func privateSrc(it *Item) (netip.Prefix, bool) {
	v, ok := positive(it, "src-address")
	if !ok {
		return netip.Prefix{}, false
	}
	m, err := parseAddrMatch(v)
	if err != nil || m.IsRange || !m.Prefix.Addr().IsPrivate() {
		return netip.Prefix{}, false
	}
	return m.Prefix, true
}

// addressOn returns the subnet of the first /ip address on iface.
func (x *roleIndex) addressOn(iface string) (netip.Prefix, Evidence) {
	for _, it := range x.menu(menuIPAddress) {
		p, ok := addressPrefix(it)
		if v, _ := it.Get("interface"); ok && v == iface && p.Bits() < 32 {
			return p.Masked(), ev(it, "/ip address %s on %s", p, iface)
		}
	}
	return netip.Prefix{}, Evidence{}
}

func (x *roleIndex) lanSubnet(lan string) (netip.Prefix, Evidence) {
	if p, why := x.addressOn(lan); p.IsValid() {
		return p, why
	}
	for _, it := range x.srcnat() {
		v, ok := positive(it, "src-address")
		if !ok {
			continue
		}
		m, err := parseAddrMatch(v)
		if err == nil && !m.IsRange && m.Prefix.Bits() < 32 {
			action, _ := it.Get("action")
			return m.Prefix, ev(it, "%s src-address", action)
		}
	}
	for _, it := range x.menu(MenuFilter) {
		if in, _ := positive(it, "in-interface"); in != lan {
			continue
		}
		if p, ok := privateSrc(it); ok && p.Bits() < 32 {
			return p, ev(it, "src-address of a rule on in-interface %s", lan)
		}
	}
	return netip.Prefix{}, Evidence{}
}

// String formats the roles for logs, one "KEY = VALUE (EVIDENCE)" per
// value found.
func (r Roles) String() string {
	var b strings.Builder
	line := func(k, v string, e Evidence) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s (%s)\n", k, v, e)
		}
	}
	line("WAN", r.WAN, r.WANWhy)
	line("LAN", r.LAN, r.LANWhy)
	if r.LANSubnet.IsValid() {
		line("LAN subnet", r.LANSubnet.String(), r.LANSubnetWhy)
	}
	if r.WANSubnet.IsValid() {
		line("WAN subnet", r.WANSubnet.String(), r.WANSubnetWhy)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

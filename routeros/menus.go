package routeros

import (
	"net/netip"
	"slices"
	"strings"
)

// menuKind says what the parser does with the commands of a menu.
type menuKind int

const (
	// menuNode is a path that only leads to other menus ("/ip/firewall").
	menuNode menuKind = iota
	// menuTranslated items are parsed, validated and translated by the
	// embedded router.
	menuTranslated
	// menuIgnored commands are skipped with a Notice.
	menuIgnored
	// menuUnsupported commands are errors: they change the packet path,
	// so skipping them would test a different configuration.
	menuUnsupported
)

// menuEntry is one menu of the registry.
type menuEntry struct {
	path    string
	kind    menuKind
	subtree bool   // the entry also covers every menu below path
	reason  string // why a menu is ignored or unsupported, for messages
	schema  *schema
}

// Reasons given in notices and errors.
const (
	reasonMgmt        = "does not affect the packet path in this version"
	reasonNotModelled = "is not modelled in this version"
	reasonIPv6        = "is not modelled in this version (IPv4 only)"
	reasonScripting   = "is scripting: scripts are not run by qosbench"
)

// menus is the registry of every menu the parser knows. Adding support for a
// menu means adding or changing its entry here (and a schema). Menus below
// a subtree entry need no entry of their own.
var menus = func() map[string]*menuEntry {
	m := map[string]*menuEntry{}
	add := func(e *menuEntry) { m[e.path] = e }

	add(&menuEntry{path: MenuFilter, kind: menuTranslated, schema: firewallSchemas["filter"]})
	add(&menuEntry{path: MenuMangle, kind: menuTranslated, schema: firewallSchemas["mangle"]})
	add(&menuEntry{path: MenuQueueTree, kind: menuTranslated, schema: queueTreeSchema})
	add(&menuEntry{path: MenuNAT, kind: menuTranslated, schema: firewallSchemas["nat"]})
	add(&menuEntry{path: MenuRaw, kind: menuTranslated, schema: firewallSchemas["raw"]})
	add(&menuEntry{path: MenuAddressList, kind: menuTranslated, schema: addressListSchema})
	add(&menuEntry{path: MenuQueueSimple, kind: menuTranslated, schema: queueSimpleSchema})
	add(&menuEntry{path: MenuQueueType, kind: menuTranslated, schema: queueTypeSchema})
	add(&menuEntry{path: MenuInterfaceList, kind: menuTranslated, schema: interfaceListSchema})
	add(&menuEntry{path: MenuInterfaceListMember, kind: menuTranslated, schema: interfaceListMemberSchema})
	// Addressing (dhcp.go): the embedded router runs DHCP clients and
	// servers; the lab serves DHCP to a WAN client and LAN hosts take the
	// router's leases.
	add(&menuEntry{path: MenuDHCPClient, kind: menuTranslated, schema: dhcpClientSchema})
	add(&menuEntry{path: MenuDHCPServer, kind: menuTranslated, schema: dhcpServerSchema})
	add(&menuEntry{path: MenuDHCPServerNetwork, kind: menuTranslated, schema: dhcpNetworkSchema})
	add(&menuEntry{path: MenuPool, kind: menuTranslated, schema: poolSchema})
	for _, p := range []string{"/ip/dhcp-client/option", "/ip/dhcp-server/option", "/ip/dhcp-server/config",
		"/ip/dhcp-server/alert", "/ip/dhcp-server/matcher", "/ip/dhcp-server/vendor-class-id", "/ip/pool/used"} {
		add(&menuEntry{path: p, kind: menuIgnored, subtree: true, reason: reasonMgmt})
	}
	// Static leases would give a host another address than the pool's.
	add(&menuEntry{path: "/ip/dhcp-server/lease", kind: menuIgnored, subtree: true,
		reason: "(static leases) " + reasonNotModelled + ": hosts take dynamic leases from the pool"})
	// Built-in entries edited by name (service.go, user.go). The embedded
	// router models them as management services and logins.
	add(&menuEntry{path: MenuService, kind: menuTranslated, schema: serviceSchema})
	add(&menuEntry{path: MenuUser, kind: menuTranslated, schema: userSchema})
	for _, p := range []string{"/user/group", "/user/aaa", "/user/active", "/user/ssh-keys", "/user/settings"} {
		add(&menuEntry{path: p, kind: menuIgnored, subtree: true, reason: reasonMgmt})
	}
	// Scripts and schedules only run commands: qosbench runs none, and the
	// notice says so plainly instead of the generic reason.
	for _, p := range []string{"/system/script", "/system/scheduler"} {
		add(&menuEntry{path: p, kind: menuIgnored, subtree: true, reason: reasonScripting})
	}

	// Connection-tracking settings change timeouts and TCP window checks;
	// most tuned configs and every verbose export set them, so refusing
	// them would reject those configs. The notice says they are not
	// modelled, and RouterOS's command tree still checks their names.
	add(&menuEntry{path: "/ip/firewall/connection", kind: menuIgnored, subtree: true,
		reason: "(connection-tracking settings) " + reasonNotModelled})
	// `/ip firewall connection tracking set ...`: recorded in
	// Config.Settings; the embedded router applies its timeouts and
	// loose-tcp-tracking (emulator), so the notice says that instead.
	add(&menuEntry{path: MenuConntrack, kind: menuIgnored,
		reason: "is applied by the embedded router for its timeouts and loose-tcp-tracking; the other settings are not modelled"})

	// Management, addressing and layer-2 menus, and definitions used only
	// by matchers that Rule.Unsupported reports: nothing in them changes
	// how the translated rules and queues treat packets. Everything below
	// them is skipped.
	for _, p := range []string{
		"/caps-man", "/certificate", "/console", "/container", "/disk", "/driver", "/dude",
		"/file", "/interface", "/iot", "/lcd", "/log", "/lora", "/mpls", "/partitions",
		"/port", "/ppp", "/radius", "/snmp", "/special-login", "/system", "/tool",
		"/tr069-client", "/user-manager", "/zerotier",
		"/ip/address", "/ip/arp", "/ip/cloud", "/ip/dhcp-relay", "/ip/dns", "/ip/kid-control", "/ip/media",
		"/ip/nat-pmp", "/ip/neighbor", "/ip/proxy", "/ip/smb",
		"/ip/socks", "/ip/ssh", "/ip/tftp", "/ip/traffic-flow", "/ip/upnp", "/ip/accounting",
		"/ip/firewall/calea", "/ip/firewall/layer7-protocol",
	} {
		add(&menuEntry{path: p, kind: menuIgnored, subtree: true, reason: reasonMgmt})
	}
	// These can affect forwarding, but the lab provides its own equivalent
	// (routes, interface queues, kernel IP settings, no NAT helpers) and
	// refusing them would reject almost every real export. The notice says
	// plainly that they are not modelled.
	for _, p := range []string{
		"/ip/route", "/ip/settings", "/ip/ipsec", "/ip/vrf", "/ip/hotspot", "/routing",
		"/queue/interface", "/ip/firewall/service-port",
	} {
		add(&menuEntry{path: p, kind: menuIgnored, subtree: true, reason: reasonNotModelled})
	}
	add(&menuEntry{path: "/ipv6", kind: menuIgnored, subtree: true, reason: reasonIPv6})
	return m
}()

// menuNames lists every registered path and every path leading to one, for
// "did you mean" on unknown menus.
var menuNames = func() []string {
	seen := map[string]bool{}
	for p := range menus {
		for q := p; q != "/"; q = parentMenu(q) {
			seen[q] = true
		}
	}
	return sortedKeys(seen)
}()

// parentMenu returns the menu above path ("/" for top-level menus).
func parentMenu(path string) string {
	i := strings.LastIndexByte(path, '/')
	if i <= 0 {
		return "/"
	}
	return path[:i]
}

// joinMenu appends one word to a menu path.
func joinMenu(path, word string) string {
	if path == "/" {
		return "/" + word
	}
	return path + "/" + word
}

// lookupMenu returns the registry entry governing path: its own entry, the
// nearest subtree entry above it, a node entry for a path leading to
// registered menus, or nil for an unknown path.
func lookupMenu(path string) *menuEntry {
	loadGenerated()
	if e, ok := menus[path]; ok {
		return e
	}
	for q := parentMenu(path); ; q = parentMenu(q) {
		if e, ok := menus[q]; ok && e.subtree {
			return e
		}
		if q == "/" {
			break
		}
	}
	if path == "/" || slices.Contains(menuNames, path) {
		return &menuEntry{path: path, kind: menuNode}
	}
	return treeOnlyMenu(path)
}

// commands are the general RouterOS commands. A word in this set ends a
// path; in menus with items, only "add" is supported in this version.
var commands = []string{
	"add", "comment", "disable", "edit", "enable", "export", "find", "get", "import",
	"monitor", "move", "print", "remove", "reset", "reset-counters", "reset-counters-all",
	"set", "unset",
}

func isCommand(w string) bool { return slices.Contains(commands, w) }

// checkListAddress accepts an address-list entry: an IPv4 address, prefix
// or range, or a DNS name (RouterOS resolves those into dynamic entries).
func checkListAddress(v string) error {
	if strings.HasPrefix(v, "!") {
		return checkAddrOrRange(v)
	}
	if checkAddr(v) == nil {
		return nil
	}
	host := strings.TrimSuffix(v, ".")
	if host != "" && strings.Trim(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") == "" &&
		strings.ContainsAny(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		if _, err := netip.ParseAddr(host); err != nil {
			return nil
		}
	}
	return checkAddr(v) // report the address syntax error
}

// Interface list menus (reference §4.5).
const (
	MenuInterfaceList       = "/interface/list"
	MenuInterfaceListMember = "/interface/list/member"
)

var interfaceListSchema = newSchema(MenuInterfaceList, map[string]check{
	"name":    nonEmpty,
	"include": emptyOr(listOf(nonEmpty)), // verbose exports write include=""
	"exclude": emptyOr(listOf(nonEmpty)),
	"comment": nil,
}, nil, func(it *Item, r *reporter) { r.require("name") })

var interfaceListMemberSchema = newSchema(MenuInterfaceListMember, map[string]check{
	"list":      nonEmpty,
	"interface": nonEmpty,
	"comment":   nil,
	"disabled":  boolean,
}, nil, func(it *Item, r *reporter) {
	// Not "interface": RouterOS exports a member whose interface was
	// removed without it (seen in real v6 exports), and such a member
	// matches nothing.
	r.require("list")
})

var addressListSchema = newSchema(MenuAddressList, map[string]check{
	"list":     nonEmpty,
	"address":  checkListAddress,
	"timeout":  duration,
	"comment":  nil,
	"disabled": boolean,
}, nil, func(it *Item, r *reporter) { r.require("list", "address") })

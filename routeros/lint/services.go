package lint

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// serviceRisk says what an open service gives an attacker.
var serviceRisk = map[string]string{
	"telnet":  "a login prompt with the password sent in clear text",
	"ftp":     "a login with the password sent in clear text, and the router's files",
	"www":     "WebFig, with the password sent in clear text",
	"ssh":     "a login prompt open to password guessing",
	"www-ssl": "WebFig over TLS, open to password guessing",
	"api":     "the API, with the password sent in clear text: full control of the router",
	"winbox":  "WinBox, full control of the router after a password guess",
	"api-ssl": "the API over TLS, full control of the router after a password guess",
}

// services reports management services that a new TCP connection from
// the WAN reaches: enabled, without an address restriction, and no input
// rule that stops the connection (the input chain evaluated for a SYN
// from the WAN interface to the service's port).
func (l *linter) services() {
	lanPrefix := l.lanPrefix()
	var defaults []routeros.Service
	for _, s := range routeros.Services(l.cfg) {
		if s.Disabled || restricted(s.Address) {
			continue
		}
		if l.walk("input", probe{proto: "tcp", dstPort: s.Port, syn: true, toLocal: true}) != accepted {
			continue
		}
		if s.Line == 0 {
			defaults = append(defaults, s) // reported together below
			continue
		}
		l.add(Finding{Severity: Warning, Check: "service-open-to-wan", File: s.File, Line: s.Line,
			Item: "/ip service " + s.Name,
			Message: fmt.Sprintf("service %s (TCP %d) is enabled with no address restriction, and no input rule stops a new connection from %s to it",
				s.Name, s.Port, l.wanName()),
			Effect: fmt.Sprintf("any host on the internet that reaches the router's WAN address opens TCP %d and gets %s", s.Port, risk(s.Name)),
			Fix:    fmt.Sprintf("/ip service set %s address=%s (or /ip service disable %s if it is not used)", s.Name, lanPrefix, s.Name)})
	}
	if len(defaults) == 0 {
		return
	}
	var names, list, effects []string
	for _, s := range defaults {
		names = append(names, s.Name)
		list = append(list, fmt.Sprintf("%s (TCP %d)", s.Name, s.Port))
		effects = append(effects, fmt.Sprintf("%s: %s", s.Name, risk(s.Name)))
	}
	l.add(Finding{Severity: Warning, Check: "service-open-to-wan",
		Item: "/ip service " + strings.Join(names, ","),
		Message: fmt.Sprintf("%s %s %s enabled by default with no address restriction, and no input rule stops a new connection from %s to %s",
			plural(len(defaults), "service", "services"), strings.Join(list, ", "), plural(len(defaults), "is", "are"), l.wanName(), plural(len(defaults), "it", "them")),
		Effect: "any host on the internet that reaches the router's WAN address opens these ports and gets " + strings.Join(effects, "; "),
		Fix:    serviceFix(names, lanPrefix)})
}

// serviceFix disables the clear-text services and restricts the others
// to the LAN.
func serviceFix(names []string, lanPrefix string) string {
	var off, restrict []string
	for _, n := range names {
		switch n {
		case "telnet", "ftp", "www", "api":
			off = append(off, n)
		default:
			restrict = append(restrict, n)
		}
	}
	var fix []string
	if len(off) > 0 {
		fix = append(fix, "/ip service disable "+strings.Join(off, ","))
	}
	if len(restrict) > 0 {
		fix = append(fix, "/ip service set "+strings.Join(restrict, ",")+" address="+lanPrefix)
	}
	return strings.Join(fix, "; ")
}

func risk(name string) string {
	if r := serviceRisk[name]; r != "" {
		return r
	}
	return "the service"
}

// restricted reports whether an address restriction leaves out part of
// the internet (anything but an empty list or one containing 0.0.0.0/0).
func restricted(addrs []netip.Prefix) bool {
	if len(addrs) == 0 {
		return false
	}
	for _, p := range addrs {
		if p.Bits() == 0 {
			return false
		}
	}
	return true
}

// lanPrefix returns the LAN subnet from the config's addresses, or a
// placeholder.
func (l *linter) lanPrefix() string {
	for _, it := range l.ignored("/ip/address") {
		a, _ := it.Get("address")
		iface, _ := it.Get("interface")
		if p, err := netip.ParsePrefix(a); err == nil && p.Addr().IsPrivate() && (l.lan == "" || iface == l.lan) {
			return p.Masked().String()
		}
	}
	return "<LAN subnet, e.g. 192.168.88.0/24>"
}

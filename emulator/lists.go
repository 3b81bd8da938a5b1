package emulator

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// lists holds the address lists (nft named sets) and interface lists of a
// configuration.
type lists struct {
	t       *translator
	addr    map[string]*addrList // by RouterOS list name
	setName map[string]string    // list name -> nft set name
	iface   map[string][]string  // interface list name -> member interfaces
}

type addrList struct {
	name    string
	dynamic bool // written by add-*-to-address-list: an nft dynamic set
	entries []addrEntry
}

type addrEntry struct {
	it      *routeros.Item
	addr    *routeros.AddrMatch
	timeout time.Duration
}

// buildLists reads /ip/firewall/address-list and /interface/list(/member).
func (t *translator) buildLists() *lists {
	l := &lists{t: t, addr: map[string]*addrList{}, setName: map[string]string{}, iface: map[string][]string{}}
	for _, it := range t.cfg.Menu(routeros.MenuAddressList) {
		e, name, ok := t.decodeAddressListEntry(it)
		if !ok {
			continue
		}
		al := l.get(name)
		dup := false
		for _, prev := range al.entries {
			if addrString(prev.addr) == addrString(e.addr) {
				t.errf(it, "address list %q already has %s (line %d); RouterOS refuses a duplicate entry", name, addrString(e.addr), prev.it.Line)
				dup = true
			}
		}
		if !dup {
			al.entries = append(al.entries, e)
		}
	}
	// Lists written by rules are dynamic sets.
	for _, m := range []string{routeros.MenuFilter, routeros.MenuMangle, routeros.MenuNAT, routeros.MenuRaw} {
		for _, it := range t.cfg.Menu(m) {
			a, _ := it.Get("action")
			if a != "add-src-to-address-list" && a != "add-dst-to-address-list" {
				continue
			}
			if it.Disabled() {
				continue
			}
			if name, ok := it.Get("address-list"); ok {
				l.get(name).dynamic = true
			}
		}
	}
	for _, al := range l.addr {
		if !al.dynamic {
			continue
		}
		for _, e := range al.entries {
			if e.addr.IsRange || e.addr.Prefix.Bits() != 32 {
				t.errf(e.it, "address list %q: entry %s is a prefix or range, but rules also add addresses to this list; the embedded router keeps such lists in an nft dynamic set, which holds single addresses only", al.name, addrString(e.addr))
			}
		}
	}
	t.interfaceLists(l)
	return l
}

func (t *translator) decodeAddressListEntry(it *routeros.Item) (addrEntry, string, bool) {
	if it.Disabled() {
		return addrEntry{}, "", false
	}
	name, _ := it.Get("list")
	v, _ := it.Get("address")
	a, err := routeros.ParseAddrMatch(v)
	if err != nil || a.Neg {
		t.errf(it, "address list %q: %q is a DNS name (or not an IPv4 address, prefix or range); the lab has no DNS to resolve it, write the address", name, v)
		return addrEntry{}, "", false
	}
	e := addrEntry{it: it, addr: a}
	if to, ok := it.Get("timeout"); ok {
		d, err := routeros.ParseDuration(to)
		if err != nil {
			t.errf(it, "address list %q: timeout %q: %v", name, to, err)
			return addrEntry{}, "", false
		}
		e.timeout = d
	}
	return e, name, true
}

func (l *lists) get(name string) *addrList {
	al := l.addr[name]
	if al == nil {
		al = &addrList{name: name}
		l.addr[name] = al
	}
	return al
}

// addrSet returns the nft set of a list, creating an empty one for a list
// that has no entries (RouterOS lets rules name such lists; they match
// nothing until an entry is added).
func (l *lists) addrSet(name string) string {
	l.get(name)
	if s, ok := l.setName[name]; ok {
		return s
	}
	base := "al_" + sanitize(name)
	s := base
	for n := 2; l.taken(s); n++ {
		s = base + "_" + strconv.Itoa(n)
	}
	l.setName[name] = s
	return s
}

func (l *lists) taken(s string) bool {
	for _, v := range l.setName {
		if v == s {
			return true
		}
	}
	return false
}

// render declares the sets of every list that a rule uses, and of every
// list in /ip/firewall/address-list (so they can be inspected).
func (l *lists) render() string {
	for name := range l.addr {
		l.addrSet(name)
	}
	names := sortedKeys(l.addr)
	var b strings.Builder
	for _, name := range names {
		al := l.addr[name]
		fmt.Fprintf(&b, "\tset %s {\n\t\ttype ipv4_addr\n", l.setName[name])
		hasTimeout := false
		for _, e := range al.entries {
			hasTimeout = hasTimeout || e.timeout > 0
		}
		switch {
		case al.dynamic:
			b.WriteString("\t\tflags dynamic,timeout\n")
		case hasTimeout:
			b.WriteString("\t\tflags interval,timeout\n")
		default:
			b.WriteString("\t\tflags interval\n\t\tauto-merge\n")
		}
		fmt.Fprintf(&b, "\t\tcomment %q\n", "address-list "+name)
		if len(al.entries) > 0 {
			var els []string
			for _, e := range al.entries {
				s := addrString(e.addr)
				if e.timeout > 0 {
					s += fmt.Sprintf(" timeout %ds", int(e.timeout.Seconds()+0.5))
				}
				els = append(els, s)
			}
			fmt.Fprintf(&b, "\t\telements = { %s }\n", strings.Join(els, ", "))
		}
		b.WriteString("\t}\n")
	}
	return b.String()
}

// interfaceLists resolves /interface/list and its members. Built-in lists:
// all and static hold every router interface, none and dynamic none.
// Members naming an interface the lab router lacks are skipped with a note
// (real exports name bridges and ports the lab does not have).
func (t *translator) interfaceLists(l *lists) {
	all := sortedKeys(t.ifaces)
	l.iface["all"] = all
	l.iface["static"] = all
	l.iface["none"] = nil
	l.iface["dynamic"] = nil
	members := map[string]map[string]bool{}
	type def struct {
		it               *routeros.Item
		include, exclude []string
	}
	defs := map[string]def{}
	var order []string
	for _, it := range t.cfg.Menu(routeros.MenuInterfaceList) {
		name, _ := it.Get("name")
		d := def{it: it}
		if v, ok := it.Get("include"); ok && v != "" { // verbose exports write include=""
			d.include = strings.Split(v, ",")
		}
		if v, ok := it.Get("exclude"); ok && v != "" {
			d.exclude = strings.Split(v, ",")
		}
		if _, dup := defs[name]; dup || l.iface[name] != nil || name == "none" || name == "dynamic" {
			t.errf(it, "interface list %q already exists", name)
			continue
		}
		defs[name] = d
		order = append(order, name)
		members[name] = map[string]bool{}
	}
	for _, it := range t.cfg.Menu(routeros.MenuInterfaceListMember) {
		if it.Disabled() {
			continue
		}
		list, _ := it.Get("list")
		ifn, _ := it.Get("interface")
		if members[list] == nil {
			t.errf(it, "interface list %q does not exist (define it in %s)", list, routeros.MenuInterfaceList)
			continue
		}
		if !t.ifaces[ifn] {
			t.note("%s:%d: interface list %s: member %s is not an interface of the lab router (%s); skipped", t.cfg.Source, it.Line, list, ifn, strings.Join(all, ", "))
			continue
		}
		members[list][ifn] = true
	}
	// include/exclude name other lists; resolve one level (RouterOS does
	// not allow cycles either).
	for _, name := range order {
		d := defs[name]
		set := members[name]
		for _, inc := range d.include {
			src, ok := members[inc]
			if !ok && l.iface[inc] == nil && inc != "none" && inc != "dynamic" {
				t.errf(d.it, "interface list %q: include=%s names no list", name, inc)
				continue
			}
			for x := range src {
				set[x] = true
			}
			for _, x := range l.iface[inc] {
				set[x] = true
			}
		}
		for _, exc := range d.exclude {
			for x := range members[exc] {
				delete(set, x)
			}
			for _, x := range l.iface[exc] {
				delete(set, x)
			}
		}
		var out []string
		for x := range set {
			out = append(out, x)
		}
		sort.Strings(out)
		l.iface[name] = out
	}
}

// ifaces returns the members of an interface list.
func (l *lists) ifaces(name string) ([]string, bool) {
	m, ok := l.iface[name]
	return m, ok
}

package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// itemMenus are the menus whose items form the routeros.Config handed to
// the backend. Items of a menu with a schema in package routeros are
// checked property by property; items of a menu without one are passed on
// and the backend decides.
var itemMenus = []string{
	routeros.MenuFilter, routeros.MenuMangle, routeros.MenuNAT, routeros.MenuRaw,
	routeros.MenuAddressList, routeros.MenuQueueTree, routeros.MenuQueueSimple, routeros.MenuQueueType,
	routeros.MenuInterfaceList, routeros.MenuInterfaceListMember,
	routeros.MenuDHCPClient, routeros.MenuDHCPServer, routeros.MenuDHCPServerNetwork, routeros.MenuPool,
}

// namedMenus are item menus whose items have a unique name that may stand
// for the id.
var namedMenus = []string{routeros.MenuQueueTree, routeros.MenuQueueSimple, routeros.MenuQueueType, routeros.MenuInterfaceList,
	routeros.MenuPool, routeros.MenuDHCPServer}

// entry is one configuration item with its API id.
type entry struct {
	id uint32
	it *routeros.Item
}

// state is the configuration the server holds.
type state struct {
	entries    []entry // all item menus, in config order
	nextID     uint32
	identity   string
	services   []service // /ip/service, ids *1..*8, fixed
	users      []user    // /user
	nextUserID uint32
	settings   []routeros.Prop
	// conntrack holds the /ip/firewall/connection/tracking properties set
	// (the rest are at conntrackDefaults).
	conntrack []routeros.Prop
}

func newState(identity string) *state {
	st := &state{nextID: 1, identity: identity, services: defaultServices(), users: defaultUsers(), nextUserID: 2}
	st.settings = []routeros.Prop{
		{Key: "ip-forward", Value: "yes"}, {Key: "send-redirects", Value: "yes"},
		{Key: "accept-source-route", Value: "no"}, {Key: "accept-redirects", Value: "no"},
		{Key: "secure-redirects", Value: "yes"}, {Key: "rp-filter", Value: "no"},
		{Key: "tcp-syncookies", Value: "no"}, {Key: "max-neighbor-entries", Value: "8192"},
		{Key: "arp-timeout", Value: "30s"}, {Key: "icmp-rate-limit", Value: "10"},
		{Key: "icmp-rate-mask", Value: "0x1818"}, {Key: "allow-fast-path", Value: "yes"},
		{Key: "tcp-timestamps", Value: "random-offset"}, {Key: "route-cache", Value: "yes"},
		{Key: "ipv4-multipath-hash-policy", Value: "l3"}, {Key: "icmp-errors-use-inbound-interface-address", Value: "no"},
	}
	return st
}

// config builds the routeros.Config of entries, with the /ip/settings
// properties that change packets (allow-fast-path) and the connection
// tracking properties set, when given.
func config(entries []entry, settings, conntrack []routeros.Prop) *routeros.Config {
	cfg := &routeros.Config{Source: "api", RouterOSVersion: Version}
	for _, e := range entries {
		cfg.Items = append(cfg.Items, e.it)
	}
	for _, p := range settings {
		if p.Key == "allow-fast-path" && !routeros.IsTrue(p.Value) {
			cfg.Settings = append(cfg.Settings, &routeros.Item{Menu: "/ip/settings", Props: []routeros.Prop{{Key: p.Key, Value: "no"}}})
		}
	}
	if len(conntrack) > 0 {
		cfg.Settings = append(cfg.Settings, &routeros.Item{Menu: routeros.MenuConntrack, Props: slices.Clone(conntrack)})
	}
	return cfg
}

// apiBool renders a yes/no/true/false value the way the API prints it.
func apiBool(v string) string { return routeros.TrueFalse(routeros.IsTrue(v)) }

func formatID(id uint32) string { return "*" + strings.ToUpper(strconv.FormatUint(uint64(id), 16)) }

func parseID(s string) (uint32, bool) {
	h, ok := strings.CutPrefix(s, "*")
	if !ok || h == "" || len(h) > 8 {
		return 0, false
	}
	n, err := strconv.ParseUint(h, 16, 32)
	return uint32(n), err == nil
}

// clone copies an item so that edits do not touch the committed state.
func clone(it *routeros.Item) *routeros.Item {
	c := &routeros.Item{Menu: it.Menu}
	c.Props = slices.Clone(it.Props)
	return c
}

// unset removes property key from it.
func unset(it *routeros.Item, key string) {
	it.Props = slices.DeleteFunc(it.Props, func(p routeros.Prop) bool { return p.Key == key })
}

// targets resolves the =.id= or =numbers= of a request into indexes of
// entries of menu. Several ids may be given separated by commas; named
// menus accept names.
func (st *state) targets(menu string, req *request) ([]int, error) {
	return resolveRefs(req, func(ref string) int { return st.find(menu, ref) })
}

// resolveRefs resolves the =.id= or =numbers= of a request (several refs
// separated by commas) with find, which returns an index or -1; each index
// is given once, in the order first named.
func resolveRefs(req *request, find func(ref string) int) ([]int, error) {
	v, ok := req.attr(".id")
	if !ok {
		v, ok = req.attr("numbers")
	}
	if !ok {
		// `get =number=ether1 =value-name=mtu`: get names its item with
		// number (singular), as the console's get does.
		v, ok = req.attr("number")
	}
	if !ok || v == "" {
		return nil, trapf(1, "missing =.id= or =numbers=")
	}
	var out []int
	for ref := range strings.SplitSeq(v, ",") {
		i := find(ref)
		if i < 0 {
			return nil, trapf(0, "no such item (4)")
		}
		if !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out, nil
}

// find returns the index in entries of the item of menu with id or name
// ref, or -1.
func (st *state) find(menu, ref string) int {
	id, isID := parseID(ref)
	for i, e := range st.entries {
		if e.it.Menu != menu {
			continue
		}
		if isID && e.id == id {
			return i
		}
		if !isID && slices.Contains(namedMenus, menu) {
			if n, _ := e.it.Get("name"); n == ref {
				return i
			}
		}
	}
	return -1
}

// setProps checks and applies =key=value attributes to it. skip lists
// attributes of the command itself (.id, numbers, place-before).
func setProps(it *routeros.Item, req *request, skip ...string) error {
	for _, a := range req.attrs {
		k, v := a[0], a[1]
		if slices.Contains(skip, k) {
			continue
		}
		if routeros.HasItemSchema(it.Menu) {
			if err := routeros.CheckProperty(it.Menu, k, v); err != nil {
				if errors.Is(err, routeros.ErrUnknownProperty) {
					return trapf(1, "unknown parameter %s", k)
				}
				return valueTrap(k, err)
			}
		} else if k == "" || strings.ContainsAny(k, " =") {
			return trapf(1, "unknown parameter %s", k)
		}
		if k == "disabled" {
			v = routeros.YesNo(routeros.IsTrue(v))
		}
		it.Set(k, v)
	}
	return nil
}

// valueTrap phrases a bad value the way RouterOS does.
func valueTrap(key string, err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown ") || strings.HasPrefix(msg, "invalid boolean") {
		return trapf(1, "input does not match any value of %s (%s)", key, msg)
	}
	return trapf(1, "invalid value for argument %s: %s", key, msg)
}

// checkItem runs the item-level checks of the menu's schema and the
// uniqueness of names.
func (st *state) checkItem(entries []entry, self uint32, it *routeros.Item) error {
	if routeros.HasItemSchema(it.Menu) {
		if err := routeros.CheckItem(it); err != nil {
			var el routeros.ErrorList
			if errors.As(err, &el) && len(el) > 0 {
				msgs := make([]string, len(el))
				for i, e := range el {
					msgs[i] = e.Msg
				}
				return trapf(1, "%s", strings.Join(msgs, "; "))
			}
			return trapf(1, "%v", err)
		}
	}
	if slices.Contains(namedMenus, it.Menu) {
		name, _ := it.Get("name")
		for _, e := range entries {
			if e.id != self && e.it.Menu == it.Menu {
				if n, _ := e.it.Get("name"); name != "" && n == name {
					return trapf(1, "failure: already have item with such name (%s)", name)
				}
			}
		}
	}
	return nil
}

// applyIdle is how long the server waits after an edit for the next one
// before it applies the configuration, when the backend can check a
// configuration without applying it (Checker). A deployment's edits then
// cost one application, not one each (every application reloads nft and
// tc: 0.85-2.1 s per deploy before).
const applyIdle = 20 * time.Millisecond

// commit makes entries the server's state when the backend accepts them.
// With a Checker backend the configuration is checked at once (a rejected
// edit is refused as before) and applied in a batch: after applyIdle
// without another edit, or before anything that reads the router's packet
// path (counters, a command other than an item edit or read: see exec),
// whichever comes first. Called with s.mu held.
func (s *Server) commit(ctx context.Context, entries []entry) error {
	if ch, ok := s.cfg.Backend.(Checker); ok {
		if err := ch.Check(config(entries, s.st.settings, s.st.conntrack)); err != nil {
			return s.rejected(err)
		}
		old := s.st.entries
		s.st.entries = entries
		s.notify(old, entries)
		s.dirty = true
		if s.applyTimer == nil {
			s.applyTimer = time.AfterFunc(applyIdle, s.applyIdleNow)
		} else {
			s.applyTimer.Reset(applyIdle)
		}
		return nil
	}
	s.statsAt = time.Time{}
	if err := s.cfg.Backend.Apply(ctx, config(entries, s.st.settings, s.st.conntrack)); err != nil {
		return s.rejected(err)
	}
	old := s.st.entries
	s.st.entries = entries
	s.applied = entries
	s.notify(old, entries)
	return nil
}

// rejected turns a backend's refusal into the trap RouterOS gives.
func (s *Server) rejected(err error) error {
	s.cfg.Log.Info("api: configuration rejected", "err", err)
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	if errors.Is(err, ErrInvalidConfig) {
		return trapf(1, "failure: %s", msg)
	}
	return trapf(4, "failure: %s", msg)
}

// apply applies entries with settings and conntrack at once, with any
// edits still pending: a change of /ip/settings or of connection tracking
// takes effect when it is answered. The caller makes settings and conntrack
// the state when apply succeeds. Called with s.mu held.
func (s *Server) apply(ctx context.Context, entries []entry, settings, conntrack []routeros.Prop) error {
	if s.applyTimer != nil {
		s.applyTimer.Stop()
	}
	s.statsAt = time.Time{}
	if err := s.cfg.Backend.Apply(ctx, config(entries, settings, conntrack)); err != nil {
		return s.rejected(err)
	}
	s.dirty = false
	s.applied = entries
	return nil
}

// flush applies the edits not applied yet. When the backend fails, the
// state goes back to the configuration last applied (which the backend
// keeps in force) and the error is returned. Called with s.mu held.
func (s *Server) flush(ctx context.Context) error {
	if !s.dirty {
		return nil
	}
	s.dirty = false
	if s.applyTimer != nil {
		s.applyTimer.Stop()
	}
	s.statsAt = time.Time{}
	if err := s.cfg.Backend.Apply(ctx, config(s.st.entries, s.st.settings, s.st.conntrack)); err != nil {
		old := s.st.entries
		s.st.entries = s.applied
		s.notify(old, s.applied)
		return s.rejected(fmt.Errorf("the edits since the last commit point were undone: %w", err))
	}
	s.applied = s.st.entries
	return nil
}

// applyIdleNow is the idle timer's flush. Its error, having no command to
// answer, answers the next command of any session.
func (s *Server) applyIdleNow() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.flush(context.Background()); err != nil {
		s.applyErr = err
	}
}

// statsFresh is how long one reading of the counters answers further
// reads: a client reading every menu's counters after a run (a print per
// menu, then /ip/settings) gets one consistent snapshot instead of one
// kernel read per menu. Any application discards it.
const statsFresh = 100 * time.Millisecond

// stats flushes and reads the counters of the configuration in force.
// Called with s.mu held.
func (s *Server) stats(ctx context.Context) (Stats, error) {
	if err := s.flush(ctx); err != nil {
		return Stats{}, err
	}
	if s.statsAt.IsZero() || time.Since(s.statsAt) > statsFresh {
		st, err := s.cfg.Backend.Stats(ctx)
		if err != nil {
			return Stats{}, err
		}
		s.statsCache, s.statsAt = st, time.Now()
	}
	return s.statsCache, nil
}

// itemCmd runs a command on an item menu. Called with s.mu held.
func (s *Server) itemCmd(ctx context.Context, menu, cmd string, req *request) ([]reply, error) {
	st := s.st
	switch cmd {
	case "add":
		it := &routeros.Item{Menu: menu}
		if err := setProps(it, req, "place-before"); err != nil {
			return nil, err
		}
		if err := st.checkItem(st.entries, 0, it); err != nil {
			return nil, err
		}
		id := st.nextID
		e := entry{id: id, it: it}
		entries := slices.Clone(st.entries)
		if pb, ok := req.attr("place-before"); ok {
			i := st.find(menu, pb)
			if i < 0 {
				return nil, trapf(1, "no such item (4)")
			}
			entries = slices.Insert(entries, i, e)
		} else {
			entries = append(entries, e)
		}
		if err := s.commit(ctx, entries); err != nil {
			return nil, err
		}
		st.nextID++
		return []reply{{"!done", "=ret=" + formatID(id)}}, nil
	case "set", "enable", "disable", "unset":
		idx, err := st.targets(menu, req)
		if err != nil {
			return nil, err
		}
		entries := slices.Clone(st.entries)
		for _, i := range idx {
			it := clone(entries[i].it)
			switch cmd {
			case "set":
				err = setProps(it, req, ".id", "numbers")
			case "enable", "disable":
				it.Set("disabled", routeros.YesNo(cmd == "disable"))
			case "unset":
				name, ok := req.attr("value-name")
				if !ok {
					return nil, trapf(1, "missing =value-name=")
				}
				if routeros.HasItemSchema(menu) {
					if err := routeros.CheckProperty(menu, name, ""); errors.Is(err, routeros.ErrUnknownProperty) {
						return nil, trapf(1, "unknown parameter %s", name)
					}
				}
				unset(it, name)
			}
			if err != nil {
				return nil, err
			}
			if err := st.checkItem(entries, entries[i].id, it); err != nil {
				return nil, err
			}
			entries[i] = entry{id: entries[i].id, it: it}
		}
		if err := s.commit(ctx, entries); err != nil {
			return nil, err
		}
		return []reply{{"!done"}}, nil
	case "remove":
		idx, err := st.targets(menu, req)
		if err != nil {
			return nil, err
		}
		var entries []entry
		for i, e := range st.entries {
			if !slices.Contains(idx, i) {
				entries = append(entries, e)
			}
		}
		if err := s.commit(ctx, entries); err != nil {
			return nil, err
		}
		return []reply{{"!done"}}, nil
	case "move":
		return s.move(ctx, menu, req)
	case "print", "getall":
		return s.printItems(ctx, menu, req)
	case "get":
		return s.getItem(ctx, menu, req)
	}
	return nil, trapf(0, "no such command")
}

// move implements `move numbers=A,B destination=C`: the items move, in the
// order given, to just before C, or to the end of the menu without C.
func (s *Server) move(ctx context.Context, menu string, req *request) ([]reply, error) {
	st := s.st
	idx, err := st.targets(menu, req)
	if err != nil {
		return nil, err
	}
	dest := -1
	if d, ok := req.attr("destination"); ok && d != "" {
		if dest = st.find(menu, d); dest < 0 {
			return nil, trapf(0, "no such item (4)")
		}
		if slices.Contains(idx, dest) {
			return []reply{{"!done"}}, nil // moving before itself: nothing changes
		}
	}
	var moved, rest []entry
	for _, i := range idx {
		moved = append(moved, st.entries[i])
	}
	destID := uint32(0)
	if dest >= 0 {
		destID = st.entries[dest].id
	}
	for i, e := range st.entries {
		if !slices.Contains(idx, i) {
			rest = append(rest, e)
		}
	}
	at := len(rest)
	for i, e := range rest {
		if dest >= 0 && e.id == destID {
			at = i
			break
		}
		if dest < 0 && e.it.Menu == menu {
			at = i + 1 // after the last remaining item of the menu
		}
	}
	if dest < 0 && !slices.ContainsFunc(rest, func(e entry) bool { return e.it.Menu == menu }) {
		at = len(rest)
	}
	entries := slices.Insert(slices.Clone(rest), at, moved...)
	if err := s.commit(ctx, entries); err != nil {
		return nil, err
	}
	return []reply{{"!done"}}, nil
}

// counterMenus say which counters an item menu prints.
func counterKeys(menu string) []string {
	switch menu {
	case routeros.MenuFilter, routeros.MenuMangle, routeros.MenuNAT, routeros.MenuRaw:
		return []string{"bytes", "packets"}
	case routeros.MenuQueueTree, routeros.MenuQueueSimple:
		return []string{"bytes", "packets", "dropped", "rate", "packet-rate", "queued-bytes", "queued-packets"}
	}
	return nil
}

// counterValue renders one counter; simple queues print "upload/download".
func counterValue(menu, key string, c ItemStats) string {
	pick := func(d DirStats) uint64 {
		switch key {
		case "bytes":
			return d.Bytes
		case "packets":
			return d.Packets
		case "dropped":
			return d.Dropped
		}
		return 0
	}
	if menu == routeros.MenuQueueSimple {
		var up, down DirStats
		if c.Up != nil {
			up = *c.Up
		}
		if c.Down != nil {
			down = *c.Down
		}
		return strconv.FormatUint(pick(up), 10) + "/" + strconv.FormatUint(pick(down), 10)
	}
	return strconv.FormatUint(pick(DirStats{Packets: c.Packets, Bytes: c.Bytes, Dropped: c.Dropped}), 10)
}

// row is one printed item: ordered properties.
type row []routeros.Prop

func (r row) get(k string) (string, bool) {
	for _, p := range r {
		if p.Key == k {
			return p.Value, true
		}
	}
	return "", false
}

// itemRows renders the items of menu as print shows them.
func (s *Server) itemRows(ctx context.Context, menu string, withStats bool) ([]row, error) {
	var stats Stats
	ck := counterKeys(menu)
	if withStats && len(ck) > 0 {
		var err error
		if stats, err = s.stats(ctx); err != nil {
			var t *trap
			if errors.As(err, &t) {
				return nil, err
			}
			return nil, trapf(4, "failure: reading counters: %v", err)
		}
	}
	dhcp, err := s.dhcpClientRows(ctx, menu)
	if err != nil {
		return nil, err
	}
	var rows []row
	for i, e := range s.st.entries {
		if e.it.Menu != menu {
			continue
		}
		r := row{{Key: ".id", Value: formatID(e.id)}}
		disabled := false
		for _, p := range e.it.Props {
			if p.Key == "disabled" {
				disabled = routeros.IsTrue(p.Value)
				continue
			}
			r = append(r, p)
		}
		r = append(r, dhcp[i]...)
		if withStats {
			c := stats.Items[i]
			for _, k := range ck {
				r = append(r, routeros.Prop{Key: k, Value: counterValue(menu, k, c)})
			}
		}
		r = append(r, routeros.Prop{Key: "invalid", Value: "false"}, routeros.Prop{Key: "dynamic", Value: "false"},
			routeros.Prop{Key: "disabled", Value: routeros.TrueFalse(disabled)})
		rows = append(rows, r)
	}
	return rows, nil
}

// printArgs are the attributes print accepts besides .proplist.
var printArgs = []string{".proplist", "stats", "detail", "without-paging", "count-only", "terse", "brief", "follow", "follow-only", "interval"}

func checkPrintArgs(req *request) error {
	for _, a := range req.attrs {
		if !slices.Contains(printArgs, a[0]) {
			return trapf(1, "unknown parameter %s", a[0])
		}
	}
	return nil
}

func (s *Server) printItems(ctx context.Context, menu string, req *request) ([]reply, error) {
	if err := checkPrintArgs(req); err != nil {
		return nil, err
	}
	rows, err := s.itemRows(ctx, menu, wantsCounters(req, counterKeys(menu)))
	if err != nil {
		return nil, err
	}
	return printRows(rows, req)
}

// wantsCounters reports whether a print needs the backend's counters:
// always unless a proplist leaves them out (RouterOS prints bytes and
// packets of firewall rules in a plain print too).
func wantsCounters(req *request, keys []string) bool {
	pl, ok := req.attr(".proplist")
	if !ok {
		return true
	}
	for k := range strings.SplitSeq(pl, ",") {
		if slices.Contains(keys, k) {
			return true
		}
	}
	return false
}

// printRows filters rows with the request's queries, applies .proplist and
// renders the reply: !re per row, !empty when none, then !done.
func printRows(rows []row, req *request) ([]reply, error) {
	q, err := compileQuery(req.queries)
	if err != nil {
		return nil, err
	}
	var props []string
	if pl, ok := req.attr(".proplist"); ok {
		props = strings.Split(pl, ",")
	}
	var out []reply
	n := 0
	for _, r := range rows {
		if !q.match(r) {
			continue
		}
		n++
		re := reply{"!re"}
		if props != nil {
			for _, k := range props {
				if v, ok := r.get(k); ok {
					re = append(re, "="+k+"="+v)
				}
			}
		} else {
			for _, p := range r {
				re = append(re, "="+p.Key+"="+p.Value)
			}
		}
		out = append(out, re)
	}
	if _, ok := req.attr("count-only"); ok {
		return []reply{{"!done", "=ret=" + strconv.Itoa(n)}}, nil
	}
	if n == 0 {
		out = append(out, reply{"!empty"})
	}
	return append(out, reply{"!done"}), nil
}

// getItem implements `get =.id= =value-name=`.
func (s *Server) getItem(ctx context.Context, menu string, req *request) ([]reply, error) {
	idx, err := s.st.targets(menu, req)
	if err != nil {
		return nil, err
	}
	if len(idx) != 1 {
		return nil, trapf(1, "get takes exactly one item")
	}
	name, ok := req.attr("value-name")
	if !ok {
		return nil, trapf(1, "missing =value-name=")
	}
	rows, err := s.itemRows(ctx, menu, slices.Contains(counterKeys(menu), name))
	if err != nil {
		return nil, err
	}
	id := formatID(s.st.entries[idx[0]].id)
	for _, r := range rows {
		if v, _ := r.get(".id"); v == id {
			v, ok := r.get(name)
			if !ok && routeros.HasItemSchema(menu) && routeros.CheckProperty(menu, name, "") != nil &&
				errors.Is(routeros.CheckProperty(menu, name, ""), routeros.ErrUnknownProperty) {
				return nil, trapf(1, "unknown parameter %s", name)
			}
			return []reply{{"!done", "=ret=" + v}}, nil
		}
	}
	return nil, fmt.Errorf("item %s vanished", id)
}

package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
}

// namedMenus are item menus whose items have a unique name that may stand
// for the id.
var namedMenus = []string{routeros.MenuQueueTree, routeros.MenuQueueSimple, routeros.MenuQueueType, routeros.MenuInterfaceList}

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
		{Key: "tcp-timestamps", Value: "random-offset"},
	}
	return st
}

// config builds the routeros.Config of entries.
func config(entries []entry) *routeros.Config {
	cfg := &routeros.Config{Source: "api", RouterOSVersion: Version}
	for _, e := range entries {
		cfg.Items = append(cfg.Items, e.it)
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
				if n, _ := e.it.Get("name"); n == name {
					return trapf(1, "failure: already have item with such name (%s)", name)
				}
			}
		}
	}
	return nil
}

// commit hands the new entries to the backend and, when it accepts them,
// makes them the server's state. Called with s.mu held.
func (s *Server) commit(ctx context.Context, entries []entry) error {
	if err := s.cfg.Backend.Apply(ctx, config(entries)); err != nil {
		s.cfg.Log.Info("api: configuration rejected", "err", err)
		msg := strings.ReplaceAll(err.Error(), "\n", "; ")
		if errors.Is(err, ErrInvalidConfig) {
			return trapf(1, "failure: %s", msg)
		}
		return trapf(4, "failure: %s", msg)
	}
	old := s.st.entries
	s.st.entries = entries
	s.notify(old, entries)
	return nil
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
		if stats, err = s.cfg.Backend.Stats(ctx); err != nil {
			return nil, trapf(4, "failure: reading counters: %v", err)
		}
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
var printArgs = []string{".proplist", "stats", "detail", "without-paging", "count-only", "terse", "brief", "follow", "interval"}

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

package deploy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// fakeRouter is an in-memory RouterOS: menus of rows with ids, enough of
// print/add/set/remove for the deployer, plus fault injection.
type fakeRouter struct {
	menus    map[string][]Row
	settings map[string]Row
	nextID   int
	export   bool // offer /export

	commands  int                       // commands run so far, over all sessions
	dropAfter int                       // break the session on command number dropAfter (0: never)
	trap      func(words []string) bool // refuse a command
	dials     int
	failDials int // the next failDials dials fail
	log       []string
}

func newFakeRouter() *fakeRouter {
	return &fakeRouter{menus: map[string][]Row{}, settings: map[string]Row{}, nextID: 1}
}

func (f *fakeRouter) dial(ctx context.Context) (Conn, error) {
	f.dials++
	if f.failDials > 0 {
		f.failDials--
		return nil, fmt.Errorf("dial: %w: refused", ErrConnection)
	}
	return &fakeConn{f: f}, nil
}

// seed adds a row as the router's own item.
func (f *fakeRouter) seed(menu string, kv ...string) string {
	row := Row{}
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		row[k] = v
	}
	id := fmt.Sprintf("*%X", f.nextID)
	f.nextID++
	row[".id"] = id
	if row["disabled"] == "" {
		row["disabled"] = "false"
	}
	f.menus[menu] = append(f.menus[menu], row)
	return id
}

// seedManagement adds the router's built-in services (as RouterOS prints
// them) and users.
func (f *fakeRouter) seedManagement(users ...string) {
	for _, s := range []struct {
		name, port, disabled string
	}{{"telnet", "23", "false"}, {"ftp", "21", "false"}, {"www", "80", "false"}, {"ssh", "22", "false"},
		{"www-ssl", "443", "true"}, {"api", "8728", "false"}, {"winbox", "8291", "false"}, {"api-ssl", "8729", "false"}} {
		f.seed("/ip/service", "name="+s.name, "port="+s.port, "address=", "disabled="+s.disabled, "invalid=false")
	}
	f.settings["/system/identity"] = Row{"name": "MikroTik"}
	for _, u := range users {
		f.seed("/user", "name="+u, "group=full", "address=", "password=router-own-"+u, "last-logged-in=jan/01/1970 00:00:00")
	}
}

// checkUnchanged fails t when the router's state differs from before.
func (f *fakeRouter) checkUnchanged(t *testing.T, before string) {
	t.Helper()
	if after := f.state(); after != before {
		t.Errorf("router not as before:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// state renders the router without ids, for comparisons.
func (f *fakeRouter) state() string {
	var b strings.Builder
	for _, m := range slices.Sorted(maps.Keys(f.menus)) {
		for _, r := range f.menus[m] {
			fmt.Fprintf(&b, "%s", m)
			for _, k := range slices.Sorted(maps.Keys(r)) {
				if k != ".id" && k != "bytes" && k != "packets" {
					fmt.Fprintf(&b, " %s=%s", k, r[k])
				}
			}
			b.WriteByte('\n')
		}
	}
	for _, m := range slices.Sorted(maps.Keys(f.settings)) {
		for _, k := range slices.Sorted(maps.Keys(f.settings[m])) {
			if !strings.HasSuffix(k, "-packets") { // statistics are not exported
				fmt.Fprintf(&b, "%s set %s=%s\n", m, k, f.settings[m][k])
			}
		}
	}
	return b.String()
}

type fakeConn struct {
	f      *fakeRouter
	broken bool
}

func (c *fakeConn) Close() error { c.broken = true; return nil }

func (c *fakeConn) Run(ctx context.Context, words ...string) (*Reply, error) {
	f := c.f
	if c.broken {
		return nil, fmt.Errorf("%s: %w: closed", words[0], ErrConnection)
	}
	f.commands++
	f.log = append(f.log, strings.Join(words, " "))
	if f.dropAfter > 0 && f.commands == f.dropAfter {
		c.broken = true
		return nil, fmt.Errorf("%s: %w: connection reset", words[0], ErrConnection)
	}
	if f.trap != nil && f.trap(words) {
		return nil, &TrapError{Command: words[0], Message: "failure: injected"}
	}
	i := strings.LastIndexByte(words[0], '/')
	menu, cmd := words[0][:i], words[0][i+1:]
	args := Row{}
	for _, w := range words[1:] {
		if strings.HasPrefix(w, "=") {
			k, v, _ := strings.Cut(w[1:], "=")
			args[k] = v
		}
	}
	if words[0] == "/export" {
		if !f.export {
			return nil, &TrapError{Command: "/export", Message: "no such command"}
		}
		var b strings.Builder
		b.WriteString("# date line\n")
		b.WriteString(f.state())
		return &Reply{Done: Row{"ret": b.String()}}, nil
	}
	if s, ok := f.settings[menu]; ok {
		switch cmd {
		case "print":
			return &Reply{Re: []Row{maps.Clone(s)}, Done: Row{}}, nil
		case "set":
			maps.Copy(s, args)
			return &Reply{Done: Row{}}, nil
		}
	}
	rows := f.menus[menu]
	find := func(id string) int {
		return slices.IndexFunc(rows, func(r Row) bool { return r[".id"] == id })
	}
	switch cmd {
	case "print":
		var re []Row
		for _, r := range rows {
			r = maps.Clone(r)
			delete(r, "password") // RouterOS never shows one
			re = append(re, r)
		}
		return &Reply{Re: re, Done: Row{}}, nil
	case "add":
		if menu == "/user" && slices.ContainsFunc(rows, func(r Row) bool { return r["name"] == args["name"] }) {
			return nil, &TrapError{Command: words[0], Message: "failure: user with the same name already exists"}
		}
		row := Row{"disabled": "false"}
		place := args["place-before"]
		delete(args, "place-before")
		maps.Copy(row, args)
		id := fmt.Sprintf("*%X", f.nextID)
		f.nextID++
		row[".id"] = id
		pos := len(rows)
		if place != "" {
			if pos = find(place); pos < 0 {
				return nil, &TrapError{Command: words[0], Message: "no such item"}
			}
		}
		f.menus[menu] = slices.Insert(rows, pos, row)
		return &Reply{Done: Row{"ret": id}}, nil
	case "set":
		j := find(args[".id"])
		if j < 0 {
			return nil, &TrapError{Command: words[0], Message: "no such item"}
		}
		delete(args, ".id")
		maps.Copy(rows[j], args)
		return &Reply{Done: Row{}}, nil
	case "remove":
		j := find(args[".id"])
		if j < 0 {
			return nil, &TrapError{Command: words[0], Message: "no such item"}
		}
		if rows[j]["dynamic"] == "true" {
			return nil, &TrapError{Command: words[0], Message: "cannot remove dynamic item"}
		}
		f.menus[menu] = slices.Delete(rows, j, j+1)
		return &Reply{Done: Row{}}, nil
	}
	return nil, &TrapError{Command: words[0], Message: "no such command"}
}

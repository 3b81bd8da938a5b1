package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// singletonMenus are the menus other than item menus that the server
// answers; every other path gets "no such command prefix".
var singletonMenus = []string{"/ip/settings", "/ip/service", "/interface", "/system/identity", "/system/resource", "/system/license",
	"/user", "/user/group", routeros.MenuConntrack, "/ip/address", "/system/routerboard", "/system/package", "/log",
	dhcpLeaseMenu}

// knownPrefix reports whether menu is a known menu or leads to one, for
// telling "no such command" from "no such command prefix".
func knownPrefix(menu string) bool {
	for _, m := range slices.Concat(itemMenus, singletonMenus) {
		if m == menu || strings.HasPrefix(m, menu+"/") || menu == "/" {
			return true
		}
	}
	return false
}

// exec runs one command other than /login, /quit, /cancel and listen,
// and leaves out !empty where the claimed version predates it.
func (s *Server) exec(ctx context.Context, menu, cmd string, req *request) ([]reply, error) {
	out, err := s.execMenu(ctx, menu, cmd, req)
	if err != nil || s.sendsEmpty() {
		return out, err
	}
	return slices.DeleteFunc(out, func(r reply) bool { return len(r) > 0 && r[0] == "!empty" }), nil
}

func (s *Server) execMenu(ctx context.Context, menu, cmd string, req *request) ([]reply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.applyErr; err != nil {
		// A batch applied while nobody waited failed; say so to the
		// first command after it.
		s.applyErr = nil
		return nil, err
	}
	// Item edits and reads work on the server's state; anything else is a
	// commit point: the pending edits are in force before it answers
	// (deploy.Deployer reads /system/resource after deploying).
	if !slices.Contains(itemMenus, menu) && cmd != "export" {
		if err := s.flush(ctx); err != nil {
			return nil, err
		}
	}
	if cmd == "export" {
		return s.export(menu, req)
	}
	if slices.Contains(itemMenus, menu) {
		return s.itemCmd(ctx, menu, cmd, req)
	}
	switch menu {
	case "/ip/settings":
		return s.settingsCmd(ctx, cmd, req)
	case routeros.MenuConntrack:
		return s.conntrackCmd(ctx, cmd, req)
	case "/ip/service":
		return s.serviceCmd(cmd, req)
	case "/user":
		return s.userCmd(cmd, req, req.user)
	case "/user/group":
		return s.groupCmd(cmd, req)
	case "/interface":
		if cmd == "print" || cmd == "getall" {
			return s.interfacePrint(ctx, req)
		}
	case "/system/identity":
		switch cmd {
		case "print", "getall":
			return printRows([]row{{{Key: "name", Value: s.st.identity}}}, req)
		case "get":
			if n, _ := req.attr("value-name"); n == "name" {
				return []reply{{"!done", "=ret=" + s.st.identity}}, nil
			}
			return nil, trapf(1, "unknown parameter")
		case "set":
			for _, a := range req.attrs {
				if a[0] != "name" {
					return nil, trapf(1, "unknown parameter %s", a[0])
				}
				if a[1] == "" {
					return nil, trapf(1, "invalid value for argument name: empty")
				}
				s.st.identity = a[1]
				s.ident.Store(&a[1])
			}
			return []reply{{"!done"}}, nil
		}
	case "/system/resource":
		if cmd == "print" || cmd == "getall" {
			return printRows([]row{s.resource()}, req)
		}
	case "/ip/address", "/system/routerboard", "/system/package", "/log", dhcpLeaseMenu:
		return s.readOnly(ctx, menu, cmd, req)
	case "/system/license":
		if cmd == "print" || cmd == "getall" {
			// A CHR's licence print (MikroTik's manual, "CHR:
			// Licensing"): its system-id and level; a RouterBOARD would
			// show software-id and a numeric level instead.
			level := s.cfg.License
			if level == "" {
				level = DefaultLicense
			}
			return printRows([]row{{
				{Key: "system-id", Value: LicenseSystemID}, {Key: "level", Value: level},
				{Key: "features", Value: ""}}}, req)
		}
	default:
		if !knownPrefix(menu) {
			return nil, trapf(0, "no such command prefix")
		}
	}
	return nil, trapf(0, "no such command")
}

// export renders the configuration (or the items of one menu and the menus
// below it) as a .rsc script. The API has no stream for console output, so
// the script is returned as the =ret= of !done, like a value of `get`.
func (s *Server) export(menu string, req *request) ([]reply, error) {
	for _, a := range req.attrs {
		if !slices.Contains([]string{"terse", "verbose", "compact", "show-sensitive", "hide-sensitive"}, a[0]) {
			return nil, trapf(1, "unknown parameter %s", a[0])
		}
	}
	if menu != "/" && !knownPrefix(menu) {
		return nil, trapf(0, "no such command prefix")
	}
	var sel []entry
	for _, e := range s.st.entries {
		if menu == "/" || e.it.Menu == menu || strings.HasPrefix(e.it.Menu, menu+"/") {
			sel = append(sel, e)
		}
	}
	// RouterOS writes sections in its fixed menu order, not in the order
	// the menus were edited: a restore, which re-adds menus in its own
	// order, must export the same text. Items keep their order within a
	// menu (it is what they mean).
	slices.SortStableFunc(sel, func(a, b entry) int {
		return strings.Compare(routeros.CanonicalMenu(a.it.Menu), routeros.CanonicalMenu(b.it.Menu))
	})
	cfg := config(sel, nil, nil)
	cfg.Source = "embedded router " + s.st.identity
	var b bytes.Buffer
	if err := cfg.WriteRSC(&b); err != nil {
		return nil, trapf(4, "failure: %v", err)
	}
	// The fixed menus export what differs from a new router; /user is
	// never exported (RouterOS keeps users out of exports).
	if menu == "/" || menu == "/ip" || menu == "/ip/service" {
		b.WriteString(exportServices(s.st.services))
	}
	if (menu == "/" || menu == "/system" || menu == "/system/identity") && s.st.identity != s.cfg.Identity {
		fmt.Fprintf(&b, "/system identity\nset name=%s\n", quoteExport(s.st.identity))
	}
	return []reply{{"!done", "=ret=" + b.String()}}, nil
}

// settingsKeys are the /ip/settings properties that can be set, with
// whether they are booleans. They are kept, not applied (the lab sets the
// kernel's IP settings itself).
var settingsKeys = map[string]bool{
	"ip-forward": true, "send-redirects": true, "accept-source-route": true, "accept-redirects": true,
	"secure-redirects": true, "rp-filter": false, "tcp-syncookies": true, "max-neighbor-entries": false,
	"arp-timeout": false, "icmp-rate-limit": false, "icmp-rate-mask": false, "allow-fast-path": true,
	"tcp-timestamps": false, "route-cache": true, "ipv4-multipath-hash-policy": false,
	"icmp-errors-use-inbound-interface-address": true,
}

// fastPath is the allow-fast-path of settings.
func fastPath(settings []routeros.Prop) bool {
	for _, p := range settings {
		if p.Key == "allow-fast-path" {
			return routeros.IsTrue(p.Value)
		}
	}
	return true
}

func (s *Server) settingsRow(ctx context.Context) (row, error) {
	st, err := s.stats(ctx)
	if err != nil {
		var t *trap
		if errors.As(err, &t) {
			return nil, err
		}
		return nil, trapf(4, "failure: reading counters: %v", err)
	}
	var r row
	allow := false
	for _, p := range s.st.settings {
		if settingsKeys[p.Key] {
			p.Value = apiBool(p.Value)
		}
		if p.Key == "allow-fast-path" {
			allow = routeros.IsTrue(p.Value)
		}
		r = append(r, p)
	}
	active := false
	for _, e := range s.st.entries {
		if e.it.Menu == routeros.MenuFilter {
			a, _ := e.it.Get("action")
			if a == "fasttrack-connection" && !e.it.Disabled() {
				active = true
			}
		}
	}
	return append(r,
		routeros.Prop{Key: "ipv4-fasttrack-active", Value: routeros.TrueFalse(active && allow)},
		routeros.Prop{Key: "ipv4-fasttrack-packets", Value: strconv.FormatUint(st.FasttrackPackets, 10)},
		routeros.Prop{Key: "ipv4-fasttrack-bytes", Value: strconv.FormatUint(st.FasttrackBytes, 10)},
	), nil
}

func (s *Server) settingsCmd(ctx context.Context, cmd string, req *request) ([]reply, error) {
	switch cmd {
	case "print", "getall":
		r, err := s.settingsRow(ctx)
		if err != nil {
			return nil, err
		}
		return printRows([]row{r}, req)
	case "get":
		r, err := s.settingsRow(ctx)
		if err != nil {
			return nil, err
		}
		n, _ := req.attr("value-name")
		v, ok := r.get(n)
		if !ok {
			return nil, trapf(1, "unknown parameter %s", n)
		}
		return []reply{{"!done", "=ret=" + v}}, nil
	case "set":
		next := slices.Clone(s.st.settings)
		for _, a := range req.attrs {
			isBool, ok := settingsKeys[a[0]]
			if !ok {
				return nil, trapf(1, "unknown parameter %s", a[0])
			}
			v := a[1]
			if isBool {
				b, err := routeros.ParseBool(v)
				if err != nil {
					return nil, trapf(1, "input does not match any value of %s", a[0])
				}
				v = routeros.YesNo(b)
			}
			for i := range next {
				if next[i].Key == a[0] {
					next[i].Value = v
				}
			}
		}
		if fastPath(next) != fastPath(s.st.settings) {
			// allow-fast-path changes what fasttrack-connection does.
			if err := s.apply(ctx, s.st.entries, next, s.st.conntrack); err != nil {
				return nil, err
			}
		}
		s.st.settings = next
		return []reply{{"!done"}}, nil
	}
	return nil, trapf(0, "no such command")
}

func (s *Server) interfacePrint(ctx context.Context, req *request) ([]reply, error) {
	if err := checkPrintArgs(req); err != nil {
		return nil, err
	}
	ifs, err := s.cfg.Backend.Interfaces(ctx)
	if err != nil {
		return nil, trapf(4, "failure: listing interfaces: %v", err)
	}
	var rows []row
	for i, f := range ifs {
		rows = append(rows, row{
			{Key: ".id", Value: formatID(uint32(i + 1))}, {Key: "name", Value: f.Name},
			{Key: "type", Value: f.Type}, {Key: "mtu", Value: strconv.Itoa(f.MTU)},
			{Key: "mac-address", Value: f.MAC}, {Key: "running", Value: routeros.TrueFalse(f.Running)},
			{Key: "rx-byte", Value: u64(f.RxBytes)}, {Key: "tx-byte", Value: u64(f.TxBytes)},
			{Key: "rx-packet", Value: u64(f.RxPackets)}, {Key: "tx-packet", Value: u64(f.TxPackets)},
			{Key: "rx-drop", Value: u64(f.RxDrops)}, {Key: "tx-drop", Value: u64(f.TxDrops)},
			{Key: "disabled", Value: "false"}, {Key: "dynamic", Value: "false"},
		})
	}
	return printRows(rows, req)
}

// resource is the /system/resource row.
func (s *Server) resource() row {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return row{
		{Key: "uptime", Value: formatUptime(s.cfg.Now().Sub(s.start))},
		{Key: "version", Value: s.version() + " (qosbench-embedded)"},
		{Key: "build-time", Value: "2025-01-01 00:00:00"},
		{Key: "free-memory", Value: strconv.FormatUint(ms.Sys-ms.HeapInuse, 10)},
		{Key: "total-memory", Value: strconv.FormatUint(ms.Sys, 10)},
		{Key: "cpu", Value: runtime.GOARCH},
		{Key: "cpu-count", Value: strconv.Itoa(runtime.NumCPU())},
		{Key: "cpu-load", Value: "0"},
		{Key: "architecture-name", Value: runtime.GOARCH},
		{Key: "board-name", Value: "qosbench-embedded"},
		{Key: "platform", Value: "qosbench"},
	}
}

// formatUptime renders a duration the way RouterOS prints uptime: 1w2d3h4m5s.
func formatUptime(d time.Duration) string {
	sec := int64(d / time.Second)
	if sec <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		n    int64
		name string
	}{{7 * 86400, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}} {
		if sec >= u.n {
			fmt.Fprintf(&b, "%d%s", sec/u.n, u.name)
			sec %= u.n
		}
	}
	return b.String()
}

func u64(n uint64) string { return strconv.FormatUint(n, 10) }

package api

import (
	"context"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// timeoutPrint bounds the print that starts a print follow, as handle
// bounds every command.
const timeoutPrint = time.Minute

// Client compatibility: what API clients written against a given RouterOS
// version expect, and the read-only menus monitoring tools read first.

// version is the RouterOS version the server claims.
func (s *Server) version() string {
	if s.cfg.RouterOSVersion != "" {
		return s.cfg.RouterOSVersion
	}
	return Version
}

// sendsEmpty reports whether an empty print answers !empty before !done:
// RouterOS does so since 7.18. Clients released before it (node-routeros
// 1.6.9, go-routeros 3.0.0) fail on the unknown reply word, so an older
// claimed version leaves it out.
func (s *Server) sendsEmpty() bool { return !versionBefore(s.version(), 7, 18) }

// versionBefore reports whether RouterOS version v ("6.48.6", "7.14.2",
// "7.18rc2") is older than major.minor. Unparsable versions count as new.
func versionBefore(v string, major, minor int) bool {
	fields := strings.FieldsFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if len(fields) == 0 {
		return false
	}
	ma, _ := strconv.Atoi(fields[0])
	mi := 0
	if len(fields) > 1 {
		mi, _ = strconv.Atoi(fields[1])
	}
	return ma < major || ma == major && mi < minor
}

// readOnly answers the menus monitoring tools read on connect. Called with
// s.mu held.
func (s *Server) readOnly(ctx context.Context, menu, cmd string, req *request) ([]reply, error) {
	if cmd != "print" && cmd != "getall" {
		if cmd == "add" || cmd == "set" || cmd == "remove" {
			return nil, trapf(1, "%s is read-only in the qosbench embedded router (the lab sets addresses and packages)", menu)
		}
		return nil, trapf(0, "no such command")
	}
	if err := checkPrintArgs(req); err != nil {
		return nil, err
	}
	var rows []row
	switch menu {
	case "/ip/address":
		ifs, err := s.cfg.Backend.Interfaces(ctx)
		if err != nil {
			return nil, trapf(4, "failure: listing addresses: %v", err)
		}
		n := 0
		for _, f := range ifs {
			for _, a := range f.Addrs {
				p, err := netip.ParsePrefix(a)
				if err != nil {
					continue
				}
				n++
				rows = append(rows, row{
					{Key: ".id", Value: formatID(uint32(n))}, {Key: "address", Value: a},
					{Key: "network", Value: p.Masked().Addr().String()}, {Key: "interface", Value: f.Name},
					{Key: "actual-interface", Value: f.Name}, {Key: "invalid", Value: "false"},
					{Key: "dynamic", Value: "false"}, {Key: "disabled", Value: "false"},
				})
			}
		}
	case "/system/routerboard":
		// A CHR answers routerboard=false and nothing else.
		rows = []row{{{Key: "routerboard", Value: "false"}}}
	case "/system/package":
		rows = []row{{
			{Key: ".id", Value: "*1"}, {Key: "name", Value: "routeros"}, {Key: "version", Value: s.version()},
			{Key: "build-time", Value: "2025-01-01 00:00:00"}, {Key: "scheduled", Value: ""},
			{Key: "disabled", Value: "false"},
		}}
	case "/log":
		// The embedded router keeps no log; an empty list is the truth.
	case dhcpLeaseMenu:
		var err error
		if rows, err = s.leaseRows(ctx); err != nil {
			return nil, err
		}
	}
	return printRows(rows, req)
}

// printStream handles `print =follow=`, `=follow-only=` and `=interval=`,
// which RouterOS answers with a stream that ends only at /cancel. follow
// prints the items, then streams changes as listen does; follow-only
// streams changes only. interval (re-printing every interval) is refused
// with a trap that says what to do instead. It reports whether it handled
// the request.
func (ss *session) printStream(req *request, menu string) bool {
	_, follow := req.attr("follow")
	_, followOnly := req.attr("follow-only")
	_, interval := req.attr("interval")
	switch {
	case interval:
		ss.reply(req, trapReply(1, "print interval is not supported by the qosbench embedded router: print again, or use listen (or print follow) to be told of changes"), reply{"!done"})
		return true
	case !follow && !followOnly:
		return false
	}
	if follow {
		plain := *req
		plain.attrs = nil
		for _, a := range req.attrs {
			if a[0] != "follow" {
				plain.attrs = append(plain.attrs, a)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeoutPrint)
		out, err := ss.s.exec(ctx, menu, "print", &plain)
		cancel()
		if err != nil {
			t, _ := err.(*trap)
			if t == nil {
				t = &trap{category: 4, msg: err.Error()}
			}
			return ss.reply(req, trapReply(t.category, t.msg), reply{"!done"})
		}
		for _, r := range out {
			if r[0] == "!re" && !ss.reply(req, r) {
				return false
			}
		}
	}
	return ss.listen(req, menu)
}

// conntrackDefaults are RouterOS's /ip/firewall/connection/tracking
// defaults (reference §4.6); the ones a client sets go to the translator,
// which applies timeouts and loose-tcp-tracking to the kernel.
var conntrackDefaults = []routeros.Prop{
	{Key: "enabled", Value: "auto"}, {Key: "loose-tcp-tracking", Value: "yes"},
	{Key: "tcp-syn-sent-timeout", Value: "5s"}, {Key: "tcp-syn-received-timeout", Value: "5s"},
	{Key: "tcp-established-timeout", Value: "1d"}, {Key: "tcp-fin-wait-timeout", Value: "10s"},
	{Key: "tcp-close-wait-timeout", Value: "10s"}, {Key: "tcp-last-ack-timeout", Value: "10s"},
	{Key: "tcp-time-wait-timeout", Value: "10s"}, {Key: "tcp-close-timeout", Value: "10s"},
	{Key: "tcp-max-retrans-timeout", Value: "5m"}, {Key: "tcp-unacked-timeout", Value: "5m"},
	{Key: "udp-timeout", Value: "30s"}, {Key: "udp-stream-timeout", Value: "3m"},
	{Key: "icmp-timeout", Value: "10s"}, {Key: "generic-timeout", Value: "10m"},
}

// conntrackCmd serves /ip/firewall/connection/tracking print, get and
// set. Called with s.mu held.
func (s *Server) conntrackCmd(ctx context.Context, cmd string, req *request) ([]reply, error) {
	current := func(set []routeros.Prop) row {
		var r row
		for _, d := range conntrackDefaults {
			for _, p := range set {
				if p.Key == d.Key {
					d.Value = p.Value
				}
			}
			if d.Key == "loose-tcp-tracking" {
				d.Value = apiBool(d.Value)
			}
			r = append(r, d)
		}
		return r
	}
	switch cmd {
	case "print", "getall":
		return printRows([]row{current(s.st.conntrack)}, req)
	case "get":
		n, _ := req.attr("value-name")
		v, ok := current(s.st.conntrack).get(n)
		if !ok {
			return nil, trapf(1, "unknown parameter %s", n)
		}
		return []reply{{"!done", "=ret=" + v}}, nil
	case "set":
		next := slices.Clone(s.st.conntrack)
		for _, a := range req.attrs {
			if !slices.ContainsFunc(conntrackDefaults, func(p routeros.Prop) bool { return p.Key == a[0] }) {
				return nil, trapf(1, "unknown parameter %s", a[0])
			}
			next = slices.DeleteFunc(next, func(p routeros.Prop) bool { return p.Key == a[0] })
			next = append(next, routeros.Prop{Key: a[0], Value: a[1]})
		}
		if err := s.apply(ctx, s.st.entries, s.st.settings, next); err != nil {
			return nil, err
		}
		s.st.conntrack = next
		return []reply{{"!done"}}, nil
	}
	return nil, trapf(0, "no such command")
}

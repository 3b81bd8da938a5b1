package api

import (
	"crypto/subtle"
	"net/netip"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// user is one /user entry. Passwords are kept to check logins on the
// lab-facing api and api-ssl services and are never printed or exported.
type user struct {
	id       uint32
	name     string
	group    string
	password string
	address  []netip.Prefix // sources the user may log in from; empty: any
	comment  string
	disabled bool
	// inactivity-timeout and -policy are kept and printed, not enforced.
	inactivityTimeout, inactivityPolicy string
}

// userGroup is one row of the fixed /user/group menu.
type userGroup struct {
	name, policy string
	level        int // permLevel
}

// Permission levels of a session, from its user's group.
const (
	permRead = iota
	permWrite
	permFull
)

// userGroups are RouterOS's built-in groups; the menu is read-only here.
var userGroups = []userGroup{
	{"read", "local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!write,!policy", permRead},
	{"write", "local,telnet,ssh,reboot,read,write,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!policy", permWrite},
	{"full", "local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,rest-api", permFull},
}

func groupLevel(name string) (int, bool) {
	for _, g := range userGroups {
		if g.name == name {
			return g.level, true
		}
	}
	return 0, false
}

// defaultUsers is /user of a router as shipped: admin, group full, empty
// password (RouterOS before the per-device default passwords).
func defaultUsers() []user {
	return []user{{id: 1, name: "admin", group: "full", inactivityTimeout: "10m", inactivityPolicy: "none"}}
}

func userRows(us []user) []row {
	var rows []row
	for _, u := range us {
		r := row{{Key: ".id", Value: formatID(u.id)}, {Key: "name", Value: u.name}, {Key: "group", Value: u.group},
			{Key: "address", Value: formatPrefixes(u.address)}, {Key: "last-logged-in", Value: ""},
			{Key: "inactivity-timeout", Value: u.inactivityTimeout}, {Key: "inactivity-policy", Value: u.inactivityPolicy}}
		if u.comment != "" {
			r = append(r, routeros.Prop{Key: "comment", Value: u.comment})
		}
		r = append(r, routeros.Prop{Key: "expired", Value: "false"}, routeros.Prop{Key: "disabled", Value: routeros.TrueFalse(u.disabled)})
		rows = append(rows, r)
	}
	return rows
}

// setUser applies one =key=value argument of add or set to u.
func setUser(u *user, k, v string) error {
	var err error
	switch k {
	case "name":
		if v == "" || strings.ContainsAny(v, " \t\r\n,") {
			return trapf(1, "invalid value for argument name: %q", v)
		}
		u.name = v
	case "group":
		if _, ok := groupLevel(v); !ok {
			return trapf(1, "input does not match any value of group")
		}
		u.group = v
	case "password":
		u.password = v
	case "address":
		u.address, err = parsePrefixes(k, v)
	case "comment":
		u.comment = v
	case "disabled":
		u.disabled, err = parseBool(k, v)
	case "inactivity-timeout":
		if v == "" {
			return trapf(1, "invalid value for argument inactivity-timeout: empty")
		}
		u.inactivityTimeout = v
	case "inactivity-policy":
		if v != "none" && v != "logout" && v != "lockscreen" {
			return trapf(1, "input does not match any value of inactivity-policy")
		}
		u.inactivityPolicy = v
	default:
		return trapf(1, "unknown parameter %s", k)
	}
	return err
}

func findUsers(us []user, req *request) ([]int, error) {
	return resolveRefs(req, func(ref string) int {
		id, isID := parseID(ref)
		return slices.IndexFunc(us, func(u user) bool { return isID && u.id == id || !isID && u.name == ref })
	})
}

// checkUsers enforces unique names.
func checkUsers(us []user) error {
	seen := map[string]bool{}
	for _, u := range us {
		if seen[u.name] {
			return trapf(1, "failure: user with the same name already exists")
		}
		seen[u.name] = true
	}
	return nil
}

// userCmd implements /user. self is the user name of the session running
// the command: that user cannot be disabled or removed, so a session
// never locks itself out. Called with s.mu held.
func (s *Server) userCmd(cmd string, req *request, self string) ([]reply, error) {
	st := s.st
	switch cmd {
	case "print", "getall":
		if err := checkPrintArgs(req); err != nil {
			return nil, err
		}
		return printRows(userRows(st.users), req)
	case "get":
		idx, err := findUsers(st.users, req)
		if err != nil {
			return nil, err
		}
		if len(idx) != 1 {
			return nil, trapf(1, "get takes exactly one item")
		}
		name, _ := req.attr("value-name")
		v, ok := userRows(st.users)[idx[0]].get(name)
		if !ok {
			return nil, trapf(1, "unknown parameter %s", name)
		}
		return []reply{{"!done", "=ret=" + v}}, nil
	case "add":
		u := user{id: st.nextUserID, inactivityTimeout: "10m", inactivityPolicy: "none"}
		for _, a := range req.attrs {
			if err := setUser(&u, a[0], a[1]); err != nil {
				return nil, err
			}
		}
		if u.name == "" {
			return nil, trapf(1, "failure: missing value of argument name")
		}
		if u.group == "" {
			return nil, trapf(1, "failure: missing value of argument group")
		}
		next := append(slices.Clone(st.users), u)
		if err := checkUsers(next); err != nil {
			return nil, err
		}
		st.users = next
		st.nextUserID++
		return []reply{{"!done", "=ret=" + formatID(u.id)}}, nil
	case "set", "enable", "disable", "unset":
		idx, err := findUsers(st.users, req)
		if err != nil {
			return nil, err
		}
		next := slices.Clone(st.users)
		for _, i := range idx {
			u := &next[i]
			u.address = slices.Clone(u.address)
			wasSelf := u.name == self
			switch cmd {
			case "enable", "disable":
				u.disabled = cmd == "disable"
			case "unset":
				switch name, _ := req.attr("value-name"); name {
				case "address":
					u.address = nil
				case "comment":
					u.comment = ""
				default:
					return nil, trapf(1, "unknown parameter %s", name)
				}
			default:
				for _, a := range req.attrs {
					if a[0] == ".id" || a[0] == "numbers" {
						continue
					}
					if err := setUser(u, a[0], a[1]); err != nil {
						return nil, err
					}
				}
			}
			if wasSelf && u.disabled {
				return nil, trapf(1, "cannot disable the user of this session")
			}
		}
		if err := checkUsers(next); err != nil {
			return nil, err
		}
		st.users = next
		return []reply{{"!done"}}, nil
	case "remove":
		idx, err := findUsers(st.users, req)
		if err != nil {
			return nil, err
		}
		var next []user
		for i, u := range st.users {
			if !slices.Contains(idx, i) {
				next = append(next, u)
			} else if u.name == self {
				return nil, trapf(1, "cannot remove the user of this session")
			}
		}
		st.users = next
		return []reply{{"!done"}}, nil
	}
	return nil, trapf(0, "no such command")
}

// groupCmd implements the read-only /user/group.
func (s *Server) groupCmd(cmd string, req *request) ([]reply, error) {
	switch cmd {
	case "print", "getall":
		if err := checkPrintArgs(req); err != nil {
			return nil, err
		}
		var rows []row
		for i, g := range userGroups {
			rows = append(rows, row{{Key: ".id", Value: formatID(uint32(i + 1))}, {Key: "name", Value: g.name},
				{Key: "policy", Value: g.policy}, {Key: "skin", Value: "default"}})
		}
		return printRows(rows, req)
	case "add", "set", "remove", "enable", "disable", "unset":
		return nil, trapf(1, "failure: the user groups of the embedded router are fixed (read, write, full)")
	}
	return nil, trapf(0, "no such command")
}

// checkUserLogin checks a login on a lab-facing api or api-ssl service
// against /user: an enabled user with that password, connecting from an
// allowed address. It returns the user's permission level. Called without
// s.mu.
func (s *Server) checkUserLogin(name, password string, src netip.Addr) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.st.users {
		if u.name != name {
			continue
		}
		ok := subtle.ConstantTimeCompare([]byte(password), []byte(u.password)) == 1
		if !ok || u.disabled {
			return 0, false
		}
		if len(u.address) > 0 && !slices.ContainsFunc(u.address, func(p netip.Prefix) bool { return p.Contains(src) }) {
			return 0, false
		}
		lvl, _ := groupLevel(u.group)
		return lvl, true
	}
	return 0, false
}

// needsWrite reports whether cmd changes state, and needsPolicy whether
// it changes users (RouterOS's "write" and "policy" permissions).
func needsWrite(cmd string) bool {
	switch cmd {
	case "add", "set", "remove", "enable", "disable", "unset", "move", "reset-counters", "reset-counters-all":
		return true
	}
	return false
}

func needsPolicy(menu, cmd string) bool {
	return (menu == "/user" || strings.HasPrefix(menu, "/user/")) && needsWrite(cmd)
}

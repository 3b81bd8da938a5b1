package api

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// service is one /ip/service entry. The menu is fixed: RouterOS has these
// eight services and no others, so add and remove fail.
type service struct {
	id          uint32
	name        string
	port        int
	address     []netip.Prefix // allowed source prefixes; empty: any
	disabled    bool
	maxSessions int
	certificate string // www-ssl and api-ssl only
	tlsVersion  string // www-ssl and api-ssl only
	vrf         string
	comment     string
}

// isTLS reports whether the service has the TLS properties.
func (sv *service) isTLS() bool { return strings.HasSuffix(sv.name, "-ssl") }

// allows reports whether a connection from src may use the service.
func (sv *service) allows(src netip.Addr) bool {
	if len(sv.address) == 0 {
		return true
	}
	src = src.Unmap()
	for _, p := range sv.address {
		if p.Contains(src) {
			return true
		}
	}
	return false
}

// Default values of the properties every service has.
const (
	defaultMaxSessions = 20
	defaultVRF         = "main"
	defaultCertificate = "none"
	defaultTLSVersion  = "any"
)

// defaultServices is /ip/service of a RouterOS router as shipped
// (routeros.DefaultServices, shared with the linter), in print order, ids
// *1..*8.
func defaultServices() []service {
	var out []service
	for i, d := range routeros.DefaultServices() {
		sv := service{id: uint32(i + 1), name: d.Name, port: d.Port, disabled: d.Disabled,
			address: slices.Clone(d.Address), maxSessions: defaultMaxSessions, vrf: defaultVRF}
		if sv.isTLS() {
			sv.certificate, sv.tlsVersion = defaultCertificate, defaultTLSVersion
		}
		out = append(out, sv)
	}
	return out
}

// cloneServices copies a service list deeply enough for edits.
func cloneServices(svs []service) []service {
	out := slices.Clone(svs)
	for i := range out {
		out[i].address = slices.Clone(out[i].address)
	}
	return out
}

// formatPrefixes renders an address list the way print shows it.
func formatPrefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// parsePrefixes reads a comma-separated list of addresses and prefixes
// (IPv4 or IPv6). A bare address means that host only; a prefix with host
// bits set is stored masked, as RouterOS prints it.
func parsePrefixes(key, v string) ([]netip.Prefix, error) {
	if v == "" {
		return nil, nil
	}
	var out []netip.Prefix
	for a := range strings.SplitSeq(v, ",") {
		a = strings.TrimSpace(a)
		p, err := netip.ParsePrefix(a)
		if err != nil {
			ad, aerr := netip.ParseAddr(a)
			if aerr != nil || ad.Zone() != "" {
				return nil, trapf(1, "invalid value for argument %s: %q is not an IP address or prefix", key, a)
			}
			p = netip.PrefixFrom(ad, ad.BitLen())
		}
		p = p.Masked()
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// parseBool reads a yes/no/true/false argument.
func parseBool(key, v string) (bool, error) {
	b, err := routeros.ParseBool(v)
	if err != nil {
		return false, trapf(1, "input does not match any value of %s", key)
	}
	return b, nil
}

// parseRange reads an integer argument within [lo, hi], with RouterOS's
// messages.
func parseRange(key, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, trapf(1, "invalid value for argument %s: %q is not a number", key, v)
	}
	if n < lo || n > hi {
		return 0, trapf(1, "value of %s out of range (%d..%d)", key, lo, hi)
	}
	return n, nil
}

// setService applies one =key=value argument of set to sv.
func setService(sv *service, k, v string) error {
	var err error
	switch k {
	case "port":
		sv.port, err = parseRange(k, v, 1, 65535)
	case "max-sessions":
		sv.maxSessions, err = parseRange(k, v, 1, 1000)
	case "disabled":
		sv.disabled, err = parseBool(k, v)
	case "address":
		sv.address, err = parsePrefixes(k, v)
	case "vrf":
		// The lab router has the main routing table only.
		if v != defaultVRF {
			return trapf(1, "input does not match any value of vrf")
		}
		sv.vrf = v
	case "comment":
		sv.comment = v
	case "name":
		// The services are fixed: a name is read-only. Writing back the
		// same name (a restore of a printed row) is harmless.
		if v != sv.name {
			return trapf(1, "failure: cannot change name of a service")
		}
	case "certificate", "tls-version":
		if !sv.isTLS() {
			return trapf(1, "unknown parameter %s", k)
		}
		if k == "certificate" {
			if v == "" {
				return trapf(1, "invalid value for argument certificate: empty")
			}
			sv.certificate = v
			return nil
		}
		if v != "any" && v != "only-1.2" {
			return trapf(1, "input does not match any value of tls-version")
		}
		sv.tlsVersion = v
	default:
		return trapf(1, "unknown parameter %s", k)
	}
	return err
}

// findServices resolves =.id= or =numbers= (ids or names, comma-separated)
// into indexes of svs.
func findServices(svs []service, req *request) ([]int, error) {
	return resolveRefs(req, func(ref string) int {
		id, isID := parseID(ref)
		return slices.IndexFunc(svs, func(sv service) bool { return isID && sv.id == id || !isID && sv.name == ref })
	})
}

// invalidServices returns the names of enabled services that cannot run
// because an earlier enabled service (in print order) has their port.
// RouterOS flags such a service invalid (I) instead of refusing the set,
// so a script may move ports around in any order.
func invalidServices(svs []service) map[string]bool {
	taken := map[int]bool{}
	bad := map[string]bool{}
	for _, sv := range svs {
		if sv.disabled {
			continue
		}
		if taken[sv.port] {
			bad[sv.name] = true
			continue
		}
		taken[sv.port] = true
	}
	return bad
}

// serviceRows renders /ip/service as print shows it.
func serviceRows(svs []service) []row {
	bad := invalidServices(svs)
	var rows []row
	for _, sv := range svs {
		r := row{
			{Key: ".id", Value: formatID(sv.id)}, {Key: "name", Value: sv.name},
			{Key: "port", Value: strconv.Itoa(sv.port)}, {Key: "address", Value: formatPrefixes(sv.address)},
			{Key: "vrf", Value: sv.vrf}, {Key: "max-sessions", Value: strconv.Itoa(sv.maxSessions)},
		}
		if sv.isTLS() {
			r = append(r, row{{Key: "certificate", Value: sv.certificate}, {Key: "tls-version", Value: sv.tlsVersion}}...)
		}
		if sv.comment != "" {
			r = append(r, routeros.Prop{Key: "comment", Value: sv.comment})
		}
		r = append(r, row{{Key: "invalid", Value: routeros.TrueFalse(bad[sv.name])}, {Key: "disabled", Value: routeros.TrueFalse(sv.disabled)}}...)
		rows = append(rows, r)
	}
	return rows
}

// serviceCmd implements /ip/service. A change takes effect on the
// listeners (applyServices) before the command answers; if a listener
// cannot be opened the command fails and nothing changes. Called with s.mu
// held.
func (s *Server) serviceCmd(cmd string, req *request) ([]reply, error) {
	switch cmd {
	case "print", "getall":
		if err := checkPrintArgs(req); err != nil {
			return nil, err
		}
		return printRows(serviceRows(s.st.services), req)
	case "get":
		idx, err := findServices(s.st.services, req)
		if err != nil {
			return nil, err
		}
		if len(idx) != 1 {
			return nil, trapf(1, "get takes exactly one item")
		}
		name, _ := req.attr("value-name")
		v, ok := serviceRows(s.st.services)[idx[0]].get(name)
		if !ok {
			return nil, trapf(1, "unknown parameter %s", name)
		}
		return []reply{{"!done", "=ret=" + v}}, nil
	case "add":
		return nil, trapf(1, "failure: cannot add service")
	case "remove":
		return nil, trapf(1, "failure: cannot remove service")
	case "enable", "disable", "set":
		idx, err := findServices(s.st.services, req)
		if err != nil {
			return nil, err
		}
		next := cloneServices(s.st.services)
		for _, i := range idx {
			sv := &next[i]
			if cmd != "set" {
				sv.disabled = cmd == "disable"
				continue
			}
			for _, a := range req.attrs {
				if a[0] == ".id" || a[0] == "numbers" {
					continue
				}
				if err := setService(sv, a[0], a[1]); err != nil {
					return nil, err
				}
			}
		}
		if err := s.applyServices(next); err != nil {
			return nil, err
		}
		s.st.services = next
		return []reply{{"!done"}}, nil
	case "unset":
		idx, err := findServices(s.st.services, req)
		if err != nil {
			return nil, err
		}
		name, _ := req.attr("value-name")
		next := cloneServices(s.st.services)
		def := defaultServices()
		for _, i := range idx {
			switch name {
			case "address":
				next[i].address = nil
			case "comment":
				next[i].comment = ""
			case "max-sessions":
				next[i].maxSessions = defaultMaxSessions
			case "certificate", "tls-version":
				if !next[i].isTLS() {
					return nil, trapf(1, "unknown parameter %s", name)
				}
				next[i].certificate, next[i].tlsVersion = def[i].certificate, def[i].tlsVersion
			default:
				return nil, trapf(1, "unknown parameter %s", name)
			}
		}
		if err := s.applyServices(next); err != nil {
			return nil, err
		}
		s.st.services = next
		return []reply{{"!done"}}, nil
	}
	return nil, trapf(0, "no such command")
}

// exportServices renders the services that differ from the defaults as
// export shows them ("set ssh address=... port=2222"), or "" when none do.
func exportServices(svs []service) string {
	def := defaultServices()
	var b strings.Builder
	for i, sv := range svs {
		d := def[i]
		var words []string
		if !slices.Equal(sv.address, d.address) {
			words = append(words, "address="+formatPrefixes(sv.address))
		}
		if sv.comment != "" {
			words = append(words, "comment="+quoteExport(sv.comment))
		}
		if sv.certificate != d.certificate {
			words = append(words, "certificate="+quoteExport(sv.certificate))
		}
		if sv.disabled != d.disabled {
			words = append(words, "disabled="+routeros.YesNo(sv.disabled))
		}
		if sv.maxSessions != d.maxSessions {
			words = append(words, "max-sessions="+strconv.Itoa(sv.maxSessions))
		}
		if sv.port != d.port {
			words = append(words, "port="+strconv.Itoa(sv.port))
		}
		if sv.tlsVersion != d.tlsVersion {
			words = append(words, "tls-version="+sv.tlsVersion)
		}
		if len(words) > 0 {
			fmt.Fprintf(&b, "set %s %s\n", sv.name, strings.Join(words, " "))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "/ip service\n" + b.String()
}

// quoteExport quotes a free-form value for an export line when it is not
// a bare word.
func quoteExport(v string) string {
	for _, c := range []byte(v) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return strconv.Quote(v)
		}
	}
	if v == "" {
		return `""`
	}
	return v
}

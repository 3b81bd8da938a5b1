package routeros

import (
	"strconv"
	"strings"
)

// Matcher is one firewall matcher property (reference §4.5): the table
// below is the one place that says which matchers exist, what values they
// take and how they decode into Rule. The emulator's translation to nft
// (emulator/translate_matchers.go) and lint's evaluation
// (routeros/lint/matchers.go) are tables keyed by the same Key, each
// checked complete against this one by a test; routeros cannot hold them
// itself, because it must not import the layers above it.
//
// Adding a matcher: a row here (with Decode and a Rule field if the
// emulator is to run it), a row in the emulator's table, and a row in
// lint's table if lint can reason about it (without one, lint treats the
// matcher as unknown: it covers only the same value and "may" match).
type Matcher struct {
	// Key is the property name ("dst-port").
	Key string
	// Type names the kind of value, for docs and messages: "name",
	// "protocol", "address", "ports", "states", "range", ...
	Type string
	// Check validates a value (with its "!" when negatable).
	Check check
	// Decode sets the Rule field of a value that passed Check; nil for
	// matchers the Rule does not model (Rule.Unsupported lists them, and
	// the emulator refuses rules that use them).
	Decode func(r *Rule, v string)
	// Conntrack is set for matchers on connection tracking state: raw
	// rules, which run before connection tracking, do not have them.
	Conntrack bool
}

// Matchers are the firewall matchers, in the order the emulator adds them
// to an nft rule.
var Matchers = []*Matcher{
	{Key: "protocol", Type: "protocol", Check: checkProtocol, Decode: func(r *Rule, v string) { r.Protocol, _ = parseProtocol(v) }},
	{Key: "src-address", Type: "address", Check: checkAddr, Decode: func(r *Rule, v string) { r.SrcAddress, _ = parseAddrMatch(v) }},
	{Key: "dst-address", Type: "address", Check: checkAddr, Decode: func(r *Rule, v string) { r.DstAddress, _ = parseAddrMatch(v) }},
	{Key: "src-address-list", Type: "name", Check: checkNamedMatch, Decode: func(r *Rule, v string) { r.SrcAddressList = parseStrMatch(v) }},
	{Key: "dst-address-list", Type: "name", Check: checkNamedMatch, Decode: func(r *Rule, v string) { r.DstAddressList = parseStrMatch(v) }},
	{Key: "src-port", Type: "ports", Check: checkPorts, Decode: func(r *Rule, v string) { r.SrcPort, _ = parsePortMatch(v) }},
	{Key: "dst-port", Type: "ports", Check: checkPorts, Decode: func(r *Rule, v string) { r.DstPort, _ = parsePortMatch(v) }},
	{Key: "in-interface", Type: "name", Check: checkNamedMatch, Decode: func(r *Rule, v string) { r.InInterface = parseStrMatch(v) }},
	{Key: "out-interface", Type: "name", Check: checkNamedMatch, Decode: func(r *Rule, v string) { r.OutInterface = parseStrMatch(v) }},
	{Key: "in-interface-list", Type: "name", Check: checkNamedMatch, Decode: func(r *Rule, v string) { r.InInterfaceList = parseStrMatch(v) }},
	{Key: "out-interface-list", Type: "name", Check: checkNamedMatch, Decode: func(r *Rule, v string) { r.OutInterfaceList = parseStrMatch(v) }},
	{Key: "connection-state", Type: "states", Check: checkStates, Conntrack: true, Decode: func(r *Rule, v string) { r.ConnectionState, _ = parseStateMatch(v) }},
	{Key: "connection-nat-state", Type: "states", Check: negatable(listOf(enum("connection NAT state", natStates...))), Conntrack: true,
		Decode: func(r *Rule, v string) { r.ConnectionNATState = parseStates(v) }},
	{Key: "connection-mark", Type: "mark", Check: checkMarkMatch, Conntrack: true, Decode: func(r *Rule, v string) { r.ConnectionMark = parseStrMatch(v) }},
	{Key: "packet-mark", Type: "mark", Check: checkMarkMatch, Decode: func(r *Rule, v string) { r.PacketMark = parseStrMatch(v) }},
	{Key: "routing-mark", Type: "mark", Check: checkMarkMatch, Decode: func(r *Rule, v string) { r.RoutingMark = parseStrMatch(v) }},
	{Key: "packet-size", Type: "range", Check: negatable(intRange(0, 65535)), Decode: func(r *Rule, v string) { r.PacketSize, _ = parseRange(v, 0, 65535) }},
	{Key: "dscp", Type: "range", Check: negatable(intIn(0, 63)), Decode: func(r *Rule, v string) { r.DSCP, _ = parseRange(v, 0, 63) }},
	{Key: "ttl", Type: "ttl", Check: checkTTL, Decode: func(r *Rule, v string) {
		op, n, _ := strings.Cut(v, ":")
		x, _ := strconv.Atoi(n)
		r.TTL = &TTLMatch{Op: op, Value: x}
	}},
	{Key: "tcp-flags", Type: "flags", Check: checkTCPFlags, Decode: func(r *Rule, v string) {
		f := &FlagsMatch{}
		for e := range strings.SplitSeq(v, ",") {
			if name, neg := strings.CutPrefix(e, "!"); neg {
				f.Unset = append(f.Unset, name)
			} else {
				f.Set = append(f.Set, e)
			}
		}
		r.TCPFlags = f
	}},
	{Key: "src-address-type", Type: "states", Check: negatable(listOf(enum("address type", addressTypes...))), Decode: func(r *Rule, v string) { r.SrcAddressType = parseStates(v) }},
	{Key: "dst-address-type", Type: "states", Check: negatable(listOf(enum("address type", addressTypes...))), Decode: func(r *Rule, v string) { r.DstAddressType = parseStates(v) }},
	{Key: "tcp-mss", Type: "range", Check: negatable(intRange(0, 65535)), Decode: func(r *Rule, v string) { r.TCPMSS, _ = parseRange(v, 0, 65535) }},
	{Key: "icmp-options", Type: "icmp", Check: checkICMP, Decode: func(r *Rule, v string) { r.ICMP, _ = parseICMP(v) }},
	{Key: "connection-limit", Type: "count,prefix", Check: checkConnLimit, Conntrack: true, Decode: func(r *Rule, v string) {
		a, b, _ := strings.Cut(v, ",")
		n, _ := strconv.Atoi(a)
		bits, _ := strconv.Atoi(b)
		r.ConnectionLimit = &[2]int{n, bits}
	}},
	{Key: "src-mac-address", Type: "mac", Check: negatable(checkMAC), Decode: func(r *Rule, v string) { r.SrcMACAddress = parseStrMatch(strings.ToLower(v)) }},
	{Key: "connection-bytes", Type: "byte range", Check: negatable(checkConnBytes), Conntrack: true, Decode: func(r *Rule, v string) { r.ConnectionBytes, _ = parseConnBytes(v) }},
	{Key: "ipsec-policy", Type: "direction,policy", Check: checkIPsecPolicy, Decode: func(r *Rule, v string) {
		dir, pol, _ := strings.Cut(v, ",")
		r.IPsecPolicy = &[2]string{dir, pol}
	}},
	{Key: "nth", Type: "every,nth", Check: checkNth, Decode: func(r *Rule, v string) {
		a, b, _ := strings.Cut(v, ",")
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		r.Nth = &[2]int{x, y}
	}},
	{Key: "random", Type: "percent", Check: intIn(1, 99), Decode: func(r *Rule, v string) { r.Random, _ = strconv.Atoi(v) }},
	{Key: "limit", Type: "rate", Check: checkLimit, Decode: func(r *Rule, v string) { r.Limit, _ = parseLimit(v) }},
	{Key: "port", Type: "ports", Check: checkPorts, Decode: func(r *Rule, v string) { r.Port, _ = parsePortMatch(v) }},

	// Validated, not modelled: a rule using one of these is refused by
	// the emulator (Rule.Unsupported).
	{Key: "in-bridge-port", Type: "name", Check: checkNamedMatch},
	{Key: "out-bridge-port", Type: "name", Check: checkNamedMatch},
	{Key: "in-bridge-port-list", Type: "name", Check: checkNamedMatch},
	{Key: "out-bridge-port-list", Type: "name", Check: checkNamedMatch},
	{Key: "dst-limit", Type: "rate", Check: nonEmpty},
	{Key: "time", Type: "time", Check: nonEmpty},
	{Key: "content", Type: "text"},
	{Key: "layer7-protocol", Type: "name", Check: negatable(nonEmpty)},
	{Key: "tls-host", Type: "text", Check: negatable(nonEmpty)},
	{Key: "priority", Type: "range", Check: negatable(intIn(0, 63))},
	{Key: "ingress-priority", Type: "range", Check: negatable(intIn(0, 63))},
	{Key: "ipv4-options", Type: "options", Check: negatable(nonEmpty)},
	{Key: "fragment", Type: "bool", Check: negatable(boolean)},
	{Key: "hotspot", Type: "states", Check: negatable(nonEmpty)},
	{Key: "psd", Type: "psd", Check: nonEmpty},
	{Key: "per-connection-classifier", Type: "pcc", Check: negatable(nonEmpty)},
	{Key: "connection-type", Type: "states", Check: negatable(enum("connection type", connectionTypes...)), Conntrack: true},
	{Key: "connection-rate", Type: "rate range", Check: negatable(nonEmpty), Conntrack: true},
}

// matcherByKey indexes Matchers.
var matcherByKey = func() map[string]*Matcher {
	m := make(map[string]*Matcher, len(Matchers))
	for _, x := range Matchers {
		m[x.Key] = x
	}
	return m
}()

// LookupMatcher returns the matcher named key, or nil when key is not a
// firewall matcher (an action property such as "new-packet-mark", or
// unknown).
func LookupMatcher(key string) *Matcher { return matcherByKey[key] }

// IsMatcher reports whether the firewall property key selects packets.
func IsMatcher(key string) bool { return matcherByKey[key] != nil }

// parseStates reads a comma list, negated as a whole with "!", of a value
// that passed its check; nil for "" (verbose exports write an unset
// matcher so, where the schema allows it).
func parseStates(v string) *StateMatch {
	if v == "" {
		return nil
	}
	rest, neg := strings.CutPrefix(v, "!")
	return &StateMatch{Neg: neg, States: strings.Split(rest, ",")}
}

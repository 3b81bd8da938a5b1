package routeros

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rule is the typed view of one /ip/firewall/{filter,mangle,nat} item that
// the embedded router translates. Properties the type does not model are
// still validated by the parser and kept in Item; Unsupported lists them.
type Rule struct {
	Table       string // "filter" | "mangle" | "nat"
	Chain       string // built-in ("forward", "prerouting", ...) or a user chain
	Action      string // validated against the table's actions; default "accept"
	Disabled    bool
	Comment     string
	Passthrough bool // mangle only: continue after a marking action; default true (false outside mangle)

	NewPacketMark, NewConnectionMark string // mark-packet / mark-connection
	NewRoutingMark                   string // mark-routing
	NewDSCP                          int    // change-dscp; -1 when unset
	JumpTarget                       string // jump
	RejectWith                       string // reject; "" = the RouterOS default (see DefaultRejectWith)
	Log                              bool   // log=yes: log the packet, then perform the action
	LogPrefix                        string // log-prefix
	// add-src-to-address-list / add-dst-to-address-list
	AddressList        string
	AddressListTimeout time.Duration // 0 = no timeout (none-dynamic, none-static or unset)
	// NAT targets (src-nat, dst-nat, masquerade, redirect).
	ToAddresses *AddrMatch // never negated
	ToPorts     *[2]uint16 // inclusive range; nil when unset

	// Matchers; nil means "not set".
	Protocol                  *StrMatch   // lower-case name where known ("tcp"), else the number
	SrcAddress, DstAddress    *AddrMatch  // prefix, single address (as /32) or range
	SrcPort, DstPort          *PortMatch  // only with protocol tcp, udp, udp-lite, sctp or dccp
	InInterface, OutInterface *StrMatch   // interface names
	ConnectionState           *StateMatch // established, related, new, invalid, untracked
	ConnectionMark            *StrMatch   // "no-mark" matches unmarked connections
	PacketMark                *StrMatch   // "no-mark" matches unmarked packets
	RoutingMark               *StrMatch   // "no-mark" matches packets without routing mark
	SrcAddressList            *StrMatch   // /ip/firewall/address-list names
	DstAddressList            *StrMatch
	InInterfaceList           *StrMatch // /interface/list names
	OutInterfaceList          *StrMatch
	Port                      *PortMatch  // either source or destination port
	PacketSize                *RangeMatch // IP total length, bytes
	DSCP                      *RangeMatch // 0..63 (Lo == Hi)
	TTL                       *TTLMatch
	TCPFlags                  *FlagsMatch
	ConnectionNATState        *StateMatch // srcnat, dstnat
	SrcAddressType            *StateMatch // unicast, local, broadcast, multicast, ...
	DstAddressType            *StateMatch
	TCPMSS                    *RangeMatch
	ICMP                      *ICMPMatch
	Limit                     *LimitMatch
	Nth                       *[2]int // every, nth
	Random                    int     // 1..99 percent; 0 = unset
	NewMSS                    string  // change-mss: a number or "clamp-to-pmtu"
	NewTTL                    string  // change-ttl: "set:N", "increment:N", "decrement:N"
	ConnectionBytes           *ConnBytesMatch
	SrcMACAddress             *StrMatch  // lower-case "aa:bb:cc:dd:ee:ff"
	ConnectionLimit           *[2]int    // connection-limit=count,prefix-length
	IPsecPolicy               *[2]string // ipsec-policy=in|out,ipsec|none
	HWOffload                 bool       // hw-offload=yes (fasttrack on L3HW switch chips)

	Item *Item // the item the rule was decoded from
}

// StrMatch is a matcher on a name, possibly negated ("!LAN").
type StrMatch struct {
	Neg   bool
	Value string
}

// AddrMatch is an IPv4 address matcher: a prefix ("10.0.0.0/8"; a single
// address is a /32; host bits are cleared as RouterOS does) or, when
// IsRange is set, the inclusive range Range[0]..Range[1] ("1.2.3.4-1.2.3.9").
type AddrMatch struct {
	Neg     bool
	Prefix  netip.Prefix
	Range   [2]netip.Addr
	IsRange bool
}

// PortMatch is a list of inclusive port ranges ("80,443,8000-8080"); a
// single port p is the range {p, p}.
type PortMatch struct {
	Neg    bool
	Ranges [][2]uint16
}

// ICMPMatch is icmp-options=type[:code], each an inclusive range.
type ICMPMatch struct {
	Neg        bool
	Type, Code *RangeMatch // Code nil = any
}

// LimitMatch is limit=count[/time],burst:mode: packets (or, with Bits,
// bits) per Per, with a burst of Burst packets (bits).
type LimitMatch struct {
	Rate  uint64
	Per   time.Duration
	Burst uint64
	Bits  bool
}

// RangeMatch is an inclusive integer range ("N" is N-N), possibly negated.
type RangeMatch struct {
	Neg    bool
	Lo, Hi int
}

// TTLMatch is the ttl matcher: Op is "equal", "not-equal", "less-than" or
// "greater-than".
type TTLMatch struct {
	Op    string
	Value int
}

// FlagsMatch is the tcp-flags matcher: every flag in Set must be set and
// every flag in Unset ("!syn") must be clear.
type FlagsMatch struct{ Set, Unset []string }

// DefaultRejectWith is what action=reject sends when reject-with is not
// given. The v6 manual says icmp-network-unreachable; v7 is not documented
// precisely (reference §4.3, verify on a CHR). Change it here.
const DefaultRejectWith = "icmp-network-unreachable"

// RejectWithValues are the IPv4 reject-with values (reference §4.3).
var RejectWithValues = []string{"icmp-network-unreachable", "icmp-host-unreachable",
	"icmp-port-unreachable", "icmp-protocol-unreachable", "icmp-net-prohibited",
	"icmp-host-prohibited", "icmp-admin-prohibited", "tcp-reset"}

// StateMatch is a connection-state matcher. Neg negates the whole list.
type StateMatch struct {
	Neg    bool
	States []string // in the order written
}

// MenuRaw is the raw firewall table: rules before connection tracking.
const MenuRaw = "/ip/firewall/raw"

// Firewall tables and their built-in chains and actions (reference §4.1,
// §4.3). A chain name that is not built in creates a user chain.
var (
	builtinChains = map[string][]string{
		"filter": {"input", "forward", "output"},
		"mangle": {"prerouting", "input", "forward", "output", "postrouting"},
		// v7 adds input and output NAT chains for local traffic.
		"nat": {"srcnat", "dstnat", "input", "output"},
		"raw": {"prerouting", "output"},
	}
	tableActions = map[string][]string{
		"filter": {"accept", "add-dst-to-address-list", "add-src-to-address-list", "drop",
			"fasttrack-connection", "jump", "log", "passthrough", "reject", "return", "tarpit"},
		"mangle": {"accept", "add-dst-to-address-list", "add-src-to-address-list", "change-dscp",
			"change-mss", "change-ttl", "clear-df", "fasttrack-connection", "jump", "log",
			"mark-connection", "mark-packet", "mark-routing", "passthrough", "return", "route",
			"set-priority", "sniff-pc", "sniff-tzsp", "strip-ipv4-options"},
		"nat": {"accept", "add-dst-to-address-list", "add-src-to-address-list", "dst-nat",
			"endpoint-independent-nat", "jump", "log", "masquerade", "netmap", "passthrough",
			"redirect", "return", "same", "src-nat"},
		"raw": {"accept", "add-dst-to-address-list", "add-src-to-address-list", "drop", "jump",
			"log", "notrack", "passthrough", "return"},
	}
	// actionRequires lists the property an action cannot work without.
	actionRequires = map[string]string{
		"mark-packet":             "new-packet-mark",
		"mark-connection":         "new-connection-mark",
		"mark-routing":            "new-routing-mark",
		"change-dscp":             "new-dscp",
		"change-mss":              "new-mss",
		"change-ttl":              "new-ttl",
		"set-priority":            "new-priority",
		"jump":                    "jump-target",
		"add-src-to-address-list": "address-list",
		"add-dst-to-address-list": "address-list",
	}
	tableMenus = map[string]string{"filter": MenuFilter, "mangle": MenuMangle, "nat": MenuNAT, "raw": MenuRaw}
)

// protocolNumbers maps the protocol names RouterOS accepts to IP protocol
// numbers; numbers written in a config are canonicalised to these names.
var protocolNumbers = map[string]int{
	"icmp": 1, "igmp": 2, "ggp": 3, "ipencap": 4, "st": 5, "tcp": 6, "egp": 8, "pup": 12,
	"udp": 17, "hmp": 20, "xns-idp": 22, "rdp": 27, "iso-tp4": 29, "dccp": 33, "xtp": 36,
	"ddp": 37, "idpr-cmtp": 38, "ipv6-encap": 41, "ipv6-route": 43, "ipv6-frag": 44,
	"rsvp": 46, "gre": 47, "ipsec-esp": 50, "ipsec-ah": 51, "icmpv6": 58, "ipv6-nonxt": 59,
	"ipv6-opts": 60, "rspf": 73, "vmtp": 81, "ospf": 89, "ipip": 94, "etherip": 97,
	"encap": 98, "pim": 103, "vrrp": 112, "l2tp": 115, "sctp": 132, "udp-lite": 136,
}

var (
	protocolNames = sortedKeys(protocolNumbers)
	protocolByNum = func() map[int]string {
		m := make(map[int]string, len(protocolNumbers))
		for name, n := range protocolNumbers {
			m[n] = name
		}
		return m
	}()
	// portProtocols are the protocols src-port, dst-port and port work with.
	portProtocols     = []string{"tcp", "udp", "udp-lite", "sctp", "dccp"}
	connectionStates  = []string{"established", "invalid", "new", "related", "untracked"}
	addressTypes      = []string{"unicast", "local", "broadcast", "multicast", "blackhole", "prohibit", "unreachable"}
	tcpFlagNames      = []string{"ack", "cwr", "ece", "fin", "psh", "rst", "syn", "urg"}
	connectionTypes   = []string{"ftp", "h323", "irc", "pptp", "quake3", "sip", "tftp"}
	natStates         = []string{"srcnat", "dstnat"}
	interfaceMatchers = []string{"in-interface", "in-interface-list", "in-bridge-port", "in-bridge-port-list"}
	outIfaceMatchers  = []string{"out-interface", "out-interface-list", "out-bridge-port", "out-bridge-port-list"}
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// modelled are the properties Rule decodes (the matchers with a Decode,
// and the properties decodeProperty reads); Unsupported reports the others.
var modelled = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"chain", "action", "disabled", "comment", "passthrough",
		"new-packet-mark", "new-connection-mark", "jump-target", "new-routing-mark", "new-dscp",
		"reject-with", "log", "log-prefix", "address-list", "address-list-timeout",
		"to-addresses", "to-ports", "new-mss", "new-ttl", "hw-offload"} {
		m[k] = true
	}
	for _, x := range Matchers {
		if x.Decode != nil {
			m[x.Key] = true
		}
	}
	return m
}()

// noOpDefaults are known properties whose value changes nothing, as verbose
// exports write them; Unsupported does not report them.
var noOpDefaults = map[string]string{"log": "no", "log-prefix": "", "hw-offload": "no"}

// Unsupported returns, in the order written, the properties of the rule's
// item that the parser knows and validated but Rule does not model (for
// example "time", "layer7-protocol", "new-priority": the Matchers without
// a Decode and the action properties decodeProperty skips), so a
// translator can refuse the rule with a clear message instead of silently
// dropping a matcher. Properties set to a value that changes nothing
// ("log=no") are left out.
func (r *Rule) Unsupported() []string {
	var out []string
	for _, p := range r.Item.Props {
		if modelled[p.Key] {
			continue
		}
		if def, ok := noOpDefaults[p.Key]; ok && def == p.Value {
			continue
		}
		out = append(out, p.Key)
	}
	return out
}

// DecodeRule validates a firewall item (filter, mangle or nat) and returns
// its typed view. Items that come from ParseRSC always decode; for items
// built in code the error is an ErrorList like ParseRSC's.
func DecodeRule(it *Item) (*Rule, error) {
	table := tableOf(it.Menu)
	if table == "" {
		return nil, ErrorList{{File: it.File, Line: it.Line, Col: it.Col, Item: it.Menu + " add",
			Msg: fmt.Sprintf("%s is not a firewall rule menu (want %s, %s or %s)", it.Menu, MenuFilter, MenuMangle, MenuNAT)}}
	}
	if errs := firewallSchemas[table].validate(it, true); len(errs) > 0 {
		return nil, errs
	}
	return decodeRule(table, it), nil
}

// tableOf returns the firewall table of a menu, or "".
func tableOf(menu string) string {
	for t, m := range tableMenus {
		if m == menu {
			return t
		}
	}
	return ""
}

// decodeRule builds the Rule of an item that passed validation: the
// matchers through their Matchers row, the other properties here.
func decodeRule(table string, it *Item) *Rule {
	r := &Rule{Table: table, Action: "accept", Passthrough: table == "mangle", NewDSCP: -1, Item: it}
	for _, p := range it.Props {
		if m := matcherByKey[p.Key]; m != nil {
			if m.Decode != nil {
				m.Decode(r, p.Value)
			}
			continue
		}
		decodeProperty(r, p.Key, p.Value)
	}
	return r
}

// decodeProperty sets the Rule field of a property that is not a matcher:
// the chain, the action and what the action needs.
func decodeProperty(r *Rule, key, v string) {
	switch key {
	case "chain":
		r.Chain = v
	case "action":
		r.Action = v
	case "disabled":
		r.Disabled = IsTrue(v)
	case "comment":
		r.Comment = v
	case "passthrough":
		r.Passthrough = IsTrue(v)
	case "new-packet-mark":
		r.NewPacketMark = v
	case "new-connection-mark":
		r.NewConnectionMark = v
	case "jump-target":
		r.JumpTarget = v
	case "new-routing-mark":
		r.NewRoutingMark = v
	case "new-dscp":
		r.NewDSCP, _ = strconv.Atoi(v)
	case "reject-with":
		r.RejectWith = v
	case "log":
		r.Log = IsTrue(v)
	case "log-prefix":
		r.LogPrefix = v
	case "address-list":
		r.AddressList = v
	case "address-list-timeout":
		r.AddressListTimeout, _ = ParseDuration(v) // none-* give 0
	case "to-addresses":
		r.ToAddresses, _ = parseAddrMatch(v)
	case "to-ports":
		rm, _ := parseRange(v, 0, 65535)
		r.ToPorts = &[2]uint16{uint16(rm.Lo), uint16(rm.Hi)}
	case "new-mss":
		r.NewMSS = v
	case "new-ttl":
		r.NewTTL = v
	case "hw-offload":
		r.HWOffload = IsTrue(v)
	}
}

// --- matcher grammar -------------------------------------------------------------

func parseStrMatch(v string) *StrMatch {
	rest, neg := strings.CutPrefix(v, "!")
	return &StrMatch{Neg: neg, Value: rest}
}

// parseProtocol accepts a protocol name (any case) or number 0..255.
func parseProtocol(v string) (*StrMatch, error) {
	m := parseStrMatch(v)
	name := strings.ToLower(m.Value)
	if _, ok := protocolNumbers[name]; ok {
		m.Value = name
		return m, nil
	}
	if name != "" && strings.TrimLeft(name, "0123456789") == "" {
		n, err := parseIntIn(name, 0, 255)
		if err != nil {
			return nil, fmt.Errorf("protocol number %s", err)
		}
		if known, ok := protocolByNum[n]; ok {
			m.Value = known
		} else {
			m.Value = strconv.Itoa(n)
		}
		return m, nil
	}
	return nil, fmt.Errorf("unknown protocol %q%s", m.Value, didYouMean(name, protocolNames))
}

func parseIPv4(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return netip.Addr{}, fmt.Errorf("invalid IPv4 address %q", s)
	}
	return a, nil
}

// parseAddrMatch accepts "10.0.0.0/8", "10.0.0.0/255.0.0.0", "1.2.3.4" and
// "1.2.3.4-1.2.3.9", each optionally negated.
func parseAddrMatch(v string) (*AddrMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	m := &AddrMatch{Neg: neg}
	if lo, hi, ok := strings.Cut(rest, "-"); ok {
		a, err := parseIPv4(lo)
		if err != nil {
			return nil, err
		}
		b, err := parseIPv4(hi)
		if err != nil {
			return nil, err
		}
		if b.Less(a) {
			return nil, fmt.Errorf("address range %q runs backwards", rest)
		}
		m.IsRange, m.Range = true, [2]netip.Addr{a, b}
		return m, nil
	}
	addr, mask, hasMask := strings.Cut(rest, "/")
	a, err := parseIPv4(addr)
	if err != nil {
		return nil, err
	}
	bits := 32
	if hasMask {
		if bits, err = parseMask(mask); err != nil {
			return nil, fmt.Errorf("invalid prefix length in %q: %v", rest, err)
		}
	}
	m.Prefix = netip.PrefixFrom(a, bits).Masked()
	return m, nil
}

// parseMask accepts a prefix length 0..32 or a dotted contiguous netmask.
func parseMask(s string) (int, error) {
	if !strings.Contains(s, ".") {
		return parseIntIn(s, 0, 32)
	}
	m, err := parseIPv4(s)
	if err != nil {
		return 0, errors.New("bad netmask")
	}
	b := m.As4()
	x := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n := 0
	for x&(1<<31) != 0 {
		n++
		x <<= 1
	}
	if x != 0 {
		return 0, errors.New("netmask is not contiguous")
	}
	return n, nil
}

// parsePortMatch accepts a comma list of ports and port ranges 0..65535,
// optionally negated as a whole.
func parsePortMatch(v string) (*PortMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	m := &PortMatch{Neg: neg}
	if rest == "" {
		return nil, errors.New("empty port list")
	}
	for e := range strings.SplitSeq(rest, ",") {
		lo, hi, isRange := strings.Cut(e, "-")
		a, err := parseIntIn(lo, 0, 65535)
		if err != nil {
			return nil, fmt.Errorf("invalid port in %q: %v", rest, err)
		}
		b := a
		if isRange {
			if b, err = parseIntIn(hi, 0, 65535); err != nil {
				return nil, fmt.Errorf("invalid port in %q: %v", rest, err)
			}
			if a > b {
				return nil, fmt.Errorf("port range %q runs backwards", e)
			}
		}
		m.Ranges = append(m.Ranges, [2]uint16{uint16(a), uint16(b)})
	}
	return m, nil
}

// parseRange accepts "N" or "N-M" within lo..hi, optionally negated.
func parseRange(v string, lo, hi int) (*RangeMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	if err := intRange(lo, hi)(rest); err != nil {
		return nil, err
	}
	a, b, isRange := strings.Cut(rest, "-")
	x, _ := strconv.Atoi(a)
	y := x
	if isRange {
		y, _ = strconv.Atoi(b)
	}
	return &RangeMatch{Neg: neg, Lo: x, Hi: y}, nil
}

// parseICMP accepts type[:code] (each N or N-M, 0..255), optionally negated.
func parseICMP(v string) (*ICMPMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	typ, code, hasCode := strings.Cut(rest, ":")
	m := &ICMPMatch{Neg: neg}
	var err error
	if m.Type, err = parseRange(typ, 0, 255); err != nil || m.Type.Neg {
		return nil, fmt.Errorf("invalid icmp-options %q (use type[:code], e.g. 8:0 or 3)", v)
	}
	if hasCode {
		if m.Code, err = parseRange(code, 0, 255); err != nil || m.Code.Neg {
			return nil, fmt.Errorf("invalid icmp-options %q (use type[:code], e.g. 8:0 or 3)", v)
		}
	}
	return m, nil
}

func checkICMP(v string) error { _, err := parseICMP(v); return err }

// parseLimit accepts limit=count[/time],burst:mode with mode packet or bit;
// in bit mode count and burst are rates ("1M").
func parseLimit(v string) (*LimitMatch, error) {
	bad := fmt.Errorf("invalid limit %q (use count[/time],burst:packet or rate[/time],burst:bit, e.g. 10,5:packet)", v)
	rate, rest, ok := strings.Cut(v, ",")
	if !ok {
		return nil, bad
	}
	burst, mode, ok := strings.Cut(rest, ":")
	if !ok || (mode != "packet" && mode != "bit") {
		return nil, bad
	}
	m := &LimitMatch{Bits: mode == "bit", Per: time.Second}
	count, per, hasPer := strings.Cut(rate, "/")
	if hasPer {
		d, err := ParseDuration(per)
		if err != nil || d <= 0 {
			return nil, bad
		}
		m.Per = d
	}
	num := func(s string) (uint64, error) {
		if m.Bits {
			return ParseRate(s)
		}
		n, err := parseIntIn(s, 0, math.MaxInt32)
		return uint64(n), err
	}
	var err error
	if m.Rate, err = num(count); err != nil || m.Rate == 0 {
		return nil, bad
	}
	if m.Burst, err = num(burst); err != nil {
		return nil, bad
	}
	return m, nil
}

func checkLimit(v string) error { _, err := parseLimit(v); return err }

// ConnBytesMatch is connection-bytes=min-max: the bytes a connection has
// carried in both directions; Max 0 means no upper bound.
type ConnBytesMatch struct {
	Neg      bool
	Min, Max uint64
}

func parseConnBytes(v string) (*ConnBytesMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	a, b, ok := strings.Cut(rest, "-")
	bad := fmt.Errorf("invalid connection-bytes %q (use min-max in bytes, 0 = no limit: 500000-0)", v)
	if !ok {
		return nil, bad
	}
	lo, err1 := strconv.ParseUint(a, 10, 64)
	hi, err2 := strconv.ParseUint(b, 10, 64)
	if err1 != nil || err2 != nil || (hi != 0 && hi < lo) {
		return nil, bad
	}
	return &ConnBytesMatch{Neg: neg, Min: lo, Max: hi}, nil
}

func checkConnBytes(v string) error { _, err := parseConnBytes(v); return err }

// checkConnLimit accepts connection-limit=count,prefix-length (0..32).
func checkConnLimit(v string) error {
	a, b, ok := strings.Cut(v, ",")
	if !ok {
		return fmt.Errorf("invalid connection-limit %q (use count,prefix-length, e.g. 100,32)", v)
	}
	if _, err := parseIntIn(a, 0, math.MaxInt32); err != nil {
		return err
	}
	_, err := parseIntIn(b, 0, 32)
	return err
}

// checkMAC accepts a MAC address written as six hex pairs separated by ":".
func checkMAC(v string) error {
	if _, err := net.ParseMAC(v); err != nil || len(v) != 17 {
		return fmt.Errorf("invalid MAC address %q (use 02:00:00:00:00:01)", v)
	}
	return nil
}

// checkIPsecPolicy accepts ipsec-policy=in|out,ipsec|none.
func checkIPsecPolicy(v string) error {
	dir, pol, ok := strings.Cut(v, ",")
	if !ok {
		return fmt.Errorf("invalid ipsec-policy %q (use in,ipsec, in,none, out,ipsec or out,none)", v)
	}
	if err := enum("ipsec-policy direction", "in", "out")(dir); err != nil {
		return err
	}
	return enum("ipsec-policy", "ipsec", "none")(pol)
}

// checkNth accepts nth=every,nth with 1 <= nth <= every.
func checkNth(v string) error {
	a, b, ok := strings.Cut(v, ",")
	if !ok {
		return fmt.Errorf("invalid nth %q (use every,nth, e.g. 3,1)", v)
	}
	every, err := parseIntIn(a, 1, math.MaxInt32)
	if err != nil {
		return err
	}
	n, err := parseIntIn(b, 1, every)
	if err != nil {
		return fmt.Errorf("nth: %v", err)
	}
	_ = n
	return nil
}

// parseStateMatch accepts a comma list of connection states, optionally
// negated as a whole.
func parseStateMatch(v string) (*StateMatch, error) {
	rest, neg := strings.CutPrefix(v, "!")
	if err := listOf(enum("connection state", connectionStates...))(rest); err != nil {
		return nil, err
	}
	return &StateMatch{Neg: neg, States: strings.Split(rest, ",")}, nil
}

// --- schemas --------------------------------------------------------------

func checkProtocol(v string) error   { _, err := parseProtocol(v); return err }
func checkAddr(v string) error       { _, err := parseAddrMatch(v); return err }
func checkPorts(v string) error      { _, err := parsePortMatch(v); return err }
func checkStates(v string) error     { _, err := parseStateMatch(v); return err }
func checkChain(v string) error      { return nonEmpty(v) }
func checkMarkMatch(v string) error  { return negatable(nonEmpty)(v) }
func checkNamedMatch(v string) error { return negatable(nonEmpty)(v) }

// checkAddrOrRange accepts what checkAddr does, without negation (NAT
// targets, sniff targets).
func checkAddrOrRange(v string) error {
	if strings.HasPrefix(v, "!") {
		return errors.New(`"!" is not allowed here`)
	}
	return checkAddr(v)
}

// checkTTL accepts the ttl matcher form "equal:64", "less-than:10", ...
func checkTTL(v string) error {
	op, n, ok := strings.Cut(v, ":")
	if !ok {
		return fmt.Errorf("invalid ttl matcher %q (use equal:N, not-equal:N, less-than:N or greater-than:N)", v)
	}
	if err := enum("ttl comparison", "equal", "not-equal", "less-than", "greater-than")(op); err != nil {
		return err
	}
	return intIn(0, 255)(n)
}

// checkNewTTL accepts the change-ttl form "set:64", "increment:1", ...
func checkNewTTL(v string) error {
	op, n, ok := strings.Cut(v, ":")
	if !ok {
		return fmt.Errorf("invalid new-ttl %q (use set:N, increment:N or decrement:N)", v)
	}
	if err := enum("ttl change", "set", "increment", "decrement")(op); err != nil {
		return err
	}
	return intIn(0, 255)(n)
}

// checkTCPFlags accepts a comma list of TCP flags, each optionally negated.
func checkTCPFlags(v string) error {
	return listOf(func(f string) error {
		return enum("tcp flag", tcpFlagNames...)(strings.TrimPrefix(f, "!"))
	})(v)
}

// checkTimeout accepts an address-list timeout.
func checkTimeout(v string) error {
	if v == "none-dynamic" || v == "none-static" {
		return nil
	}
	return duration(v)
}

// firewallSchemas holds the schema of each firewall table.
var firewallSchemas = map[string]*schema{
	"filter": firewallSchema("filter"),
	"mangle": firewallSchema("mangle"),
	"nat":    firewallSchema("nat"),
	"raw":    firewallSchema("raw"),
}

// firewallSchema builds the schema of one table: the matchers of reference
// §4.5, common to all tables, plus the table's actions and their
// properties (§4.3).
func firewallSchema(table string) *schema {
	props := map[string]check{
		"chain":    checkChain,
		"action":   enum("action", tableActions[table]...),
		"comment":  nil,
		"disabled": boolean,
		"log":      boolean,
		// log-prefix is free text.
		"log-prefix": nil,

		"jump-target":          checkChain,
		"address-list":         nonEmpty,
		"address-list-timeout": checkTimeout,
	}
	for _, m := range Matchers {
		props[m.Key] = m.Check
	}
	hints := map[string]string{}
	switch table {
	case "filter":
		props["reject-with"] = enum("reject-with value", RejectWithValues...)
		props["hw-offload"] = boolean
		hints["passthrough"] = `passthrough is a property of ` + MenuMangle + ` rules; in filter use action=passthrough`
	case "mangle":
		props["passthrough"] = boolean
		props["hw-offload"] = boolean
		props["new-packet-mark"] = nonEmpty
		props["new-connection-mark"] = nonEmpty
		props["new-routing-mark"] = nonEmpty
		props["new-dscp"] = intIn(0, 63)
		props["new-mss"] = func(v string) error {
			if v == "clamp-to-pmtu" {
				return nil
			}
			return intIn(0, 65535)(v)
		}
		props["new-ttl"] = checkNewTTL
		props["new-priority"] = nonEmpty
		props["route-dst"] = checkAddrOrRange
		props["sniff-id"] = intIn(0, 1<<31-1)
		props["sniff-target"] = checkAddrOrRange
		props["sniff-target-port"] = intIn(0, 65535)
	case "nat":
		props["to-addresses"] = checkAddrOrRange
		props["to-ports"] = intRange(0, 65535)
		hints["passthrough"] = `passthrough is a property of ` + MenuMangle + ` rules; in nat use action=passthrough`
	case "raw":
		hints["passthrough"] = `passthrough is a property of ` + MenuMangle + ` rules; in raw use action=passthrough`
		// Raw rules run before connection tracking: RouterOS offers no
		// connection matchers there.
		for _, m := range Matchers {
			if m.Conntrack {
				delete(props, m.Key)
				hints[m.Key] = "raw rules run before connection tracking; match connections in filter or mangle"
			}
		}
	}
	if table != "mangle" {
		for _, k := range []string{"new-packet-mark", "new-connection-mark", "new-routing-mark"} {
			hints[k] = "marks are set in " + MenuMangle
		}
	}
	return newSchema(tableMenus[table], props, hints, ruleChecks(table))
}

// ruleChecks returns the checks of a firewall rule that involve several
// properties, as RouterOS makes them when a rule is added.
func ruleChecks(table string) func(*Item, *reporter) {
	return func(it *Item, r *reporter) {
		r.require("chain")
		action, ok := it.Get("action")
		if !ok {
			action = "accept"
		}
		if need, ok := actionRequires[action]; ok {
			if _, has := it.Get(need); !has {
				r.atItem("missing property %q in %s (required by action=%s)", need, r.what(), action)
			}
		}
		for _, pm := range Matchers {
			k := pm.Key
			if pm.Type != "ports" {
				continue
			}
			if _, has := it.Get(k); !has {
				continue
			}
			proto, hasProto := it.Get("protocol")
			m, err := parseProtocol(proto)
			switch {
			case !hasProto:
				r.atKey(k, "property %q in %s: port matching needs protocol=tcp, udp, udp-lite, sctp or dccp (protocol is not set)", k, r.what())
			case err == nil && (m.Neg || !slices.Contains(portProtocols, m.Value)):
				r.atKey(k, "property %q in %s: port matching needs protocol=tcp, udp, udp-lite, sctp or dccp (protocol is %q)", k, r.what(), proto)
			}
		}
		// RouterOS refuses interface matchers that can never match in a
		// built-in chain: there is no outgoing interface before routing,
		// and no incoming one for locally generated packets.
		if table == "nat" {
			return
		}
		chain, _ := it.Get("chain")
		switch chain {
		case "input", "prerouting":
			for _, k := range outIfaceMatchers {
				if _, has := it.Get(k); has {
					r.atKey(k, "property %q in %s: outgoing interface matching is not possible in chain %s", k, r.what(), chain)
				}
			}
		case "output", "postrouting":
			for _, k := range interfaceMatchers {
				if _, has := it.Get(k); has {
					r.atKey(k, "property %q in %s: incoming interface matching is not possible in chain %s", k, r.what(), chain)
				}
			}
		}
	}
}

// ParseAddrMatch decodes an address matcher or address-list entry:
// "10.0.0.0/8", "10.0.0.0/255.0.0.0", "1.2.3.4" or "1.2.3.4-1.2.3.9",
// optionally negated with a leading "!".
func ParseAddrMatch(v string) (*AddrMatch, error) { return parseAddrMatch(v) }

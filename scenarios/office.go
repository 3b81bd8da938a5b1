package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// The built-in office scenario: what `qosbench run --config router.rsc`
// runs for a user who has a RouterOS export and no scenario file. It is a
// scenario like any other: rendered as YAML and loaded by the strict
// loader (Parse), so every check and default of the format applies and the
// result is exactly what the same YAML in a file would give. Only the lab
// comes from the config: which ports are the WAN and the LAN, and their
// subnets (routeros.InferRoles), unless the user's flags say.

// ErrMapping marks a config whose WAN or LAN the office scenario cannot
// place in the lab (nothing in the config shows it, or a flag's value is
// not usable). The message names the flag that fixes it; callers map it to
// the usage exit code.
var ErrMapping = errors.New("cannot map the config onto the lab")

// OfficeMapping is what the user says about the lab of the built-in office
// scenario (the flags of `run --config`). Every field is optional: an empty
// one is inferred from the config or takes the default. Values are kept as
// written so that the scenario loader parses them with its own grammar and
// messages.
type OfficeMapping struct {
	WAN, LAN             string // router interface names (--wan, --lan)
	LANSubnet, WANSubnet string // IPv4 prefixes (--lan-subnet, --wan-subnet)
	// Uplink is the ISP link as "UP/DOWN" rates, or one rate for both
	// (--uplink); default OfficeUplink.
	Uplink string
	Buffer string // the ISP's FIFO depth as a duration (--buffer); default 100ms
	// PrivateSources is the ISP's treatment of private sources from the
	// router (--private-sources): "drop" (the default with a public WAN
	// subnet) or "pass", for a config that relies on NAT configured
	// elsewhere on the router.
	PrivateSources string
}

// Defaults of the office scenario's lab when neither the config nor a flag
// gives a value. The WAN default is TEST-NET-2 (RFC 5737), documentation
// space that is never routed anywhere real.
const (
	OfficeLANSubnet = "192.168.88.0/24" // RouterOS default configurations
	OfficeWANSubnet = "198.51.100.0/24"
	OfficeUplink    = "10Mbps/50Mbps"
	OfficeBuffer    = "100ms"
)

// officeServiceProbes are the management services probed from the WAN
// (each must be unreachable there) and, of them, those probed from the LAN
// (each must answer there, unless the config itself closes it).
var (
	officeWANServices = []string{"winbox", "ssh", "www", "www-ssl", "api", "api-ssl", "telnet", "ftp"}
	officeLANServices = []string{"winbox", "ssh"}
)

// Office builds the built-in office scenario for the RouterOS script at
// configPath: two G.711 calls in both directions, web browsing, bulk TCP
// in both directions, and firewall and management probes, with the
// thresholds of docs/scenario-format.md ("Built-in office scenario"). The
// config is parsed as a RouterOS terminal applies a pasted script
// (routeros.ParseOptions{Terminal: true}), so an export with a few lines
// the router rejects still runs. The variants are fasttrack off and on
// when the config has a fasttrack rule, else the single baseline.
//
// It returns the scenario and, for the user, one line per value mapped
// and why ("WAN = ether1 (masquerade out-interface, router.rsc:24)"). An
// unreadable config is returned as the wrapped os error; a config or flag
// that does not map onto the lab wraps ErrMapping and names the flag to
// pass.
func Office(configPath string, m OfficeMapping) (*Scenario, []string, error) {
	abs, err := filepath.Abs(configPath)
	if err != nil {
		return nil, nil, fmt.Errorf("scenarios: %w", err)
	}
	cfg, err := routeros.ParseFileOptions(configPath, routeros.ParseOptions{Terminal: true})
	if err != nil {
		return nil, nil, fmt.Errorf("scenarios: config %s: %w", configPath, err)
	}
	lab, lines, err := officeLab(cfg, m)
	if err != nil {
		return nil, lines, err
	}

	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("name: %s", officeName(configPath))
	// The mapping goes into the description, so the results and reports
	// say which ports the config was tested on.
	w("description: %s", q(fmt.Sprintf("Built-in office scenario for %s (WAN %s, LAN %s): VoIP, web, bulk, firewall and management probes",
		filepath.Base(configPath), lab.wan.value, lab.lan.value)))
	w("dut: {kind: embedded}")
	w("config: %s", q(abs))
	// As the config was read for the mapping: an export with a few lines
	// the router rejects still runs, without them.
	w("config-mode: %s", ConfigTerminal)
	w("lab:")
	w("  lan: {subnet: %s, hosts: 2, interface: %s}", q(lab.lanSubnet.value), q(lab.lan.value))
	w("  wan: {subnet: %s, hosts: 1, interface: %s}", q(lab.wanSubnet.value), q(lab.wan.value))
	w("  uplink: {up: %s, down: %s, buffer: %s%s}", q(lab.up.value), q(lab.down.value), q(lab.buffer.value), lab.private)
	if ft := fasttrackRule(cfg); ft != nil {
		w("variants: {fasttrack: [off, on]}")
		lines = append(lines, fmt.Sprintf("Variants = fasttrack=off, fasttrack=on (fasttrack-connection rule, %s:%d)", ft.File, ft.Line))
	} else {
		lines = append(lines, "Variants = baseline (the config has no fasttrack rule)")
	}
	w("duration: 10s")
	w("warmup: 2s")
	w("traffic:")
	w("  - {class: voip, type: voip, calls: 2, codec: g711, dscp: ef, direction: both}")
	w("  - {class: web, type: web, clients: 2}")
	w("  - {class: bulk, type: bulk, proto: tcp, flows: 2, direction: both}")
	w("  - {class: web-out, type: probe, from: lan, to: wan1, proto: tcp, port: 80, expect: allow}")
	w("  - {class: dns-out, type: probe, from: lan, to: wan1, proto: udp, port: 53, expect: allow}")
	w("  - {class: ping-out, type: probe, from: lan, to: wan1, proto: icmp, expect: allow}")
	w("  - {class: no-inbound, type: probe, from: wan, to: lan1, proto: tcp, port: 22, expect: deny}")
	probes := []string{"web-out", "dns-out", "ping-out", "no-inbound"}
	var wanMgmt, lanMgmt []string
	for _, svc := range officeWANServices {
		class := "wan-" + svc
		w("  - {class: %s, type: probe, from: wan, service: %s, expect: deny}", class, svc)
		wanMgmt = append(wanMgmt, class)
	}
	services := routeros.Services(cfg)
	lan1 := lab.lanPrefix.Addr().Next().Next() // the router takes .1, lan1 the next
	for _, name := range officeLANServices {
		i := slices.IndexFunc(services, func(s routeros.Service) bool { return s.Name == name })
		if i >= 0 && !services[i].Allows(lan1) {
			// The config closes it on purpose; expecting it open from
			// the LAN would fail a choice, not a mistake.
			lines = append(lines, fmt.Sprintf("Probe lan-%s left out: the config does not let %s (lan1) reach %s (%s:%d)", name, lan1, name, services[i].File, services[i].Line))
			continue
		}
		class := "lan-" + name
		w("  - {class: %s, type: probe, from: lan, service: %s, expect: allow}", class, name)
		lanMgmt = append(lanMgmt, class)
	}
	probes = append(append(probes, wanMgmt...), lanMgmt...)
	w("thresholds:")
	w(`  voip: ["latency.p99 < 150ms", "jitter < 30ms", "loss < 1%%"]`)
	w(`  web: ["ttfb.p50 < 500ms"]`)
	for _, p := range probes {
		w(`  %s: ["verdict >= 100%%"]`, p)
	}

	// The claims are what a SOHO guide promises of such a config; the
	// report states plainly which hold.
	w("claims:")
	w(`  - {claim: "VoIP stays usable while web and bulk load the line", classes: [voip]}`)
	w(`  - {claim: "LAN hosts reach the internet: web, DNS and ping work", classes: [web, web-out, dns-out, ping-out]}`)
	w(`  - {claim: "Unsolicited traffic from the WAN does not reach the LAN", classes: [no-inbound]}`)
	w(`  - {claim: "The router's management services are closed to the WAN", classes: [%s]}`, strings.Join(wanMgmt, ", "))
	if len(lanMgmt) > 0 {
		w(`  - {claim: "The router can be managed from the LAN", classes: [%s]}`, strings.Join(lanMgmt, ", "))
	}

	s, err := Parse("", []byte(b.String()))
	if err != nil {
		return nil, lines, lab.explain(err)
	}
	return s, lines, nil
}

// q quotes a value for the rendered YAML: a JSON string is a YAML
// double-quoted scalar, so no value the user passes can change the
// document's structure.
func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var nameUnsafe = regexp.MustCompile(`[^a-z0-9._-]+`)

// officeName names the scenario after the config ("office-router" for
// router.rsc), which also names the default output directory.
func officeName(configPath string) string {
	base := strings.TrimSuffix(filepath.Base(configPath), filepath.Ext(configPath))
	base = strings.Trim(nameUnsafe.ReplaceAllString(strings.ToLower(base), "-"), "-._")
	name := "office"
	if base != "" {
		name += "-" + base
	}
	if len(name) > maxNameLen {
		name = strings.TrimRight(name[:maxNameLen], "-._")
	}
	return name
}

// fasttrackRule returns the config's first fasttrack-connection rule, or
// nil: only a config that has one gets the fasttrack off/on variants.
func fasttrackRule(cfg *routeros.Config) *routeros.Item {
	for _, it := range cfg.Items {
		if it.Menu != routeros.MenuFilter {
			continue
		}
		if a, _ := it.Get("action"); a == "fasttrack-connection" {
			return it
		}
	}
	return nil
}

// mapped is one lab value and where it came from: the flag that sets it,
// and the evidence when it was inferred ("" = from the flag, or a default).
type mapped struct {
	value string
	flag  string // the flag that sets it, for messages
	from  string // why, as shown to the user
	given bool   // the user passed the flag
}

// officeMap is the office scenario's lab, value by value.
type officeMap struct {
	wan, lan, lanSubnet, wanSubnet, up, down, buffer mapped
	lanPrefix                                        netip.Prefix // parsed lanSubnet, when valid
	private                                          string       // the uplink's private-sources entry, or ""
}

// officeLab decides the lab: flags first, then the config, then the
// defaults. It fails (ErrMapping) when the WAN or LAN stays unknown.
func officeLab(cfg *routeros.Config, m OfficeMapping) (*officeMap, []string, error) {
	r := routeros.InferRoles(cfg, m.WAN, m.LAN)
	lab := &officeMap{}
	pick := func(flag, given, inferred string, why routeros.Evidence, def, defWhy string) mapped {
		switch {
		case given != "":
			return mapped{value: given, flag: flag, from: flag, given: true}
		case inferred != "":
			return mapped{value: inferred, flag: flag, from: why.String()}
		}
		return mapped{value: def, flag: flag, from: defWhy}
	}
	lab.wan = pick("--wan", m.WAN, r.WAN, r.WANWhy, "", "")
	lab.lan = pick("--lan", m.LAN, r.LAN, r.LANWhy, "", "")
	// A port the config never names can be called anything: nothing in
	// the config depends on it, so any name tests it the same. Take those
	// of RouterOS default configurations (ether1 WAN, ether2 LAN).
	namesOnly := func(known string) bool {
		return !slices.ContainsFunc(r.Named, func(n routeros.NamedInterface) bool { return n.Name != known })
	}
	unnamed := func(flag, def, alt, other, side string) mapped {
		why := "the config names no interface; RouterOS default configuration port"
		if other != "" && len(r.Named) > 0 {
			why = "the config names no interface besides the " + side + "; RouterOS default configuration port"
		}
		if def == other {
			def = alt
		}
		return mapped{value: def, flag: flag, from: why}
	}
	if lab.wan.value == "" && namesOnly(lab.lan.value) {
		lab.wan = unnamed("--wan", "ether1", "ether2", lab.lan.value, "LAN")
	}
	if lab.lan.value == "" && namesOnly(lab.wan.value) {
		lab.lan = unnamed("--lan", "ether2", "ether1", lab.wan.value, "WAN")
	}
	if lab.wan.value == "" || lab.lan.value == "" {
		return nil, nil, unmappedError(cfg, r, lab)
	}
	var lanSub, wanSub string
	if r.LANSubnet.IsValid() {
		lanSub = r.LANSubnet.String()
	}
	if r.WANSubnet.IsValid() {
		wanSub = r.WANSubnet.String()
	}
	lab.lanSubnet = pick("--lan-subnet", m.LANSubnet, lanSub, r.LANSubnetWhy, OfficeLANSubnet, "default: RouterOS default configuration")
	lab.wanSubnet = pick("--wan-subnet", m.WANSubnet, wanSub, r.WANSubnetWhy, OfficeWANSubnet, "default: TEST-NET-2, documentation space")
	lab.lanPrefix, _ = netip.ParsePrefix(lab.lanSubnet.value)

	uplink, uplinkFrom := OfficeUplink, "default"
	if m.Uplink != "" {
		uplink, uplinkFrom = m.Uplink, "--uplink"
	}
	up, down, found := strings.Cut(uplink, "/")
	if !found {
		down = up // one rate for both directions
	}
	lab.up = mapped{value: strings.TrimSpace(up), flag: "--uplink", from: uplinkFrom, given: m.Uplink != ""}
	lab.down = mapped{value: strings.TrimSpace(down), flag: "--uplink", from: uplinkFrom, given: m.Uplink != ""}
	lab.buffer = mapped{value: OfficeBuffer, flag: "--buffer", from: "default"}
	if m.Buffer != "" {
		lab.buffer = mapped{value: m.Buffer, flag: "--buffer", from: "--buffer", given: true}
	}
	// A real access network drops private sources from its customers, so
	// LAN hosts reach the internet only through the config's NAT. Not when
	// the WAN itself is private space: then even the router's own packets
	// would be dropped.
	publicWAN := false
	if w, err := netip.ParsePrefix(lab.wanSubnet.value); err == nil && !w.Addr().IsPrivate() && !cgnat.Contains(w.Addr()) {
		publicWAN = true
	}
	var ispLine string
	switch m.PrivateSources {
	case "pass":
		ispLine = "ISP = routes private sources back (--private-sources pass): the LAN reaches the internet without NAT"
	case "drop", "":
		if !publicWAN {
			ispLine = "ISP = routes private sources back (the WAN subnet is private space itself)"
			break
		}
		lab.private = ", private-sources: drop"
		if nat := srcNAT(cfg); nat != nil {
			ispLine = fmt.Sprintf("ISP = drops private sources, as access networks do; the config's NAT (%s:%d) hides the LAN", nat.File, nat.Line)
		} else {
			ispLine = "ISP = drops private sources, as access networks do; the config has no masquerade or src-nat, so the LAN cannot reach the internet " +
				"(if the router does NAT elsewhere, e.g. in its default configuration, pass --private-sources pass)"
		}
	default:
		return nil, nil, fmt.Errorf("%w: --private-sources %q: expected drop or pass", ErrMapping, m.PrivateSources)
	}

	lines := []string{
		fmt.Sprintf("WAN = %s (%s)", lab.wan.value, lab.wan.from),
		fmt.Sprintf("LAN = %s (%s)", lab.lan.value, lab.lan.from),
		fmt.Sprintf("LAN subnet = %s (%s)", lab.lanSubnet.value, lab.lanSubnet.from),
		fmt.Sprintf("WAN subnet = %s (%s)", lab.wanSubnet.value, lab.wanSubnet.from),
		fmt.Sprintf("Uplink = %s up, %s down, %s buffer (%s)", lab.up.value, lab.down.value, lab.buffer.value, joinFrom(uplinkFrom, lab.buffer.from)),
		ispLine,
	}
	// Commands the router rejects are not listed here: the run warns of
	// them for every config-mode: terminal scenario.
	return lab, lines, nil
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

func joinFrom(a, b string) string {
	if a == b {
		return a
	}
	return a + "; buffer: " + b
}

// unmappedError says which of WAN and LAN the config does not show, what
// it does name, and which flag to pass.
func unmappedError(cfg *routeros.Config, r routeros.Roles, lab *officeMap) error {
	var missing, flags []string
	if lab.wan.value == "" {
		missing = append(missing, "the WAN (the port towards the ISP)")
		flags = append(flags, "--wan IF")
	}
	if lab.lan.value == "" {
		missing = append(missing, "the LAN")
		flags = append(flags, "--lan IF")
	}
	var named []string
	for _, n := range r.Named {
		named = append(named, fmt.Sprintf("%s (%s:%d)", n.Name, n.File, n.Line))
	}
	msg := fmt.Sprintf("%s does not show which interface is %s: no masquerade out-interface, WAN/LAN interface list, /ip address, /ip dhcp-client or default route says so. It names %s. Pass %s",
		cfg.Source, strings.Join(missing, " or "), strings.Join(named, ", "), strings.Join(flags, " and "))
	if lab.wan.value != "" {
		msg += fmt.Sprintf(" (WAN = %s, %s)", lab.wan.value, lab.wan.from)
	}
	if lab.lan.value != "" {
		msg += fmt.Sprintf(" (LAN = %s, %s)", lab.lan.value, lab.lan.from)
	}
	return fmt.Errorf("%w: %s", ErrMapping, msg)
}

// explain turns the loader's errors on the rendered scenario into errors
// about the flag or the config that gave the value. Errors on other fields
// would be a bug in the rendered scenario and are returned as they are.
func (lab *officeMap) explain(err error) error {
	var list ErrorList
	if !errors.As(err, &list) {
		return fmt.Errorf("built-in office scenario: %w", err)
	}
	byField := map[string]mapped{
		"lab.wan.interface": lab.wan, "lab.lan.interface": lab.lan,
		"lab.lan.subnet": lab.lanSubnet, "lab.wan.subnet": lab.wanSubnet,
		"lab.uplink.up": lab.up, "lab.uplink.down": lab.down, "lab.uplink.buffer": lab.buffer,
	}
	var msgs []string
	mappingErr := true
	for _, e := range list {
		v, ok := byField[e.Field]
		switch {
		case !ok:
			mappingErr = false
			msgs = append(msgs, "built-in office scenario: "+e.Error())
		case v.given:
			msgs = append(msgs, fmt.Sprintf("%s %s: %s", v.flag, v.value, e.Msg))
		default:
			msgs = append(msgs, fmt.Sprintf("%s %s (%s): %s; pass %s", e.Field, v.value, v.from, e.Msg, v.flag))
		}
	}
	text := strings.Join(msgs, "\n")
	if mappingErr {
		return fmt.Errorf("%w:\n%s", ErrMapping, text)
	}
	return errors.New(text)
}

// srcNAT returns the config's first enabled masquerade or src-nat rule, or
// nil.
func srcNAT(cfg *routeros.Config) *routeros.Item {
	for _, it := range cfg.Menu(routeros.MenuNAT) {
		if it.Disabled() {
			continue
		}
		if a, _ := it.Get("action"); a == "masquerade" || a == "src-nat" {
			return it
		}
	}
	return nil
}

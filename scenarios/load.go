package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/qosbench/qosbench/lab"
	"io/fs"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// Load reads and parses a scenario file. Problems with the file's content
// are returned as an ErrorList naming path as written; a file that cannot
// be read at all is returned as the wrapped os error (errors.Is(err,
// fs.ErrNotExist) works), since there is no scenario to point into.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return Parse(path, data)
}

// Parse parses and validates a scenario. file names it in errors and is the
// base for resolving `config` (relative to filepath.Dir(file), or to the
// working directory when file is ""). On failure it returns a nil Scenario
// and an ErrorList holding every problem found, sorted by position. It is
// safe for concurrent use.
func Parse(file string, data []byte) (*Scenario, error) {
	d := &decoder{file: file, aliases: map[*ast.AliasNode]ast.Node{}, budget: maxAliasExpansions}
	// Editors on Windows may save a byte order mark; it is not part of the
	// first key.
	s := d.decodeFile(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if len(d.errs) > 0 {
		return nil, d.errs.sortAndDedup()
	}
	return s, nil
}

var topKeys = []string{"version", "name", "description", "dut", "config", "config-mode", "lab", "variants", "duration", "warmup", "traffic", "thresholds", "claims"}

// extensionPrefix marks top-level keys the loader ignores, a place to
// define YAML anchors, as in Docker Compose files.
const extensionPrefix = "x-"

var (
	nameRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	classRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	// RouterOS interface names may be longer than Linux device names
	// (ether2-master-local); the lab maps them (lab.DeviceNames).
	interfaceRE = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,63}$`)
)

const (
	maxNameLen  = 64
	maxClassLen = 32
	maxHosts    = 16
)

func (d *decoder) decodeFile(data []byte) *Scenario {
	f, err := parseYAML(data)
	if err != nil {
		d.syntaxError(err)
		return nil
	}
	if f == nil {
		f = &ast.File{}
	}
	var root ast.Node
	if len(f.Docs) > 0 && f.Docs[0] != nil {
		root = f.Docs[0].Body
		d.indexAliases(f.Docs[0], map[string]ast.Node{})
	}
	for _, doc := range f.Docs[min(1, len(f.Docs)):] {
		// A trailing "---" is harmless; a second scenario is not.
		if doc != nil && !isNull(doc.Body) {
			d.report(posOf(doc), "", "a scenario file holds one YAML document; this is a second one")
			break
		}
	}

	top := &object{}
	if !isNull(root) {
		o, ok := d.object("", root)
		if !ok {
			return nil
		}
		top = o
	}
	// Missing top-level keys are reported without a position: pointing at
	// whatever key happens to come first would mislead.
	top.pos = Pos{}
	for _, e := range top.entries {
		if !slices.Contains(topKeys, e.key) && !strings.HasPrefix(e.key, extensionPrefix) {
			d.unknownKey("", e, topKeys)
		}
	}

	s := &Scenario{}
	if d.file != "" {
		if abs, err := filepath.Abs(d.file); err == nil {
			s.File = abs
		} else {
			s.File = filepath.Clean(d.file)
		}
	}
	d.decodeVersion(top)
	d.decodeName(top, s)
	if e, ok := top.get("description"); ok && !d.resolvesToNull(e.value) {
		s.Description, _ = d.str("description", e.value)
	}
	d.decodeDUT(top, s)
	d.decodeConfig(top, s)
	d.decodeLab(top, s)
	d.decodeVariants(top, s)
	s.Duration = d.durationField(top, "duration", "duration", true, 0, time.Second, time.Hour, "1s", "1h")
	s.Warmup = d.durationField(top, "warmup", "warmup", false, 2*time.Second, 0, time.Minute, "0s", "60s")
	classes := d.decodeTraffic(top, s)
	d.decodeThresholds(top, s, classes)
	d.decodeClaims(top, s, classes)
	return s
}

// required fetches a key that must be present, reporting it otherwise at
// the mapping's position (no position for the top level).
func (d *decoder) required(o *object, field, key string) (*entry, bool) {
	e, ok := o.get(key)
	if !ok {
		d.report(o.pos, join(field, key), "required")
	}
	return e, ok
}

func (d *decoder) decodeVersion(top *object) {
	e, ok := top.get("version")
	if !ok {
		return
	}
	if v, ok := d.integer("version", e.value); ok && v != SchemaVersion {
		d.report(e.valuePos(), "version", "unsupported version %d; this qosbench reads version %d", v, SchemaVersion)
	}
}

func (d *decoder) decodeName(top *object, s *Scenario) {
	e, ok := d.required(top, "", "name")
	if !ok {
		return
	}
	name, ok := d.str("name", e.value)
	switch {
	case !ok:
	case len(name) > maxNameLen:
		d.report(e.valuePos(), "name", "longer than %d characters", maxNameLen)
	case !nameRE.MatchString(name):
		d.report(e.valuePos(), "name", "%q must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	default:
		s.Name = name
	}
}

func (d *decoder) decodeConfig(top *object, s *Scenario) {
	e, ok := d.required(top, "", "config")
	if !ok {
		return
	}
	s.ConfigPos = e.valuePos()
	// The only filesystem access besides reading the scenario: catching a
	// wrong path here is much cheaper than after building a lab.
	s.Config = d.existingFile("config", e)
	s.ConfigMode = ConfigStrict
	if e, ok := top.get("config-mode"); ok {
		if mode, ok := d.str("config-mode", e.value); ok {
			switch mode {
			case ConfigStrict, ConfigTerminal:
				s.ConfigMode = mode
			default:
				modes := []string{ConfigStrict, ConfigTerminal}
				d.report(e.valuePos(), "config-mode", "unknown mode %q%s; expected strict (any command the router rejects makes the scenario invalid) or terminal (rejected commands are left out, as a terminal paste would)", mode, didYouMean(mode, modes))
			}
		}
	}
}

func (d *decoder) decodeDUT(top *object, s *Scenario) {
	s.DUT.Kind = "embedded"
	var o *object
	fallback := Pos{}
	if e, ok := top.get("dut"); ok && !d.resolvesToNull(e.value) {
		if o, ok = d.object("dut", e.value); !ok {
			return
		}
		fallback = o.pos
		for _, e := range o.entries {
			switch e.key {
			case "user", "username", "password", "secret":
				d.report(e.keyPos, "dut."+e.key, "credentials never go in a scenario: set QOSBENCH_ROUTER_USER and QOSBENCH_ROUTER_PASSWORD, or name a file with `credentials: FILE`")
			}
		}
		known := []string{"kind", "address", "tls", "ca", "insecure", "credentials", "image", "ports"}
		for _, e := range o.entries {
			switch e.key {
			case "user", "username", "password", "secret":
			default:
				if !slices.Contains(known, e.key) {
					d.unknownKey("dut", e, known)
				}
			}
		}
		if e, ok := o.get("address"); ok {
			if s.DUT.Address, ok = d.str("dut.address", e.value); !ok {
				return
			}
		}
		if e, ok := o.get("tls"); ok {
			s.DUT.TLS = d.flag("dut.tls", e)
		}
		if e, ok := o.get("insecure"); ok {
			s.DUT.Insecure = d.flag("dut.insecure", e)
		}
		if e, ok := o.get("ca"); ok {
			s.DUT.CA = d.existingFile("dut.ca", e)
		}
		if e, ok := o.get("credentials"); ok {
			s.DUT.Credentials = d.existingFile("dut.credentials", e)
		}
		if e, ok := o.get("image"); ok {
			s.DUT.Image = d.existingFile("dut.image", e)
		}
		if e, ok := o.get("ports"); ok {
			s.DUT.Ports = d.hostPorts(e)
		}
		if e, ok := o.get("kind"); ok {
			kind, ok := d.str("dut.kind", e.value)
			if !ok {
				return
			}
			if lookupDUTKind(kind) == nil {
				kinds := DUTKinds()
				d.report(e.valuePos(), "dut.kind", "unknown kind %q%s; known kinds: %s", kind, didYouMean(kind, kinds), strings.Join(kinds, ", "))
				return
			}
			s.DUT.Kind = kind
		}
	}
	if v := lookupDUTKind(s.DUT.Kind); v != nil {
		v(&s.DUT, d.reporter("dut", o, fallback))
	}
}

// flag decodes a yes/no value.
func (d *decoder) flag(field string, e *entry) bool {
	v, ok := d.str(field, e.value)
	if !ok {
		return false
	}
	switch v {
	case "true", "yes", "on":
		return true
	case "false", "no", "off":
		return false
	}
	d.report(e.valuePos(), field, "%q is not a boolean (use true or false)", v)
	return false
}

// hostPorts decodes dut.ports: RouterOS port name → host NIC ("enp3s0", or
// "enp3s0.102" for an 802.1Q sub-interface of a trunk NIC).
func (d *decoder) hostPorts(e *entry) map[string]string {
	o, ok := d.object("dut.ports", e.value)
	if !ok {
		return nil
	}
	out := map[string]string{}
	nics := map[string]string{}
	for _, pe := range o.entries {
		field := "dut.ports." + pe.key
		nic, ok := d.str(field, pe.value)
		if !ok {
			continue
		}
		if _, err := lab.ParseHostPort(pe.key, nic); err != nil {
			d.report(pe.valuePos(), field, "%s", strings.TrimPrefix(err.Error(), "lab: "))
			continue
		}
		if other, dup := nics[nic]; dup {
			d.report(pe.valuePos(), field, "%s is already cabled to router port %s", nic, other)
			continue
		}
		nics[nic] = pe.key
		out[pe.key] = nic
	}
	return out
}

// existingFile decodes a path relative to the scenario file and checks
// that it names a regular file; it returns the absolute path, or "".
func (d *decoder) existingFile(field string, e *entry) string {
	rel, ok := d.str(field, e.value)
	if !ok {
		return ""
	}
	if rel == "" {
		d.report(e.valuePos(), field, "missing value")
		return ""
	}
	path := rel
	if !filepath.IsAbs(path) {
		base := "."
		if d.file != "" {
			base = filepath.Dir(d.file)
		}
		path = filepath.Join(base, path)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.report(e.valuePos(), field, "%s: no such file (paths are relative to the scenario file)", rel)
	case err != nil:
		d.report(e.valuePos(), field, "%s: %v", rel, errors.Unwrap(err))
	case !fi.Mode().IsRegular():
		d.report(e.valuePos(), field, "%s is not a regular file", rel)
	default:
		return path
	}
	return ""
}

// reporter adapts the registry validators' report callback: fields are
// relative to base, and a zero Pos means "where the field is written" or,
// when it is not written, fallback.
func (d *decoder) reporter(base string, o *object, fallback Pos) func(field string, pos Pos, msg string) {
	return func(field string, pos Pos, msg string) {
		if !pos.IsValid() {
			pos = fallback
			if e, ok := o.get(field); ok {
				pos = e.valuePos()
			}
		}
		d.errs = append(d.errs, &Error{File: d.file, Line: pos.Line, Col: pos.Col, Field: join(base, field), Msg: msg})
	}
}

func (d *decoder) decodeLab(top *object, s *Scenario) {
	e, ok := d.required(top, "", "lab")
	if !ok {
		return
	}
	lab, ok := d.object("lab", e.value)
	if !ok {
		return
	}
	d.unknownKeys("lab", lab, []string{"lan", "wan", "uplink"})

	var lan, wan segmentInfo
	if e, ok := d.required(lab, "lab", "lan"); ok {
		lan = d.decodeSegment("lab.lan", e.value, "ether2")
	}
	if e, ok := d.required(lab, "lab", "wan"); ok {
		wan = d.decodeSegment("lab.wan", e.value, "ether1")
	}
	s.Lab.LAN, s.Lab.WAN = lan.Segment, wan.Segment
	if lan.Subnet.IsValid() && wan.Subnet.IsValid() && lan.Subnet.Overlaps(wan.Subnet) {
		d.report(wan.subnetPos, "lab.wan.subnet", "%s overlaps lan subnet %s", wan.Subnet, lan.Subnet)
	}
	if lan.Interface != "" && lan.Interface == wan.Interface {
		// Point at whichever of the two was written; the other is a default.
		field, pos := "lab.wan.interface", wan.ifacePos
		if !pos.IsValid() {
			field, pos = "lab.lan.interface", lan.ifacePos
		}
		d.report(pos, field, "lan and wan both use interface %s", lan.Interface)
	}
	if e, ok := d.required(lab, "lab", "uplink"); ok {
		s.Lab.Uplink = d.decodeUplink("lab.uplink", e.value)
	}
}

// segmentInfo is a decoded Segment plus where its values were written, for
// the checks that involve both segments.
type segmentInfo struct {
	Segment
	subnetPos, ifacePos Pos // zero when not written
}

func (d *decoder) decodeSegment(field string, raw ast.Node, defaultIface string) segmentInfo {
	var seg segmentInfo
	o, ok := d.object(field, raw)
	if !ok {
		return seg
	}
	d.unknownKeys(field, o, []string{"subnet", "hosts", "interface"})

	seg.Hosts = 1
	hostsOK := true
	if e, ok := o.get("hosts"); ok {
		n, ok := d.integer(join(field, "hosts"), e.value)
		switch {
		case !ok:
			hostsOK = false
		case n < 1 || n > maxHosts:
			d.report(e.valuePos(), join(field, "hosts"), "must be between 1 and %d, got %d", maxHosts, n)
			hostsOK = false
		default:
			seg.Hosts = int(n)
		}
	}

	seg.Interface = defaultIface
	if e, ok := o.get("interface"); ok {
		seg.Interface = ""
		if name, ok := d.str(join(field, "interface"), e.value); ok {
			seg.ifacePos = e.valuePos()
			if interfaceRE.MatchString(name) {
				seg.Interface = name
			} else {
				d.report(e.valuePos(), join(field, "interface"), "%q is not a valid interface name: 1 to 63 of a-z A-Z 0-9 . _ -", name)
			}
		}
	}

	if e, ok := d.required(o, field, "subnet"); ok {
		if text, ok := d.str(join(field, "subnet"), e.value); ok {
			seg.subnetPos = e.valuePos()
			if p, ok := d.subnet(join(field, "subnet"), e.valuePos(), text); ok {
				seg.Subnet = p
				if hostsOK {
					d.checkRoom(join(field, "subnet"), e.valuePos(), p, seg.Hosts)
				}
			}
		}
	}
	return seg
}

func (d *decoder) subnet(field string, pos Pos, text string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(strings.TrimSpace(text))
	if err != nil {
		if a, aerr := netip.ParseAddr(strings.TrimSpace(text)); aerr == nil && a.Is4() {
			d.report(pos, field, "%q has no prefix length, e.g. %s/24", text, a)
		} else {
			d.report(pos, field, "invalid subnet %q: expected an IPv4 prefix such as 192.168.88.0/24", text)
		}
		return netip.Prefix{}, false
	}
	if !p.Addr().Is4() {
		d.report(pos, field, "%s: only IPv4 subnets are supported for now", p)
		return netip.Prefix{}, false
	}
	if p.Masked() != p {
		d.report(pos, field, "%s has host bits set; did you mean %s?", p, p.Masked())
		return netip.Prefix{}, false
	}
	return p, true
}

// checkRoom verifies the subnet holds the router (first usable address)
// and the hosts, leaving out the network and broadcast addresses.
func (d *decoder) checkRoom(field string, pos Pos, p netip.Prefix, hosts int) {
	usable := 0
	if bits := p.Bits(); bits <= 30 {
		usable = 1<<(32-bits) - 2
	}
	if usable < 1+hosts {
		d.report(pos, field, "%s has room for %d addresses but needs %d (router + %d hosts)", p, usable, 1+hosts, hosts)
	}
}

const (
	minRate = 64e3
	maxRate = 10e9
)

func (d *decoder) decodeUplink(field string, raw ast.Node) Uplink {
	var u Uplink
	o, ok := d.object(field, raw)
	if !ok {
		return u
	}
	d.unknownKeys(field, o, []string{"up", "down", "buffer", "private-sources"})
	if e, ok := d.required(o, field, "up"); ok {
		u.Up = d.rate(join(field, "up"), e)
	}
	if e, ok := d.required(o, field, "down"); ok {
		u.Down = d.rate(join(field, "down"), e)
	}
	u.Buffer = d.durationField(o, join(field, "buffer"), "buffer", false, 100*time.Millisecond, time.Millisecond, 2*time.Second, "1ms", "2s")
	if e, ok := o.get("private-sources"); ok {
		f := join(field, "private-sources")
		if v, ok := d.str(f, e.value); ok {
			switch v {
			case "drop":
				u.DropPrivateSources = true
			case "pass":
			default:
				d.report(e.valuePos(), f, "%q: expected drop or pass", v)
			}
		}
	}
	return u
}

func (d *decoder) rate(field string, e *entry) uint64 {
	text, ok := d.str(field, e.value)
	if !ok {
		return 0
	}
	bps, _, err := parseRate(text)
	if err != nil {
		d.report(e.valuePos(), field, "%v", err)
		return 0
	}
	if bps < minRate || bps > maxRate {
		d.report(e.valuePos(), field, "must be between %s and %s, got %s", formatRate(minRate), formatRate(maxRate), formatRate(bps))
		return 0
	}
	return uint64(math.Round(bps))
}

// durationField decodes the duration at key of o (full path field). A
// missing key is an error when required, and otherwise takes def.
func (d *decoder) durationField(o *object, field, key string, required bool, def, lo, hi time.Duration, loText, hiText string) time.Duration {
	e, ok := o.get(key)
	if !ok {
		if required {
			d.report(o.pos, field, "required")
		}
		return def
	}
	text, ok := d.str(field, e.value)
	if !ok {
		return def
	}
	v, err := parseDuration(text)
	if err != nil {
		d.report(e.valuePos(), field, "%v", err)
		return def
	}
	if v < lo || v > hi {
		d.report(e.valuePos(), field, "must be between %s and %s, got %s", loText, hiText, text)
		return def
	}
	return v
}

package chr

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// Licence is a CHR's /system/license, as RouterOS 7 prints it on a CHR
// (MikroTik's manual, "CHR: Licensing", help.mikrotik.com /
// manual.mikrotik.com "Getting Started > RouterOS licensing > CHR"): the
// system-id the licence is tied to, the level, and the deadline by which
// a paid or trial licence must be renewed. A RouterBOARD prints
// software-id and a numeric level instead.
type Licence struct {
	SystemID   string
	Level      string // free, p1, p10, p-unlimited
	DeadlineAt string // "" when the router shows none
}

// LicenceCaps are the CHR levels' per-interface rate limits in bit/s (0:
// none), from the same page: free 1 Mbit/s, p1 1 Gbit/s, p10 10 Gbit/s,
// p-unlimited none. The limit is on what each interface sends.
var LicenceCaps = map[string]uint64{"free": 1_000_000, "p1": 1_000_000_000, "p10": 10_000_000_000, "p-unlimited": 0}

// ReadLicence reads /system/license through the router's API.
func ReadLicence(ctx context.Context, tg *deploy.Target) (Licence, error) {
	c, err := tg.Dial(ctx)
	if err != nil {
		return Licence{}, fmt.Errorf("chr: licence: %w", err)
	}
	defer c.Close()
	r, err := c.Run(ctx, "/system/license/print")
	if err != nil {
		return Licence{}, fmt.Errorf("chr: licence: /system/license/print: %w", err)
	}
	if len(r.Re) == 0 {
		return Licence{}, fmt.Errorf("chr: licence: /system/license/print answered nothing")
	}
	row := r.Re[0]
	return Licence{SystemID: row["system-id"], Level: row["level"], DeadlineAt: row["deadline-at"]}, nil
}

// String is the licence as notes and errors show it.
func (l Licence) String() string {
	s := "level " + l.Level
	if c, ok := LicenceCaps[l.Level]; ok {
		if c == 0 {
			s += " (no rate limit)"
		} else {
			s += " (" + formatRate(c) + " per interface)"
		}
	}
	if l.SystemID != "" {
		s += ", system-id " + l.SystemID
	}
	if l.DeadlineAt != "" {
		s += ", deadline-at " + l.DeadlineAt
	}
	return s
}

// PortNeed is the rate the scenario needs one router port to send.
type PortNeed struct {
	Port string // RouterOS name (ether2)
	Rate uint64 // bit/s
	Why  string
}

// Needs returns the rate each of the scenario's router ports must send for
// the scenario to measure the router rather than its licence: the LAN port
// carries the downloads, which the ISP link shapes to its down rate
// before they reach the router; the WAN port carries the uploads as the
// LAN offers them, at least the uplink's up rate (a TCP class fills it)
// and at least the sum of the upload classes' declared rates (more than
// the uplink takes is dropped beyond the router, but the router sends it).
func Needs(s *scenarios.Scenario) []PortNeed {
	var upRates uint64
	var upClasses []string
	for _, t := range s.Traffic {
		if t.Direction != "upload" && t.Direction != "both" {
			continue
		}
		if r := declaredRate(t.Options); r > 0 {
			upRates += r
			upClasses = append(upClasses, t.Class)
		}
	}
	lan := PortNeed{Port: s.Lab.LAN.Interface, Rate: s.Lab.Uplink.Down, Why: "LAN: the downloads, at the uplink's down rate"}
	wan := PortNeed{Port: s.Lab.WAN.Interface, Rate: s.Lab.Uplink.Up, Why: "WAN: the uploads, at the uplink's up rate"}
	if upRates > wan.Rate {
		wan.Rate = upRates
		wan.Why = "WAN: the uploads, at the sum of the rates of classes " + strings.Join(upClasses, ", ")
	}
	return []PortNeed{lan, wan}
}

// declaredRate is the `rate` key of a traffic class's options (bit/s), 0
// when its type has none (a TCP class takes what the path gives).
func declaredRate(o any) uint64 {
	v := reflect.ValueOf(o)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return 0
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return 0
	}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Tag.Get("yaml") == "rate" && f.Type.Kind() == reflect.Uint64 {
			return v.Field(i).Uint()
		}
	}
	return 0
}

// CheckLicence refuses a scenario whose rates exceed what the licence lets
// each interface send, naming the numbers; the error wraps dut.ErrInvalid.
// A level it does not know (not a CHR's) limits nothing it can name.
func CheckLicence(l Licence, s *scenarios.Scenario) error {
	capBPS, ok := LicenceCaps[l.Level]
	if !ok || capBPS == 0 {
		return nil
	}
	var over []string
	for _, n := range Needs(s) {
		if n.Rate > capBPS {
			over = append(over, fmt.Sprintf("%s must send %s (%s)", n.Port, formatRate(n.Rate), n.Why))
		}
	}
	if len(over) == 0 {
		return nil
	}
	return fmt.Errorf("%w: kind chr: the CHR's licence, %s, lets each interface send at most %s, and the scenario needs more: %s; "+
		"give the CHR a licence that covers the rates (a 60-day trial of a paid level: /system license renew, docs/real-routers.md) or lower the scenario's uplink and class rates",
		dut.ErrInvalid, l, formatRate(capBPS), strings.Join(over, "; "))
}

// formatRate writes a bit rate as scenarios do (50Mbps).
func formatRate(bps uint64) string {
	for _, u := range []struct {
		div  uint64
		unit string
	}{{1_000_000_000, "Gbps"}, {1_000_000, "Mbps"}, {1_000, "kbps"}} {
		if bps >= u.div {
			return strconv.FormatFloat(float64(bps)/float64(u.div), 'f', -1, 64) + u.unit
		}
	}
	return strconv.FormatUint(bps, 10) + "bps"
}

package chr

import (
	"errors"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/scenarios"
	"github.com/qosbench/qosbench/traffic/udp"
)

// TestLicenceRefusesTheFlagshipOnAFreeCHR: the flagship needs 50 Mbit/s
// out of the LAN port and 10 Mbit/s out of the WAN port; a free CHR sends
// 1 Mbit/s per interface, so it is refused with those numbers; p1 and
// above, and a level that is not a CHR's, pass.
func TestLicenceRefusesTheFlagshipOnAFreeCHR(t *testing.T) {
	s, err := scenarios.Load("../../scenarios/voip-under-load.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = CheckLicence(Licence{SystemID: "abc", Level: "free"}, s)
	if !errors.Is(err, dut.ErrInvalid) {
		t.Fatalf("free: %v; want ErrInvalid", err)
	}
	for _, want := range []string{"level free (1Mbps per interface)", "at most 1Mbps", "ether2 must send 50Mbps", "ether1 must send 10Mbps", "/system license renew"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("free: %v\nlacks %q", err, want)
		}
	}
	for _, lvl := range []string{"p1", "p10", "p-unlimited", "6", ""} {
		if err := CheckLicence(Licence{Level: lvl}, s); err != nil {
			t.Errorf("level %q: %v", lvl, err)
		}
	}
}

// TestLicenceCountsDeclaredUploadRates: upload classes with a declared
// rate above the uplink's up rate need that much out of the WAN port.
func TestLicenceCountsDeclaredUploadRates(t *testing.T) {
	s := &scenarios.Scenario{}
	s.Lab.LAN.Interface, s.Lab.WAN.Interface = "ether2", "ether1"
	s.Lab.Uplink.Up, s.Lab.Uplink.Down = 500_000, 800_000
	for _, r := range []uint64{400_000, 300_000} {
		var tr scenarios.Traffic
		tr.Class, tr.Direction, tr.Options = "flood", "upload", &udp.Options{Rate: r}
		s.Traffic = append(s.Traffic, tr)
	}
	needs := Needs(s)
	if needs[0].Port != "ether2" || needs[0].Rate != 800_000 || needs[1].Port != "ether1" || needs[1].Rate != 700_000 {
		t.Errorf("Needs = %+v; want ether2 800k (down rate), ether1 700k (the classes' sum)", needs)
	}
	if err := CheckLicence(Licence{Level: "free"}, s); err != nil {
		t.Errorf("free licence for 800 kbit/s: %v", err)
	}
	s.Traffic[0].Options = &udp.Options{Rate: 900_000}
	if err := CheckLicence(Licence{Level: "free"}, s); err == nil || !strings.Contains(err.Error(), "ether1 must send 1.2Mbps") {
		t.Errorf("free licence for 1.2 Mbit/s of uploads: %v", err)
	}
}

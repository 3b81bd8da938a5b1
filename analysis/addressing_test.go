package analysis

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestAddressesReported: the addresses a run used survive the results
// file, and every report names them; the summary lists only the leased ones.
func TestAddressesReported(t *testing.T) {
	r := &Results{Schema: SchemaID, Scenario: ScenarioInfo{Name: "defconf"}, Addresses: []Address{
		{Node: "router", Interface: "ether1", Address: "198.51.100.1/24", Source: "dhcp"},
		{Node: "router", Interface: "bridge", Address: "192.168.88.1/24", Source: "static"},
		{Node: "lan1", Interface: "eth0", Address: "192.168.88.10/24", Source: "dhcp"},
	}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Results
	if err := json.Unmarshal(b, &back); err != nil || len(back.Addresses) != 3 || back.Addresses[2] != r.Addresses[2] {
		t.Fatalf("round trip: %+v, %v", back.Addresses, err)
	}
	var tb, md, html bytes.Buffer
	if err := WriteTable(&tb, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, r, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	all := "router ether1 198.51.100.1/24 (dhcp), router bridge 192.168.88.1/24 (static), lan1 eth0 192.168.88.10/24 (dhcp)"
	if !strings.Contains(tb.String(), "addresses    "+all) {
		t.Errorf("table:\n%s", tb.String())
	}
	if !strings.Contains(html.String(), all) {
		t.Error("the HTML report does not show the addresses")
	}
	if !strings.Contains(md.String(), "Leased by DHCP: router ether1 198.51.100.1/24, lan1 eth0 192.168.88.10/24.") {
		t.Errorf("summary:\n%s", md.String())
	}
}

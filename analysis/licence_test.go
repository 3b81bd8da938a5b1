package analysis

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestLicenceInResultsAndReports: a run that recorded the router's licence
// carries it in results.json and on a licence line of the table and the
// HTML report; a run without one shows no such line and no field.
func TestLicenceInResultsAndReports(t *testing.T) {
	for _, lvl := range []string{"free", ""} {
		r := &Results{Schema: SchemaID, Scenario: ScenarioInfo{Name: "x", DUTKind: "chr", DUTLicence: lvl}}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var tbl, html bytes.Buffer
		if err := WriteTable(&tbl, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&html, r, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		want := lvl != ""
		if got := strings.Contains(string(b), `"dut_licence":"free"`); got != want {
			t.Errorf("licence %q: results.json %s", lvl, b)
		}
		if got := strings.Contains(tbl.String(), "licence level: free"); got != want {
			t.Errorf("licence %q: table:\n%s", lvl, tbl.String())
		}
		if got := strings.Contains(html.String(), "licence level: free"); got != want {
			t.Errorf("licence %q: the HTML report does not say it", lvl)
		}
		if !want && (strings.Contains(string(b), "dut_licence") || strings.Contains(tbl.String(), "licence")) {
			t.Errorf("no licence: results or table mention one")
		}
	}
}

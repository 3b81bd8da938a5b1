package metrics

import "testing"

func TestSuggest(t *testing.T) {
	candidates := []string{"calls", "codec", "class", "type"}
	for in, want := range map[string]string{
		"calsl": "calls", "cals": "calls", "codek": "codec", "tpye": "type",
		"xyz": "", "c": "", "clas": "class",
	} {
		if got := Suggest(in, candidates); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := editDistance("calsl", "calls"); d != 1 {
		t.Errorf("editDistance(calsl, calls) = %d, want 1 (a transposition)", d)
	}
}

package routeros

import "testing"

func TestBool(t *testing.T) {
	for _, c := range []struct {
		v       string
		want    bool
		wantErr bool
	}{{"yes", true, false}, {"true", true, false}, {"no", false, false}, {"false", false, false},
		{"", false, true}, {"Yes", false, true}, {"1", false, true}} {
		got, err := ParseBool(c.v)
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("ParseBool(%q) = %v, %v", c.v, got, err)
		}
		if IsTrue(c.v) != c.want {
			t.Errorf("IsTrue(%q) = %v", c.v, !c.want)
		}
		it := &Item{Props: []Prop{{"disabled", c.v}}}
		if it.Disabled() != c.want {
			t.Errorf("disabled=%q: Disabled() = %v", c.v, !c.want)
		}
	}
	if (&Item{}).Disabled() {
		t.Error("an item without disabled is disabled")
	}
	if YesNo(true) != "yes" || YesNo(false) != "no" || TrueFalse(true) != "true" || TrueFalse(false) != "false" {
		t.Error("YesNo/TrueFalse render wrong words")
	}
}

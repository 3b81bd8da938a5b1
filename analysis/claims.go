package analysis

// ClaimSpec is a scenario's claim as the analysis needs it: the words and
// the classes whose thresholds decide it.
type ClaimSpec struct {
	Text    string
	Classes []string
}

// ClaimResult is a claim's verdict over a whole run.
type ClaimResult struct {
	// Claim is the claim, as written in the scenario.
	Claim string `json:"claim"`
	// Classes are the traffic classes that decide it.
	Classes []string `json:"classes"`
	// Holds is true when every threshold of the classes passed in every
	// variant, and at least one was checked.
	Holds bool `json:"holds"`
	// Checked counts the thresholds that decided the claim, over variants.
	Checked int `json:"checked"`
	// Failed lists the thresholds that did not hold.
	Failed []ClaimFailure `json:"failed,omitempty"`
}

// ClaimFailure is one threshold that made a claim fail.
type ClaimFailure struct {
	Variant  string `json:"variant"`
	Class    string `json:"class"`
	Expr     string `json:"expr"`
	Measured string `json:"measured"`
}

// EvaluateClaims decides each claim from the threshold results of the
// variants. A claim none of whose thresholds ran (every one restricted to
// a variant that did not run) does not hold: nothing showed it.
func EvaluateClaims(specs []ClaimSpec, variants []VariantResult) []ClaimResult {
	out := make([]ClaimResult, 0, len(specs))
	for _, s := range specs {
		in := map[string]bool{}
		for _, c := range s.Classes {
			in[c] = true
		}
		r := ClaimResult{Claim: s.Text, Classes: append([]string(nil), s.Classes...)}
		for _, v := range variants {
			for _, th := range v.Thresholds {
				if !in[th.Class] {
					continue
				}
				r.Checked++
				if !th.Pass {
					r.Failed = append(r.Failed, ClaimFailure{Variant: v.Name, Class: th.Class, Expr: th.Expr, Measured: thresholdMeasured(th)})
				}
			}
		}
		r.Holds = r.Checked > 0 && len(r.Failed) == 0
		out = append(out, r)
	}
	return out
}

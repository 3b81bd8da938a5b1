package scenarios

import (
	"strings"
	"testing"
)

const variantsBase = `name: v
config: testdata/valid/configs/soho-qos.rsc
lab: {lan: {subnet: 10.0.0.0/24}, wan: {subnet: 10.1.0.0/24}, uplink: {up: 10M, down: 10M}}
duration: 1s
traffic: [{class: v, type: voip}]
`

// TestVariantCrossProduct: dimensions combine in file order, the first
// varying slowest, each variant named by its settings and carrying them.
func TestVariantCrossProduct(t *testing.T) {
	s, err := Parse("s.yaml", []byte(variantsBase+`variants:
  fasttrack: [off, on]
  /queue tree:
    upload:
      bucket-size: [0.1, 0.010]
  /queue/type:
    voip-q: {kind: [pfifo]}
`))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range s.Variants {
		names = append(names, v.Name)
	}
	want := []string{
		"fasttrack=off,upload.bucket-size=0.1,voip-q.kind=pfifo",
		"fasttrack=off,upload.bucket-size=0.010,voip-q.kind=pfifo",
		"fasttrack=on,upload.bucket-size=0.1,voip-q.kind=pfifo",
		"fasttrack=on,upload.bucket-size=0.010,voip-q.kind=pfifo",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("variants %q, want %q", names, want)
	}
	v := s.Variants[1]
	if v.Fasttrack == nil || *v.Fasttrack || len(v.Sets) != 2 {
		t.Fatalf("variant %+v", v)
	}
	if ps := v.Sets[0]; ps.Menu != "/queue/tree" || ps.Item != "upload" || ps.Property != "bucket-size" || ps.Value != "0.010" || ps.Pos.Line != 10 {
		t.Errorf("set %+v: want /queue/tree upload bucket-size 0.010 (as written) at line 10", ps)
	}
	if ps := v.Sets[1]; ps.Menu != "/queue/type" || ps.Item != "voip-q" || ps.Value != "pfifo" {
		t.Errorf("set %+v", ps)
	}
}

// TestFasttrackOnlyNamesUnchanged: a scenario varying only fasttrack keeps
// the names results and comparisons use.
func TestFasttrackOnlyNamesUnchanged(t *testing.T) {
	s, err := Parse("s.yaml", []byte(variantsBase+"variants: {fasttrack: [off, on]}\nthresholds: {compare: [\"fasttrack=on vs off: v.loss <= +1pp\"]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Variants) != 2 || s.Variants[0].Name != "fasttrack=off" || s.Variants[1].Name != "fasttrack=on" || len(s.Variants[0].Sets) != 0 {
		t.Errorf("variants %+v", s.Variants)
	}
}

func TestVariantErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"variants:\n  /queue/tree: {upload: {bucket-size: []}}\n", "s.yaml:7:39: variants./queue/tree.upload.bucket-size: needs at least one value"},
		{"variants:\n  /queue/tree: {upload: {bucket-size: [0.1, 0.1]}}\n", "duplicate value 0.1"},
		{"variants:\n  /queue/tree: {upload: {comment: [\"a,b\"]}}\n", "may not contain a comma"},
		{"variants:\n  /queue/tree: {}\n", "names no item"},
		{"variants:\n  /queue/tree: {upload: {}}\n", "names no property"},
		{"variants:\n  /queue/tree: {up: {bucket-size: [0.1]}}\n  /queue/simple: {up: {bucket-size: [0.1]}}\n", "up.bucket-size is varied twice"},
		{"variants:\n  /queue/tree: {a: {bucket-size: [1,2,3,4,5,6,7,8]}, b: {bucket-size: [1,2,3,4,5,6,7,8,9]}}\n", "72 variants"},
	} {
		_, err := Parse("s.yaml", []byte(variantsBase+c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.yaml, err, c.want)
		}
	}
}

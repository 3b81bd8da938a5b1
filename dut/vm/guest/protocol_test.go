package guest

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/protocol.golden")

// configShape renders t's fields, recursively, as "path type json-tag"
// lines: what a guest of another Protocol could misread.
func configShape(prefix string, t reflect.Type, b *strings.Builder) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		ft := f.Type
		fmt.Fprintf(b, "%s%s %s %q\n", prefix, f.Name, ft, f.Tag.Get("json"))
		for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft.PkgPath() == t.PkgPath() {
			configShape(prefix+f.Name+".", ft, b)
		}
	}
}

// TestProtocolPinned: Config's shape is recorded with the Protocol it
// belongs to; changing the shape without bumping Protocol fails, so an
// image built before the change is refused rather than misread.
func TestProtocolPinned(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "protocol %d\n", Protocol)
	configShape("", reflect.TypeOf(Config{}), &b)
	got := b.String()
	const path = "testdata/protocol.golden"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dut/vm/guest -update to record it)", err)
	}
	if got == string(want) {
		return
	}
	wantProto, _, _ := strings.Cut(string(want), "\n")
	if wantProto == fmt.Sprintf("protocol %d", Protocol) {
		t.Fatalf("guest.Config changed but guest.Protocol is still %d: bump it (images built before the change must be refused), then run go test ./dut/vm/guest -update\ngot:\n%swant:\n%s", Protocol, got, want)
	}
	t.Fatalf("guest.Protocol is %d, %s records %q: run go test ./dut/vm/guest -update", Protocol, path, wantProto)
}

// TestProtocolLineForTheImageScript: scripts/router-image.sh reads
// Protocol from its declaration line; the line must keep its form.
func TestProtocolLineForTheImageScript(t *testing.T) {
	src, err := os.ReadFile("guest.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^const Protocol = ([0-9]+)$`).FindSubmatch(src)
	if m == nil || string(m[1]) != fmt.Sprint(Protocol) {
		t.Fatalf("guest.go has no line `const Protocol = %d` (scripts/router-image.sh reads it)", Protocol)
	}
	script, err := os.ReadFile("../../../scripts/router-image.sh")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), `s/^const Protocol = \([0-9]*\)$/\1/p`) {
		t.Errorf("scripts/router-image.sh does not read the guest protocol from dut/vm/guest/guest.go")
	}
}

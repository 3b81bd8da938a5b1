package all_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut"
	_ "github.com/qosbench/qosbench/dut/all"
	"github.com/qosbench/qosbench/dut/chr"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/scenarios"
)

// TestKindsMatchTheScenarioFormat: the scenario format accepts exactly the
// kinds that are registered, so a kind can neither be written and refused
// later, nor registered and unreachable.
func TestKindsMatchTheScenarioFormat(t *testing.T) {
	if got, want := dut.Kinds(), scenarios.DUTKinds(); !slices.Equal(got, want) {
		t.Errorf("dut.Kinds() = %v, scenarios.DUTKinds() = %v", got, want)
	}
	for _, k := range []string{"embedded", "vm", "chr", "routeros"} {
		if _, err := dut.Lookup(k); err != nil {
			t.Errorf("Lookup(%q): %v", k, err)
		}
	}
	if k, err := dut.Lookup(""); err != nil || k.Name() != dut.Default {
		t.Errorf("Lookup(\"\") = %v, %v; want the default kind", k, err)
	}
}

func TestLookupUnknownListsKinds(t *testing.T) {
	_, err := dut.Lookup("cisco")
	if !errors.Is(err, dut.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	for _, k := range dut.Kinds() {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("%v does not list kind %s", err, k)
		}
	}
}

// TestCHRWithoutImage: kind chr refuses at once, naming both ways to give
// an image; with an image that exists it validates.
func TestCHRWithoutImage(t *testing.T) {
	t.Setenv(chr.EnvImage, "")
	k, _ := dut.Lookup("chr")
	s := &scenarios.Scenario{DUT: scenarios.DUT{Kind: "chr"}}
	start := time.Now()
	err := k.Validate(s)
	if !errors.Is(err, dut.ErrInvalid) || !strings.Contains(err.Error(), "image: PATH") || !strings.Contains(err.Error(), chr.EnvImage) {
		t.Errorf("Validate without image = %v; want ErrInvalid naming dut.image and %s", err, chr.EnvImage)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Validate took %s", d)
	}
	t.Setenv(chr.EnvImage, filepath.Join(t.TempDir(), "missing.img"))
	if err := k.Validate(s); !errors.Is(err, dut.ErrInvalid) || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Validate with a missing image = %v", err)
	}
	s.DUT.Image = filepath.Join(t.TempDir(), "chr.vdi")
	if err := os.WriteFile(s.DUT.Image, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := k.Validate(s); err != nil {
		t.Errorf("Validate with dut.image: %v", err)
	}
}

// TestCHRStartRefusesWhatItCannotRun: a chr with an address (a running
// CHR qosbench did not boot) is not implemented for runs and says what to
// use instead; a lab without a management link is refused before anything
// boots.
func TestCHRStartRefusesWhatItCannotRun(t *testing.T) {
	k, _ := dut.Lookup("chr")
	s := &scenarios.Scenario{DUT: scenarios.DUT{Kind: "chr", Address: "192.0.2.1:8728"}}
	r, err := k.Start(t.Context(), &lab.Lab{}, dut.StartOptions{Scenario: s})
	if r != nil || !errors.Is(err, dut.ErrNotImplemented) || !strings.Contains(err.Error(), "qosbench deploy") {
		t.Errorf("chr with an address: Start = %v, %v; want ErrNotImplemented naming qosbench deploy", r, err)
	}
	s.DUT.Address, s.DUT.Image = "", "/tmp/chr.img"
	t.Setenv(chr.EnvStandIn, "")
	r, err = k.Start(t.Context(), &lab.Lab{ID: "x"}, dut.StartOptions{Scenario: s})
	if r != nil || err == nil || !strings.Contains(err.Error(), "management link") {
		t.Errorf("chr on a lab without a management link: Start = %v, %v", r, err)
	}
}

func TestPortsFollowTheLab(t *testing.T) {
	spec := lab.Spec{LAN: lab.Segment{Interface: "bridge-lan-with-a-long-name"}, WAN: lab.Segment{Interface: "ether1"}}
	for _, n := range dut.Kinds() {
		k, _ := dut.Lookup(n)
		ps := k.Ports(spec)
		if len(ps) != 2 || ps[0].Name != spec.LAN.Interface || ps[1].Name != "ether1" || ps[1].Device != "ether1" || len(ps[0].Device) > 15 {
			t.Errorf("%s: Ports = %+v", n, ps)
		}
	}
}

// TestNoKindSwitchOutsideTheRegistry: code outside package dut (and the
// scenario format's list of kinds) never branches on a kind's name; it asks
// the kind through dut's interfaces instead.
func TestNoKindSwitchOutsideTheRegistry(t *testing.T) {
	kindTest := regexp.MustCompile(`DUT\.Kind\s*(==|!=)|switch\s+[\w.]*DUT\.Kind|case\s+"(embedded|vm|chr|routeros)"`)
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "dut" || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || rel == filepath.Join("scenarios", "dut.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if kindTest.MatchString(line) {
				t.Errorf("%s:%d: branches on the DUT kind's name: %s", rel, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

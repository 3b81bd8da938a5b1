package emulator_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// state is what the router's kernel holds: the ruleset and the qdiscs.
func state(t *testing.T, ns *lab.NS) string {
	t.Helper()
	ctx := context.Background()
	nft, err := ns.Run(ctx, "", "nft", "list", "ruleset")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	// Counters may move between two reads; the configuration may not.
	b.WriteString(regexp.MustCompile(`counter packets \d+ bytes \d+`).ReplaceAllString(nft, "counter"))
	for _, ifn := range ifaces {
		q, err := ns.Run(ctx, "", "tc", "qdisc", "show", "dev", ifn)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ns.Run(ctx, "", "tc", "class", "show", "dev", ifn)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(q + c)
	}
	return b.String()
}

// TestApplyRollsBack: a plan the kernel rejects halfway (its nft part loads,
// its tc part fails) leaves the router as it was before the attempt.
func TestApplyRollsBack(t *testing.T) {
	labtest.Require(t)
	l := labtest.Build(t, labtest.Spec(10_000_000, 50_000_000, 50*time.Millisecond))
	r := emulator.NewRouter(l.DUT, ifaces)
	ctx := context.Background()

	src, err := os.ReadFile("testdata/flagship.rsc")
	if err != nil {
		t.Fatal(err)
	}
	good, err := emulator.Translate(parse(t, "flagship.rsc", string(src)), ifaces, emulator.Features{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx, good); err != nil {
		t.Fatalf("apply flagship: %v", err)
	}
	before := state(t, l.DUT)
	if !strings.Contains(before, "meta priority set 1:2") || !strings.Contains(before, "htb") {
		t.Fatalf("flagship not in force:\n%s", before)
	}

	bad := *good
	bad.NFT = strings.Replace(good.NFT, "flush ruleset\n", "flush ruleset\ntable ip half_applied {\n}\n", 1)
	bad.TC = map[string]string{"ether1": good.TC["ether1"] + "class add dev ether1 parent 1:99 classid 1:98 htb rate 1bit\n"}
	if err := r.Apply(ctx, &bad); err == nil {
		t.Fatal("a plan with a broken tc batch applied without error")
	}
	if after := state(t, l.DUT); after != before {
		t.Errorf("router changed by a failed apply:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if r.Current() != good {
		t.Errorf("Current() is not the plan in force")
	}

	if err := r.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if empty := state(t, l.DUT); strings.Contains(empty, "table ip") || strings.Contains(empty, "htb") {
		t.Errorf("Reset left configuration behind:\n%s", empty)
	}
}

// TestGoldenApplies loads every golden plan into a real router namespace,
// so the generated nft and tc text is known to be accepted by the kernel,
// not only to match the golden file. Leaf qdiscs this kernel lacks (the
// goldens assume sfq and fq_codel) are swapped for pfifo before applying;
// the swap is the only edit.
func TestGoldenApplies(t *testing.T) {
	labtest.Require(t)
	feat := emulator.FeaturesFrom(lab.DetectFeatures(context.Background()))
	files, _ := filepath.Glob("testdata/*.rsc")
	l := labtest.Build(t, labtest.Spec(10_000_000, 50_000_000, 50*time.Millisecond))
	r := emulator.NewRouter(l.DUT, ifaces)
	missing := regexp.MustCompile(`handle ([0-9a-f]+): (sfq|fq_codel)[^\n]*`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		withMgmt := goldenFeatures
		withMgmt.MgmtInterface = "mgmt0" // the API server's interface rules load too
		plan, err := emulator.Translate(parse(t, filepath.Base(f), string(src)), ifaces, withMgmt)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for dev, batch := range plan.TC {
			plan.TC[dev] = missing.ReplaceAllStringFunc(batch, func(s string) string {
				m := missing.FindStringSubmatch(s)
				if feat.Qdiscs[m[2]] {
					return s
				}
				return "handle " + m[1] + ": pfifo limit 10"
			})
		}
		if err := r.Apply(context.Background(), plan); err != nil {
			t.Errorf("%s: the kernel refused the plan: %v", f, err)
		}
	}
	if err := r.Reset(context.Background()); err != nil {
		t.Fatal(err)
	}
}

package deploy

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

var update = flag.Bool("update", false, "rewrite golden files")

func flagship(t *testing.T, opts BuildOptions) *Plan {
	t.Helper()
	cfg, err := routeros.ParseFile("testdata/flagship.rsc")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// seeded returns a router that already holds a config of its own.
func seeded() *fakeRouter {
	f := newFakeRouter()
	f.export = true
	f.seed(routeros.MenuFilter, "chain=forward", "action=passthrough", "dynamic=true", "comment=special dummy rule to show fasttrack counters")
	f.seed(routeros.MenuFilter, "chain=input", "action=accept", "connection-state=established,related", "comment=defconf")
	f.seed(routeros.MenuFilter, "chain=input", "action=drop", "in-interface-list=!LAN", "disabled=true")
	f.seed(routeros.MenuMangle, "chain=forward", "action=change-mss", "new-mss=1400", "protocol=tcp", "tcp-flags=syn")
	f.seed(routeros.MenuQueueTree, "name=old", "parent=ether1", "max-limit=1M")
	f.seed(routeros.MenuQueueTree, "name=old-child", "parent=old", "packet-mark=x")
	return f
}

func TestDryRunGolden(t *testing.T) {
	var b bytes.Buffer
	if err := flagship(t, BuildOptions{Touch: []string{routeros.MenuFilter}}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/flagship.plan.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("dry run differs from %s (run with -update if intended):\n%s", golden, b.String())
	}
}

func TestDeployCountersRestore(t *testing.T) {
	f := seeded()
	before := f.state()
	d := New(f.dial, Options{})
	p := flagship(t, BuildOptions{})
	ctx := context.Background()
	if err := d.Deploy(ctx, p); err != nil {
		t.Fatal(err)
	}
	// The router holds exactly the config: the dynamic rule stays, the
	// router's own static items are gone.
	filter := f.menus[routeros.MenuFilter]
	if len(filter) != 4 || filter[0]["dynamic"] != "true" || filter[1]["action"] != "fasttrack-connection" {
		t.Fatalf("filter after deploy: %v", filter)
	}
	if got := filter[1]["comment"]; got != "qosbench:fasttrack established/related" {
		t.Errorf("comment %q, want the qosbench: prefix", got)
	}
	if got := filter[2]["comment"]; got != "qosbench:" {
		t.Errorf("comment %q of an item without one, want qosbench:", got)
	}
	if n := len(f.menus[routeros.MenuQueueTree]); n != 3 {
		t.Errorf("queue tree has %d items, want 3", n)
	}
	// Counters map back to config items.
	for _, r := range f.menus[routeros.MenuQueueTree] {
		r["bytes"], r["packets"], r["dropped"] = "1000", "10", "2"
	}
	f.menus[routeros.MenuFilter][1]["bytes"] = "500"
	cs, err := d.Counters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byItem := map[int]Counter{}
	for _, c := range cs {
		byItem[c.Item] = c
	}
	if c := byItem[0]; c.Menu != routeros.MenuFilter || c.Bytes != 500 {
		t.Errorf("item 0 counter %+v", c)
	}
	if c := byItem[9]; c.Menu != routeros.MenuQueueTree || c.Name != "up-voip" || c.Packets != 10 || c.Dropped != 2 {
		t.Errorf("item 9 counter %+v", c)
	}
	if len(cs) != 11 {
		t.Errorf("%d counters, want 11 (3 filter, 5 mangle, 3 queues; dynamic rules excluded)", len(cs))
	}
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkUnchanged(t, before)
}

func TestRestoreAfterRejectedItem(t *testing.T) {
	f := seeded()
	before := f.state()
	f.trap = func(w []string) bool {
		return w[0] == "/queue/tree/add" && strings.Contains(strings.Join(w, " "), "up-voip")
	}
	d := New(f.dial, Options{})
	err := d.Deploy(context.Background(), flagship(t, BuildOptions{}))
	var trap *TrapError
	if !errors.As(err, &trap) {
		t.Fatalf("err = %v, want the router's refusal", err)
	}
	if errors.Is(err, ErrNotRestored) || !strings.Contains(err.Error(), "restored and verified") {
		t.Errorf("err = %v; want a restored router", err)
	}
	f.checkUnchanged(t, before)
}

func TestRestoreAfterDroppedConnection(t *testing.T) {
	for _, drop := range []int{8, 12, 17, 20} { // during clearing, adding, ...
		f := seeded()
		before := f.state()
		f.dropAfter = drop
		d := New(f.dial, Options{RetryWait: 1})
		err := d.Deploy(context.Background(), flagship(t, BuildOptions{}))
		if !errors.Is(err, ErrConnection) {
			t.Fatalf("drop after %d: err = %v, want ErrConnection", drop, err)
		}
		if errors.Is(err, ErrNotRestored) {
			t.Fatalf("drop after %d: %v", drop, err)
		}
		if f.dials < 2 {
			t.Errorf("drop after %d: %d dial(s); restore must reconnect", drop, f.dials)
		}
		if after := f.state(); after != before {
			t.Errorf("drop after %d: router not as before:\nbefore:\n%s\nafter:\n%s", drop, before, after)
		}
	}
}

func TestRestoreFailsLoudly(t *testing.T) {
	f := seeded()
	d := New(f.dial, Options{RetryWait: 1, Reconnects: 2})
	ctx := context.Background()
	if err := d.Deploy(ctx, flagship(t, BuildOptions{})); err != nil {
		t.Fatal(err)
	}
	// The router cannot be reached any more.
	d.conn.Close()
	d.conn = nil
	f.failDials = 100
	err := d.Restore(ctx)
	if !errors.Is(err, ErrNotRestored) {
		t.Fatalf("err = %v, want ErrNotRestored", err)
	}
	if f.dials != 1+3 {
		t.Errorf("%d dials, want 1 + 3 attempts", f.dials)
	}
	// A router that re-adds items differently is caught by the verify.
	f = seeded()
	d = New(f.dial, Options{})
	if err := d.Deploy(ctx, flagship(t, BuildOptions{})); err != nil {
		t.Fatal(err)
	}
	f.trap = func(w []string) bool { return false }
	d.snap.Menus[0].Rows = append(d.snap.Menus[0].Rows, Row{".id": "*99", "name": "ghost", "parent": "ether1"})
	err = d.Restore(ctx)
	if !errors.Is(err, ErrNotRestored) || !strings.Contains(err.Error(), "differs from the snapshot") {
		t.Fatalf("err = %v, want a verify failure", err)
	}
}

// TestRedeployVariant: a variant is another config deployed over the first
// with the same touched menus: its items replace the first's (a rule
// inserted at the top, a rule disabled), its counters map to its own items,
// and one restore puts the router back.
func TestRedeployVariant(t *testing.T) {
	ctx := context.Background()
	cfg, err := routeros.ParseRSC("x.rsc", []byte("/ip firewall filter\nadd chain=forward action=drop connection-state=invalid\n/queue tree add name=q parent=ether1 max-limit=5M"))
	if err != nil {
		t.Fatal(err)
	}
	opts := BuildOptions{Touch: []string{routeros.MenuFilter, routeros.MenuQueueTree}}
	p, err := Build(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The variant's config: one rule inserted before the others, and the
	// queue's limit changed.
	vc := cfg.Clone()
	vc.Items = append([]*routeros.Item{{Menu: routeros.MenuFilter, Props: []routeros.Prop{{Key: "chain", Value: "forward"}, {Key: "action", Value: "accept"}}}}, vc.Items...)
	vc.Menu(routeros.MenuQueueTree)[0].Set("max-limit", "7M")
	pv, err := Build(vc, opts)
	if err != nil {
		t.Fatal(err)
	}
	f := seeded()
	before := f.state()
	d := New(f.dial, Options{})
	if err := d.Deploy(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := d.Deploy(ctx, pv); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.menus[routeros.MenuFilter] {
		got = append(got, r["action"])
	}
	if want := "passthrough accept drop"; strings.Join(got, " ") != want { // passthrough: the router's dynamic rule
		t.Errorf("filter actions %q, want %q (the variant's rules only)", got, want)
	}
	if q := f.menus[routeros.MenuQueueTree]; len(q) != 1 || q[0]["max-limit"] != "7M" {
		t.Errorf("queue tree %v, want the variant's one queue at 7M", q)
	}
	cs, err := d.Counters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var items []int
	for _, c := range cs {
		items = append(items, c.Item)
	}
	if !slices.Equal(items, []int{0, 1, 2}) {
		t.Errorf("counters map to items %v, want the variant config's 0 1 2", items)
	}
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkUnchanged(t, before)
}

func TestSettingsDeployedAndRestored(t *testing.T) {
	cfg, err := routeros.ParseRSC("s.rsc", []byte("/ip settings set allow-fast-path=no\n/system identity set name=lab\n/ip firewall filter add chain=forward"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(cfg, BuildOptions{Settings: true})
	if err != nil {
		t.Fatal(err)
	}
	f := seeded()
	f.settings["/ip/settings"] = Row{"allow-fast-path": "true", "ipv4-fasttrack-packets": "0"}
	f.settings["/system/identity"] = Row{"name": "MikroTik"}
	before := f.state()
	d := New(f.dial, Options{})
	ctx := context.Background()
	if err := d.Deploy(ctx, p); err != nil {
		t.Fatal(err)
	}
	if f.settings["/ip/settings"]["allow-fast-path"] != "no" || f.settings["/system/identity"]["name"] != "lab" {
		t.Errorf("settings not deployed: %v", f.settings)
	}
	f.settings["/ip/settings"]["ipv4-fasttrack-packets"] = "123" // statistics move; not compared
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	f.settings["/ip/settings"]["ipv4-fasttrack-packets"] = "0"
	f.checkUnchanged(t, before)
}

func TestSnapshotFailureChangesNothing(t *testing.T) {
	f := seeded()
	before := f.state()
	f.trap = func(w []string) bool { return w[0] == "/queue/tree/print" }
	d := New(f.dial, Options{})
	err := d.Deploy(context.Background(), flagship(t, BuildOptions{}))
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	for _, l := range f.log {
		if !strings.HasSuffix(strings.Fields(l)[0], "/print") && l != "/export" {
			t.Errorf("sent %q before the snapshot was complete", l)
		}
	}
	if f.state() != before {
		t.Error("router changed")
	}
	if err := d.Restore(context.Background()); err != nil {
		t.Errorf("restore without a snapshot: %v", err)
	}
}

func TestRestoreOnceAfterFailure(t *testing.T) {
	f := seeded()
	f.trap = func(w []string) bool {
		return w[0] == "/queue/tree/add" && strings.Contains(strings.Join(w, " "), CommentPrefix)
	}
	d := New(f.dial, Options{})
	ctx := context.Background()
	if err := d.Deploy(ctx, flagship(t, BuildOptions{})); err == nil {
		t.Fatal("deploy succeeded")
	}
	n := f.commands
	if err := d.Restore(ctx); err != nil || f.commands != n {
		t.Errorf("second restore: err %v, %d more commands; want nothing to do", err, f.commands-n)
	}
	// A new deployment makes the next Restore work again.
	f.trap = nil
	if err := d.Deploy(ctx, flagship(t, BuildOptions{})); err != nil {
		t.Fatal(err)
	}
	n = f.commands
	if err := d.Restore(ctx); err != nil || f.commands == n {
		t.Errorf("restore after a new deploy: err %v, %d commands", err, f.commands-n)
	}
}

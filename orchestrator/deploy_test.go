package orchestrator

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/chr"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// startLabRouter builds a lab with a management link and starts the
// embedded router process in it. router reads the DUT namespace's kernel
// state directly.
func startLabRouter(t *testing.T) (*lab.Lab, *emulator.Router, *deploy.Target) {
	t.Helper()
	spec := labtest.Spec(10e6, 50e6, 50*time.Millisecond)
	spec.Management = true
	l := labtest.Build(t, spec)
	k, err := dut.Lookup("embedded")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := k.Start(context.Background(), l, dut.StartOptions{Features: emulator.FeaturesFrom(lab.DetectFeatures(context.Background()))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stop router: %v", err)
		}
	})
	return l, emulator.NewRouter(l.DUT, []string{"ether2", "ether1"}), srv.Target()
}

// TestEmbeddedDeployRestore deploys the flagship config to the embedded
// router of a real lab through its API over TCP, checks that the kernel
// holds it, restores, and checks that the router is as before: same
// export, and no qosbench rules or queues left in the namespace.
func TestEmbeddedDeployRestore(t *testing.T) {
	labtest.Require(t)
	l, router, srv := startLabRouter(t)
	ctx := context.Background()
	conn, err := srv.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	export := func() string {
		r, err := conn.Run(ctx, "/export")
		if err != nil {
			t.Fatal(err)
		}
		return deploy.NormalizeExport(r.Done["ret"])
	}
	// The router's own config before the run.
	for _, w := range [][]string{
		{"/ip/firewall/filter/add", "=chain=input", "=action=accept", "=comment=own"},
		{"/queue/tree/add", "=name=own", "=parent=ether1", "=max-limit=20M"},
		{"/system/resource/print"}, // commit point: the router applies edits in batches
	} {
		if _, err := conn.Run(ctx, w...); err != nil {
			t.Fatal(err)
		}
	}
	before := export()
	nftBefore, _ := l.DUT.Run(ctx, "", "nft", "list", "ruleset")

	cfg, err := routeros.ParseFile("../scenarios/configs/soho-qos.rsc")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := deploy.Build(cfg, deploy.BuildOptions{Touch: []string{routeros.MenuFilter}})
	if err != nil {
		t.Fatal(err)
	}
	offCfg, _, err := ApplyVariant(cfg, scenarios.Variant{Name: "fasttrack=off", Fasttrack: new(bool)}, "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	offPlan, err := deploy.Build(offCfg, deploy.BuildOptions{Touch: []string{routeros.MenuFilter}})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	d := deploy.New(srv.Dial, deploy.Options{Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	defer func() {
		pw := srv.Credentials.Password
		if pw == "" || !strings.Contains(logs.String(), "sentence=") {
			t.Errorf("no password or no debug sentences; the leak check proves nothing")
		}
		if strings.Contains(logs.String(), pw) {
			t.Errorf("the router's password is in the deployer's debug log")
		}
	}()
	start := time.Now()
	if err := d.Deploy(ctx, plan); err != nil {
		t.Fatal(err)
	}
	t.Logf("flagship deployed to the embedded router in %v", time.Since(start))
	// The variant is a second deployment of the transformed config.
	if err := d.Deploy(ctx, offPlan); err != nil {
		t.Fatal(err)
	}
	r, err := conn.Run(ctx, "/queue/tree/print")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, row := range r.Re {
		names = append(names, row["name"])
	}
	if strings.Join(names, " ") != "upload up-voip up-bulk" {
		t.Errorf("queue tree after deploy: %q", names)
	}
	tc, err := router.QdiscStats(ctx, "ether1")
	if err != nil || !strings.Contains(tc, "htb") {
		t.Errorf("no HTB on ether1 after deploy: %v\n%s", err, tc)
	}
	if ex := export(); !strings.Contains(ex, "disabled=yes") || !strings.Contains(ex, "qosbench:VoIP: RTP") {
		t.Errorf("export after deploy + fasttrack off:\n%s", ex)
	}
	start = time.Now()
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("restored and verified in %v", time.Since(start))
	if after := export(); after != before {
		t.Errorf("export after restore:\n%s\nbefore:\n%s", after, before)
	}
	nftAfter, _ := l.DUT.Run(ctx, "", "nft", "list", "ruleset")
	// Rule comments carry the item's index in the server's whole config,
	// which depends on the order menus were filled (the restore fills
	// queues before firewall rules), not on what the rules do.
	itemIndex := regexp.MustCompile(`comment "#[0-9]+ `)
	nftBefore = itemIndex.ReplaceAllString(nftBefore, `comment "#N `)
	nftAfter = itemIndex.ReplaceAllString(nftAfter, `comment "#N `)
	if !strings.Contains(nftBefore, "own") && !strings.Contains(nftBefore, "#N filter") {
		t.Fatalf("the router's own rule is not in the ruleset before the deploy; the comparison proves nothing:\n%s", nftBefore)
	}
	if nftAfter != nftBefore {
		t.Errorf("nft ruleset after restore differs:\n%s\nbefore:\n%s", nftAfter, nftBefore)
	}
}

// cutConn closes its connection once more than limit bytes were written.
type cutConn struct {
	net.Conn
	left int
}

func (c *cutConn) Write(b []byte) (int, error) {
	if len(b) > c.left {
		c.Conn.Close()
		return 0, errors.New("cut by the test")
	}
	c.left -= len(b)
	return c.Conn.Write(b)
}

// TestEmbeddedConnectionCutRestores cuts the first API session in the
// middle of deploying to the embedded router of a real lab: the deployer
// must reconnect, restore and leave the kernel as it was.
func TestEmbeddedConnectionCutRestores(t *testing.T) {
	labtest.Require(t)
	l, router, srv := startLabRouter(t)
	ctx := context.Background()
	cfg, err := routeros.ParseFile("../scenarios/configs/soho-qos.rsc")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := deploy.Build(cfg, deploy.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The router's own rule, so that the kernel holds an applied config.
	own, err := srv.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := own.Run(ctx, "/ip/firewall/filter/add", "=chain=input", "=action=accept", "=comment=own"); err != nil {
		t.Fatal(err)
	}
	if _, err := own.Run(ctx, "/system/resource/print"); err != nil { // commit point
		t.Fatal(err)
	}
	own.Close()
	nftBefore, _ := l.DUT.Run(ctx, "", "nft", "list", "ruleset")
	if !strings.Contains(nftBefore, "filter line 0") {
		t.Fatalf("the router's own rule is not in the ruleset:\n%s", nftBefore)
	}
	tg := *srv
	dials := 0
	dial := srv.DialContext // from the management namespace
	tg.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		dials++
		if err != nil || dials > 1 {
			return c, err
		}
		return &cutConn{Conn: c, left: 2200}, nil // after the TLS handshake, login and snapshot: during the adds
	}
	d := deploy.New(tg.Dial, deploy.Options{RetryWait: 10 * time.Millisecond})
	err = d.Deploy(ctx, plan)
	if !errors.Is(err, deploy.ErrConnection) || errors.Is(err, deploy.ErrNotRestored) {
		t.Fatalf("err = %v; want a lost connection, then a restored router", err)
	}
	if !strings.Contains(err.Error(), "/add") {
		t.Errorf("err = %v; the cut should fall while items are added", err)
	}
	if dials < 2 {
		t.Errorf("%d dial(s): the restore did not reconnect", dials)
	}
	if nftAfter, _ := l.DUT.Run(ctx, "", "nft", "list", "ruleset"); nftAfter != nftBefore {
		t.Errorf("nft ruleset after restore differs:\n%s\nbefore:\n%s", nftAfter, nftBefore)
	}
	if tc, _ := router.QdiscStats(ctx, "ether1"); strings.Contains(tc, "htb") {
		t.Errorf("HTB left on ether1 after restore:\n%s", tc)
	}
}

// TestRunRefusesUnsupportedDUTs: kind chr without an image is refused by
// Prepare, before anything is built; kinds whose Start is not implemented
// are refused by Run saying what is missing, and leave no lab behind.
func TestRunRefusesUnsupportedDUTs(t *testing.T) {
	dir := t.TempDir()
	rsc := filepath.Join(dir, "r.rsc")
	if err := os.WriteFile(rsc, []byte("/queue tree add name=q parent=ether1 max-limit=5M\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A manifest without the kernel and initramfs beside it.
	if err := os.WriteFile(filepath.Join(dir, "manifest"), []byte("kernel x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dut, env, want string
		atPrepare      bool
	}{
		{"{kind: routeros, address: 192.0.2.1:8728}", "", "needs dut.ports, the host NICs cabled to the router's ether1 (WAN) and ether2 (LAN) ports", true},
		{"{kind: routeros, address: 192.0.2.1:8728, ports: {ether1: qsbt-nonic1, ether2: qsbt-nonic2}}", "", "no such network device on this machine: qsbt-nonic1 (router port ether1), qsbt-nonic2 (router port ether2)", true},
		{"{kind: chr}", "", "QOSBENCH_CHR_IMAGE=PATH", true},
		{"{kind: chr}", "/nonexistent/chr.img", "no such file", true},
		// A file that is no disk image is refused before any lab.
		{"{kind: chr}", rsc, "unknown disk image format", true},
		// A router VM without its image is refused before any lab, saying how to build one.
		{"{kind: vm, image: manifest}", "", "make router-image", true},
	} {
		t.Setenv(chr.EnvImage, c.env)
		path := filepath.Join(dir, "s.yaml")
		yaml := "name: x\ndut: " + c.dut + "\nconfig: r.rsc\nlab:\n  lan: {subnet: 192.168.88.0/24}\n  wan: {subnet: 198.51.100.0/24}\n  uplink: {up: 10Mbps, down: 50Mbps}\nduration: 5s\ntraffic:\n  - {class: voip, type: voip}\n"
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := scenarios.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		p, err := Prepare(s, emulator.Features{})
		if c.atPrepare {
			if !errors.Is(err, dut.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %s: prepare err = %v, want dut.ErrInvalid mentioning %q", c.dut, c.env, err, c.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("%s: refused after %s", c.dut, d)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: prepare: %v", c.dut, err)
		}
		if p.Deploy == nil || len(p.Deploy.Items) != 1 || p.Kind.Name() != s.DUT.Kind {
			t.Errorf("%s: prepared %+v", c.dut, p)
		}
		if os.Geteuid() != 0 {
			continue
		}
		id := labtest.ID("x")
		res, err := Run(context.Background(), p, Options{LabID: id})
		if res != nil || !errors.Is(err, ErrDUTUnsupported) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Run = %v, %v; want ErrDUTUnsupported mentioning %q", c.dut, res, err, c.want)
		}
		if ok, _ := lab.Exists(id); ok {
			t.Errorf("%s: the lab was left behind", c.dut)
			_, _ = lab.Teardown(id)
		}
	}
}

package chr_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/dut"
	"github.com/qosbench/qosbench/dut/chr"
	"github.com/qosbench/qosbench/dut/qemu"
	"github.com/qosbench/qosbench/dut/vm"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
	"github.com/qosbench/qosbench/scenarios"
)

// standIn prepares a chr run with the router VM standing in for RouterOS
// (chr.EnvStandIn), or skips saying what is missing. It returns a lab with
// a management link wired as kind chr wants it, a scenario of kind chr
// whose image is a fresh file, and the image's sha256.
func standIn(t *testing.T, up, down uint64, licence string) (*lab.Lab, *scenarios.Scenario, [32]byte) {
	t.Helper()
	if testing.Short() {
		t.Skip("boots the router VM")
	}
	labtest.Require(t)
	for _, tool := range []string{qemu.Binary, "qemu-img"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("chr stand-in test: %s not installed", tool)
		}
	}
	im, err := vm.FindImage(nil)
	if err != nil {
		t.Skipf("chr stand-in test: %v", err)
	}
	t.Setenv(chr.EnvStandIn, im.Dir)
	t.Setenv(chr.EnvStandInLicence, licence)
	// The "CHR image": a raw disk the stand-in does not read; the overlay
	// in the run directory takes every write.
	img := filepath.Join(t.TempDir(), "chr-7.16.img")
	b := make([]byte, 4<<20)
	_, _ = rand.Read(b)
	if err := os.WriteFile(img, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s := &scenarios.Scenario{}
	s.DUT.Kind, s.DUT.Image = chr.Name, img
	spec := labtest.Spec(up, down, 50*time.Millisecond)
	spec.Management = true
	chr.Kind{}.AdjustLab(s, &spec)
	s.Lab.LAN.Interface, s.Lab.WAN.Interface = spec.LAN.Interface, spec.WAN.Interface
	s.Lab.Uplink.Up, s.Lab.Uplink.Down = up, down
	return labtest.Build(t, spec), s, sha256.Sum256(b)
}

// checkImage fails when the image changed.
func checkImage(t *testing.T, s *scenarios.Scenario, sum [32]byte) {
	t.Helper()
	b, err := os.ReadFile(s.DUT.Image)
	if err != nil || sha256.Sum256(b) != sum {
		t.Errorf("the CHR image %s changed (or is gone: %v)", s.DUT.Image, err)
	}
}

// noQEMU fails when a QEMU of lab id still runs.
func noQEMU(t *testing.T, id string) {
	t.Helper()
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline"); err == nil && bytes.Contains(b, []byte(qemu.NamePrefix+id+"\x00")) {
			t.Errorf("QEMU %s of lab %s still runs", e.Name(), id)
		}
	}
}

// answers reports whether the router answers a TCP connection from host h
// to addr within 2 s: it opens, or is reset or refused (the api service
// resets sources outside its address list). A router whose input chain
// drops it stays silent.
func answers(t *testing.T, h *lab.Host, addr netip.AddrPort) bool {
	t.Helper()
	var c net.Conn
	err := h.NS.Do(func() (err error) {
		c, err = net.DialTimeout("tcp", addr.String(), 2*time.Second)
		return err
	})
	if err == nil {
		c.Close()
		return true
	}
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

// filterComments returns the comments of the router's filter rules.
func filterComments(t *testing.T, tg *deploy.Target) []string {
	t.Helper()
	c, err := tg.Dial(context.Background())
	if err != nil {
		t.Fatalf("API: %v", err)
	}
	defer c.Close()
	r, err := c.Run(context.Background(), "/ip/firewall/filter/print")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range r.Re {
		out = append(out, row["comment"])
	}
	return out
}

// dropAll is how seed 000 §3.1 (scenarios/seeds/configs/case-study-
// hardening.rsc) opens: input dropped first, the LAN let in after it (too
// late), and one of its log rules (the image loads nf_log_syslog for them).
const dropAll = `/ip firewall filter
add chain=input action=drop comment="Default deny input chain"
add chain=forward action=drop comment="Default deny forward chain"
add chain=input action=accept connection-state=established,related comment="Allow established/related input"
add chain=input action=accept src-address=192.168.88.0/24 in-interface=ether2 comment="Allow LAN access to router management"
add chain=input action=log log-prefix="FW-INPUT-DROP" comment="Log dropped input packets"
`

// noAPI is the /ip service part of seed 000's hardening-fixed config.
const noAPI = `/ip service
set telnet disabled=yes
set ftp disabled=yes
set api disabled=yes
set api-ssl disabled=yes
`

// TestStandInCHRManagementRuleSurvivesDropAll runs kind chr's Start with the
// router VM standing in for RouterOS: the overlay backs onto the image and
// leaves it unchanged, the licence is read, and the management path
// survives the opening of seed 000's hardening config, whose first input
// rule drops everything: the deployer's management rule keeps the API answering while
// the drop acts on the LAN port, Restore puts the router back; the
// hardening-fixed seed's disabled API services leave api (which qosbench
// manages through) enabled, with a note, and the others disabled; and without
// the rule the same config cuts the API off. `lab down` leaves nothing of
// the VM.
func TestStandInCHRManagementRuleSurvivesDropAll(t *testing.T) {
	l, s, sum := standIn(t, 800_000, 900_000, "free")
	ctx := context.Background()
	start := time.Now()
	r, err := chr.Kind{}.Start(ctx, l, dut.StartOptions{Scenario: s})
	if err != nil {
		t.Fatal(err)
	}
	cr := r.(*chr.Router)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			r.Stop()
		}
	})
	t.Logf("stand-in CHR up in %s (%s), API reached in %s; licence %s", cr.Boot.Round(100*time.Millisecond), cr.Accel,
		time.Since(start).Round(100*time.Millisecond), cr.LicenceInfo)
	if got := r.(dut.Licensed).Licence(); got != "free" {
		t.Errorf("Licence() = %q, want the stand-in's free", got)
	}
	if got := r.(dut.ManagementPort).ManagementPort(); got != "ether3" {
		t.Errorf("ManagementPort() = %q, want ether3 (after the scenario's ether1 and ether2)", got)
	}
	if bf, err := qemu.BackingFile(ctx, filepath.Join(l.RuntimeDir, chr.OverlayFile)); err != nil || bf != s.DUT.Image {
		t.Errorf("overlay backing file = %q, %v; want %s", bf, err, s.DUT.Image)
	}

	tg := r.Target()
	lan := l.LANHosts[0]
	api := netip.AddrPortFrom(l.RouterLAN, 8728)
	if !answers(t, lan, api) {
		t.Fatalf("before the deployment, the router does not answer a connection from the LAN")
	}
	cfg, err := routeros.ParseRSC("seed-000-3.1.rsc", []byte(dropAll))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := deploy.Build(cfg, deploy.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dep := deploy.New(tg.Dial, deploy.Options{ManagementInterface: cr.ManagementPort()})
	defer dep.Close()
	if err := dep.Deploy(ctx, plan); err != nil {
		t.Fatalf("deploy the hardening config: %v", err)
	}
	rules := filterComments(t, tg) // a new session: the API still answers
	if len(rules) < 2 || rules[0] != deploy.ManagementComment || rules[1] != deploy.CommentPrefix+"Default deny input chain" {
		t.Errorf("filter rules: %q; want the management rule, then the config's drop-all", rules)
	}
	if answers(t, lan, api) {
		t.Errorf("the config's drop-all input rule does not act on the LAN port")
	}
	if err := dep.Restore(ctx); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if rules := filterComments(t, tg); len(rules) != 0 {
		t.Errorf("filter after restore: %q; want the factory's none", rules)
	}
	if !answers(t, lan, api) {
		t.Errorf("after restore, the LAN still cannot reach the router")
	}

	// The hardening-fixed seed disables the API services: the deployer
	// keeps the one it manages the router through (api), applies the
	// rest, and says so.
	svc, err := routeros.ParseRSC("seed-000-fixed.rsc", []byte(noAPI))
	if err != nil {
		t.Fatal(err)
	}
	splan, err := deploy.Build(svc, deploy.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dep3 := deploy.New(tg.Dial, deploy.Options{ManagementInterface: cr.ManagementPort()})
	defer dep3.Close()
	if err := dep3.Deploy(ctx, splan); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(dep3.Notes(), func(n string) bool { return strings.Contains(n, "/ip/service api: disabled not deployed") }) {
		t.Errorf("notes %q do not say that api was kept", dep3.Notes())
	}
	sc, err := tg.Dial(ctx)
	if err != nil {
		t.Fatalf("API after the services config: %v", err)
	}
	srows, err := sc.Run(ctx, "/ip/service/print")
	sc.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range srows.Re {
		want := map[string]string{"telnet": "true", "ftp": "true", "api-ssl": "true", "api": "false"}[row["name"]]
		if want != "" && row["disabled"] != want {
			t.Errorf("/ip service %s disabled=%s, want %s", row["name"], row["disabled"], want)
		}
	}
	if rules := filterComments(t, tg); len(rules) != 1 || rules[0] != deploy.ManagementComment {
		t.Errorf("filter with a config of services only: %q; want the management rule alone", rules)
	}
	if err := dep3.Restore(ctx); err != nil {
		t.Fatalf("restore after the services config: %v", err)
	}

	// The control: the same config with the management rule disabled
	// cuts the API off, so it is the rule that kept it.
	dep2 := deploy.New(tg.Dial, deploy.Options{ManagementInterface: cr.ManagementPort()})
	defer dep2.Close()
	if err := dep2.Deploy(ctx, plan); err != nil {
		t.Fatal(err)
	}
	c, err := tg.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Run(ctx, "/ip/firewall/filter/print", "?comment="+deploy.ManagementComment)
	if err != nil || len(rows.Re) != 1 {
		t.Fatalf("management rule: %v %v", rows, err)
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	_, _ = c.Run(cctx, "/ip/firewall/filter/disable", "=numbers="+rows.Re[0][".id"])
	// A commit point: the router has the edit in force when it answers
	// (the answer may not come back).
	_, _ = c.Run(cctx, "/system/resource/print")
	cancel()
	c.Close()
	cut := *tg
	cut.DialTimeout = 3 * time.Second
	if c, err := cut.Dial(ctx); err == nil {
		c.Close()
		t.Errorf("the API still answers with the management rule disabled under a drop-all input rule")
	}

	// `lab down ID` of a lab left up (QEMU outlives a killed qosbench):
	// the lab's teardown and the kind's sweep leave no QEMU, tap or
	// overlay.
	pid := cr.Pid()
	overlay := filepath.Join(l.RuntimeDir, chr.OverlayFile)
	if _, err := lab.Teardown(l.ID); err != nil {
		t.Errorf("teardown: %v", err)
	}
	removed, err := chr.Kind{}.Sweep(l.ID)
	t.Logf("swept: %v (%v)", removed, err)
	for range 50 {
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
		t.Errorf("QEMU (pid %d) still runs after lab down", pid)
	}
	noQEMU(t, l.ID)
	if _, err := os.Stat(overlay); err == nil {
		t.Errorf("overlay %s left after lab down", overlay)
	}
	if ok, _ := lab.Exists(l.ID); ok {
		t.Errorf("lab %s (its taps) left after lab down", l.ID)
	}
	if err := r.Stop(); err != nil {
		t.Errorf("stop after the sweep: %v", err)
	}
	stopped = true
	checkImage(t, s, sum)
}

// TestStandInCHRRefusesRatesAboveTheLicence: a free CHR cannot carry the
// flagship's 10/50 Mbit/s uplink: Start reads the licence and refuses
// with the numbers, before any traffic, leaving no QEMU behind and the
// image as it was.
func TestStandInCHRRefusesRatesAboveTheLicence(t *testing.T) {
	l, s, sum := standIn(t, 10_000_000, 50_000_000, "free")
	start := time.Now()
	r, err := chr.Kind{}.Start(context.Background(), l, dut.StartOptions{Scenario: s})
	if r != nil {
		r.Stop()
	}
	if !errors.Is(err, dut.ErrInvalid) {
		t.Fatalf("Start = %v; want the licence refusal (ErrInvalid)", err)
	}
	for _, want := range []string{"level free", "at most 1Mbps", "ether2 must send 50Mbps", "ether1 must send 10Mbps"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q lacks %q", err, want)
		}
	}
	t.Logf("refused after %s: %v", time.Since(start).Round(100*time.Millisecond), err)
	noQEMU(t, l.ID)
	checkImage(t, s, sum)
}

// TestSweepRemovesOverlaysOfLabsWithoutNamespaces: the overlay (and console
// files) of a lab whose namespaces are gone is removed by the kind's sweep
// for that lab, and by no sweep of another lab.
func TestSweepRemovesOverlaysOfLabsWithoutNamespaces(t *testing.T) {
	labtest.Require(t)
	id := labtest.ID("t")
	dir := lab.RuntimeDir(id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, f := range []string{chr.OverlayFile, chr.ConsoleFile} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if removed, err := (chr.Kind{}).Sweep(id + "x"); err != nil || len(removed) != 0 {
		t.Fatalf("sweep of another lab: %v, %v", removed, err)
	}
	removed, err := chr.Kind{}.Sweep(id)
	if err != nil || len(removed) != 1 || removed[0] != filepath.Join(dir, chr.OverlayFile) {
		t.Errorf("sweep = %v, %v; want the overlay", removed, err)
	}
	for _, f := range []string{chr.OverlayFile, chr.ConsoleFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s left", f)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/analysis"
	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"github.com/qosbench/qosbench/scenarios"
)

// cliChildEnv makes this test binary run the qosbench command line (TestMain),
// so a test can run the CLI as its own process: inside a namespace that plays
// the test host, as a user runs qosbench on a machine cabled to a router.
const cliChildEnv = "QOSBENCH_CLI_CHILD"

// runCLIChildIfRequested turns the process into the qosbench CLI when
// cliChildEnv is set, and never returns then.
func runCLIChildIfRequested() {
	if os.Getenv(cliChildEnv) != "1" {
		return
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// standIn is a RouterBOARD on a test host's ports, played by namespaces: the
// "test host" namespace holds NICs enp1s0 (management), enp2s0 and enp3s0,
// cabled by veth pairs to ports mgmt0, ether1 and ether2 of the "RouterBOARD"
// namespace, where the emulated router runs as a process the lab does not
// own, its ports addressed as an operator addresses a real router for the
// lab: 198.51.100.1/24 on ether1 (WAN), 192.168.88.1/24 on ether2 (LAN).
type standIn struct {
	host, rb string
	wan, lan string // the router's RouterOS port names
	addr     string // the router's API, host:port
	user     string
	password string
	proc     *exec.Cmd
	dir      string
}

const (
	standInWAN  = "enp2s0"
	standInLAN  = "enp3s0"
	standInMgmt = "enp1s0"
)

func sh(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
}

// newStandIn builds the test host and the RouterBOARD, whose WAN and LAN
// ports have the RouterOS names wan and lan (ether1 and ether2 by default,
// as a scenario's lab names them), and starts the router. Everything goes
// with the test, also when it fails.
func newStandIn(t *testing.T, wan, lan string) *standIn {
	t.Helper()
	devs := lab.DeviceNames([]string{wan, lan})
	id := labtest.ID("")
	s := &standIn{host: "qsbt-" + id + "-host", rb: "qsbt-" + id + "-rb", wan: wan, lan: lan, addr: "169.254.77.2:8728",
		user: "admin", password: "standin-" + id, dir: t.TempDir()}
	sh(t, "ip", "netns", "add", s.host)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", s.host).Run() })
	sh(t, "ip", "netns", "add", s.rb)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", s.rb).Run() })
	for _, c := range []struct{ hostNIC, rbPort, rbAddr string }{
		{standInMgmt, "mgmt0", "169.254.77.2/30"},
		{standInWAN, devs[wan], "198.51.100.1/24"},
		{standInLAN, devs[lan], "192.168.88.1/24"},
	} {
		sh(t, "ip", "-n", s.host, "link", "add", c.hostNIC, "type", "veth", "peer", "name", c.rbPort, "netns", s.rb)
		sh(t, "ip", "-n", s.host, "link", "set", c.hostNIC, "up")
		sh(t, "ip", "-n", s.rb, "link", "set", c.rbPort, "up")
		sh(t, "ip", "-n", s.rb, "addr", "add", c.rbAddr, "dev", c.rbPort)
		// Offloads off, as on every lab interface: a RouterBOARD's ports
		// do not build 64 KB super-packets either.
		for _, ns := range [][2]string{{s.host, c.hostNIC}, {s.rb, c.rbPort}} {
			if err := (&lab.NS{Name: ns[0]}).DisableOffloads(ns[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	sh(t, "ip", "-n", s.host, "link", "set", "lo", "up")
	sh(t, "ip", "-n", s.rb, "link", "set", "lo", "up")
	sh(t, "ip", "-n", s.host, "addr", "add", "169.254.77.1/30", "dev", standInMgmt)
	sh(t, "ip", "netns", "exec", s.rb, "sysctl", "-qw", "net.ipv4.ip_forward=1")
	for _, ns := range []string{s.host, s.rb} {
		sh(t, "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
	}
	creds := filepath.Join(s.dir, "router.creds")
	if err := os.WriteFile(creds, []byte("user="+s.user+"\npassword="+s.password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The router's own certificate, for api-ssl and www-ssl on its ports.
	if _, err := api.GenerateCert(s.dir, netip.MustParseAddr("169.254.77.2"), netip.MustParseAddr("192.168.88.1"), netip.MustParseAddr("198.51.100.1")); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(s.dir, "router.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	s.proc = exec.Command("nsenter", "--net=/run/netns/"+s.rb, "--", exe, api.SubcommandName,
		"--ns-name", s.rb, "--listen", "169.254.77.2", "--port", "8728", "--tls-port", "0",
		"--creds-file", creds, "--cert-dir", s.dir, "--iface", wan+","+lan, "--service-addr", "192.168.88.1,198.51.100.1")
	s.proc.Env = append(os.Environ(), api.ChildEnv+"=1")
	s.proc.Stderr = logf
	out, err := s.proc.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.proc.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = s.proc.Process.Kill()
		_ = s.proc.Wait()
		// The router's own nft table and qdiscs go with its namespace.
	})
	ready := make(chan string, 1)
	go func() {
		b := make([]byte, 6)
		_, _ = io.ReadFull(out, b)
		ready <- string(b)
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case r := <-ready:
		if r != "ready\n" {
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("stand-in router did not start (%q):\n%s", r, log)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("stand-in router did not start in 30 s")
	}
	return s
}

// run runs the qosbench CLI inside the test host namespace, with the
// router's login in the environment, and returns its exit code and output.
func (s *standIn) run(t testing.TB, args ...string) (int, string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ip", append([]string{"netns", "exec", s.host, exe}, args...)...)
	cmd.Env = append(os.Environ(), cliChildEnv+"=1", "QOSBENCH_ROUTER_USER="+s.user, "QOSBENCH_ROUTER_PASSWORD="+s.password)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run qosbench in %s: %v", s.host, err)
	}
	return code, buf.String()
}

// dutFlags points `run` at the stand-in RouterBOARD.
func (s *standIn) dutFlags() []string {
	return []string{"--dut", "routeros", "--dut-address", s.addr,
		"--dut-port", s.wan + "=" + standInWAN, "--dut-port", s.lan + "=" + standInLAN}
}

// nicsHome checks that the test host has its NICs back, as they were named.
func (s *standIn) nicsHome(t testing.TB) {
	t.Helper()
	out, err := exec.Command("ip", "-n", s.host, "-o", "link").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, nic := range []string{standInMgmt, standInWAN, standInLAN} {
		if !strings.Contains(string(out), ": "+nic+"@") {
			t.Errorf("test host lost NIC %s after the run:\n%s", nic, out)
		}
	}
}

// standInRun runs a scenario through the stand-in RouterBOARD with
// `run --dut routeros` and returns the exit code, the output and the
// results. It checks that the lab is gone and the NICs are home.
func (s *standIn) standInRun(t testing.TB, scenario string, d time.Duration) (int, string, *analysis.Results) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	id := labtest.ID("si")
	// A short idle stream before each variant (the default is 2 s): the
	// stand-in's spread is a tenth of a millisecond.
	args := append([]string{"run", scenario, "--duration", d.String(), "--noise-floor", "500ms", "--out", out, "--lab-id", id}, s.dutFlags()...)
	code, text := s.run(t, args...)
	if ok, _ := lab.Exists(id); ok {
		t.Errorf("lab %s left behind", id)
		_, _ = lab.Teardown(id)
	}
	s.nicsHome(t)
	res, err := analysis.ReadResults(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatalf("run %s through the stand-in: exit %d, no results (%v):\n%s", scenario, code, err, text)
	}
	if res.Scenario.DUTKind != "routeros" {
		t.Errorf("results name DUT kind %q, want routeros", res.Scenario.DUTKind)
	}
	return code, text, res
}

// TestStandInRouterBOARD runs the flagship through a RouterBOARD on the
// test host's ports (the stand-in): qosbench runs as its own process in the
// test-host namespace with --dut routeros, moves the host's NICs into its
// lab, deploys through the router's API and restores it. The physics must
// be the flagship's: with fasttrack off the router's queue keeps VoIP fast;
// with fasttrack on VoIP bypasses it and waits in the ISP's buffer. Seed
// scenarios then give the claim verdicts they give on kind embedded
// (scenarios/seeds/claims.tsv): the firewall ones here, every one with
// QOSBENCH_STANDIN_LIBRARY=1 (`make standin-library`).
func TestStandInRouterBOARD(t *testing.T) {
	if testing.Short() {
		t.Skip("traffic run: skipped with -short")
	}
	labtest.Require(t)
	s := newStandIn(t, "ether1", "ether2")

	// The latency tail of a 3 s run moves with this machine's stalls; a
	// router that does not prioritize fails every attempt.
	labtest.Attempts(t, labtest.PhysicsAttempts, func(t testing.TB) {
		code, text, res := s.standInRun(t, filepath.Join("..", "..", "scenarios", "voip-under-load.yaml"), 3*time.Second)
		if code != exitThresholds {
			t.Fatalf("flagship through the stand-in: exit %d, want %d (fasttrack on fails):\n%s", code, exitThresholds, text)
		}
		byName := map[string]analysis.VariantResult{}
		for _, v := range res.Variants {
			byName[v.Name] = v
		}
		off, on := byName["fasttrack=off"], byName["fasttrack=on"]
		if !off.Pass || on.Pass {
			t.Fatalf("flagship through the stand-in: fasttrack=off pass %v, fasttrack=on pass %v; want true, false:\n%s", off.Pass, on.Pass, text)
		}
		voip := func(v analysis.VariantResult) *analysis.Latency {
			for _, c := range v.Classes {
				if c.Name == "voip" && c.LatencyMs != nil {
					return c.LatencyMs
				}
			}
			t.Fatalf("variant %s has no voip latency", v.Name)
			return nil
		}
		// 30 ms is the flagship's threshold; the ISP buffer is 200 ms.
		if p := voip(off).P99; p > 30 {
			t.Errorf("fasttrack off: VoIP p99 %.1f ms through the RouterBOARD's queue, want < 30", p)
		}
		if p := voip(on).P99; p < 50 {
			t.Errorf("fasttrack on: VoIP p99 %.1f ms, want the ISP buffer's delay (> 50 ms): fasttrack should bypass the queue", p)
		}
		t.Logf("flagship through the stand-in: VoIP p99 %.2f ms (fasttrack off), %.2f ms (on)", voip(off).P99, voip(on).P99)
	})

	claims, err := scenarios.ReadSeedClaims(filepath.Join("..", "..", "scenarios", "seeds", "claims.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	all := os.Getenv("QOSBENCH_STANDIN_LIBRARY") == "1"
	for _, c := range claims {
		if !all && c.Name != "case-study-firewall" && c.Name != "winbox-guide" {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join("..", "..", "scenarios", "seeds", c.Name+".yaml")
			sc, err := scenarios.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			rb := s
			if sc.Lab.WAN.Interface != s.wan || sc.Lab.LAN.Interface != s.lan {
				// A RouterBOARD whose ports the config renamed.
				rb = newStandIn(t, sc.Lab.WAN.Interface, sc.Lab.LAN.Interface)
			}
			_, text, res := rb.standInRun(t, path, c.Duration)
			var got strings.Builder
			for _, cl := range res.Claims {
				got.WriteByte("FH"[boolIndex(cl.Holds)])
			}
			want, why := c.Claims, c.Why
			if c.RouterOS != "" {
				// A router managed through its own API cannot give this
				// verdict (claims.tsv says why).
				want, why = c.RouterOS, c.RouterOSWhy
			}
			if got.String() != want {
				t.Errorf("claims %s through the stand-in, want %s (%s):\n%s", got.String(), want, why, text)
			}
		})
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

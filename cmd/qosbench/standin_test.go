package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
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

// newStandIn builds the test host and the RouterBOARD and starts the router.
// Everything goes with the test, also when it fails.
func newStandIn(t *testing.T) *standIn {
	t.Helper()
	id := labtest.ID("")
	s := &standIn{host: "qsbt-" + id + "-host", rb: "qsbt-" + id + "-rb", addr: "169.254.77.2:8728",
		user: "admin", password: "standin-" + id, dir: t.TempDir()}
	sh(t, "ip", "netns", "add", s.host)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", s.host).Run() })
	sh(t, "ip", "netns", "add", s.rb)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", s.rb).Run() })
	for _, c := range []struct{ hostNIC, rbPort, rbAddr string }{
		{standInMgmt, "mgmt0", "169.254.77.2/30"},
		{standInWAN, "ether1", "198.51.100.1/24"},
		{standInLAN, "ether2", "192.168.88.1/24"},
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
		"--creds-file", creds, "--iface", "ether1,ether2", "--service-addr", "192.168.88.1,198.51.100.1")
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
func (s *standIn) run(t *testing.T, args ...string) (int, string) {
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
		"--dut-port", "ether1=" + standInWAN, "--dut-port", "ether2=" + standInLAN}
}

// nicsHome checks that the test host has its NICs back, as they were named.
func (s *standIn) nicsHome(t *testing.T) {
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

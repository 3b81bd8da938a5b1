package api

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	ros "github.com/go-routeros/routeros/v3"
	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// TestMain lets Start re-execute this test binary as the router process.
func TestMain(m *testing.M) {
	RunChildIfRequested()
	os.Exit(m.Run())
}

// TestRouterProcessInLab starts the real router process in a lab's DUT
// namespace, configures it over the management link with go-routeros, and
// checks the kernel state, the isolation of the API and the cleanup.
func TestRouterProcessInLab(t *testing.T) {
	labtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	spec := labtest.Spec(10e6, 10e6, 50*time.Millisecond)
	spec.Management = true
	id := labtest.ID("api")
	l, err := lab.Build(ctx, id, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	destroyed := false
	t.Cleanup(func() {
		if !destroyed {
			_ = l.Destroy()
		}
	})
	p, err := Start(ctx, l, StartOptions{Features: emulator.FeaturesFrom(lab.DetectFeatures(ctx))})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(l.RuntimeDir, CredsFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v, mode %v", err, st.Mode())
	}

	c, err := p.Endpoint.Client(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	run(t, c, "/ip/firewall/mangle/add", "=chain=forward", "=action=mark-packet", "=new-packet-mark=voip",
		"=passthrough=no", "=protocol=udp", "=dst-port=5060", "=comment=qosbench")
	run(t, c, "/queue/tree/add", "=name=voip-up", "=parent=ether1", "=packet-mark=voip", "=max-limit=2M", "=priority=1")
	// A blanket input drop must not cut the management link.
	run(t, c, "/ip/firewall/filter/add", "=chain=input", "=action=drop")
	// Edits are applied in a batch; a command other than an item edit or
	// read is a commit point (as deploy.Deployer uses).
	run(t, c, "/system/resource/print")
	// Counters come from the kernel, per item: five UDP packets from the
	// LAN host to port 5060 of the WAN host cross the mangle rule; the
	// input drop rule sees none of the API's own traffic.
	err = l.LANHosts[0].NS.Do(func() error {
		// Unconnected, so the WAN host's port unreachable does not fail
		// the next write.
		conn, err := net.ListenPacket("udp", ":0")
		if err != nil {
			return err
		}
		defer conn.Close()
		dst := &net.UDPAddr{IP: net.IP(l.WANHosts[0].Addr.AsSlice()), Port: 5060}
		for range 5 {
			if _, err := conn.WriteTo([]byte("INVITE"), dst); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	r := run(t, c, "/ip/firewall/mangle/print", "=stats=")
	if len(r.Re) != 1 || r.Re[0].Map["packets"] != "5" || r.Re[0].Map["bytes"] != strconv.Itoa(5*(20+8+6)) {
		t.Errorf("mangle counters: %v", r.Re)
	}
	r = run(t, c, "/ip/firewall/filter/print", "=stats=", "?chain=input")
	if len(r.Re) != 1 || r.Re[0].Map["packets"] != "0" {
		t.Errorf("input drop counters (the API's traffic must bypass it): %v", r.Re)
	}
	if msg := trapOf(t, c, "/queue/tree/add", "=name=bad", "=parent=ether9", "=max-limit=1M"); msg == "" {
		t.Error("queue on an unknown interface was accepted")
	}
	nft, err := l.DUT.Run(ctx, "", "nft", "list", "ruleset")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(nft, "5060") || !strings.Contains(nft, `"mgmt0"`) {
		t.Errorf("nft ruleset lacks the mangle rule or the management exemption:\n%s", nft)
	}
	tc, err := l.DUT.Run(ctx, "", "tc", "class", "show", "dev", "ether1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tc, "htb") || !strings.Contains(tc, "ceil 2Mbit") {
		t.Errorf("tc classes on ether1:\n%s", tc)
	}
	if out, _ := l.DUT.Run(ctx, "", "tc", "qdisc", "show", "dev", lab.MgmtInterface); strings.Contains(out, "htb") {
		t.Errorf("the management interface got a queue tree:\n%s", out)
	}
	r = run(t, c, "/interface/print")
	lanRx := ""
	for _, s := range r.Re {
		if s.Map["name"] == lab.MgmtInterface {
			t.Errorf("/interface shows the management link")
		}
		if s.Map["name"] == spec.LAN.Interface {
			lanRx = s.Map["rx-packet"]
		}
	}
	if n, err := strconv.Atoi(lanRx); err != nil || n < 5 {
		t.Errorf("LAN interface rx-packet = %q, want >= 5", lanRx)
	}

	// api-ssl with the pinned CA.
	tc2, err := p.Endpoint.Client(ctx, true)
	if err != nil {
		t.Fatalf("api-ssl: %v", err)
	}
	if r := run(t, tc2, "/queue/tree/print", "?name=voip-up"); len(r.Re) != 1 {
		t.Errorf("api-ssl print: %v", r)
	}
	tc2.Close()

	// The blanket input drop stops the lab-facing api service on the
	// router's LAN address (a real socket behind the input chain), while
	// the management link above kept working.
	err = l.LANHosts[0].NS.Do(func() error {
		d := net.Dialer{Timeout: 2 * time.Second}
		conn, err := d.Dial("tcp", net.JoinHostPort(l.RouterLAN.String(), "8728"))
		if err == nil {
			conn.Close()
			return errors.New("connected")
		}
		return nil
	})
	if err != nil {
		t.Errorf("API reachable from the LAN: %v", err)
	}

	pid := p.cmd.Process.Pid
	destroyed = true
	if err := l.Destroy(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := lab.Exists(id); ok {
		t.Error("namespaces left after Destroy")
	}
	if _, err := os.Stat(l.RuntimeDir); !os.IsNotExist(err) {
		t.Errorf("runtime dir left after Destroy: %v", err)
	}
	select {
	case <-p.waitc:
	case <-time.After(5 * time.Second):
		t.Errorf("router process %d still running after Destroy", pid)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// dialFrom connects to addr from ns; the socket stays in ns.
func dialFrom(ns *lab.NS, addr string, timeout time.Duration) (net.Conn, error) {
	var c net.Conn
	err := ns.Do(func() error {
		var err error
		c, err = net.DialTimeout("tcp", addr, timeout)
		return err
	})
	return c, err
}

// TestManagementPlaneInLab checks /ip/service on real sockets of a lab
// router: what a LAN host and a WAN host see after the config restricts
// ssh, disables telnet and drops WinBox from the WAN in the input chain.
func TestManagementPlaneInLab(t *testing.T) {
	labtest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	spec := labtest.Spec(10e6, 10e6, 50*time.Millisecond)
	spec.Management = true
	l := labtest.Build(t, spec) // destroyed, and checked, on any exit
	p, err := Start(ctx, l, StartOptions{Features: emulator.FeaturesFrom(lab.DetectFeatures(ctx))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop() })
	c, err := p.Endpoint.Client(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	lan, wan := l.LANHosts[0].NS, l.WANHosts[0].NS
	at := func(a netip.Addr, port int) string { return net.JoinHostPort(a.String(), strconv.Itoa(port)) }
	banner := func(ns *lab.NS, addr string) (string, error) {
		conn, err := dialFrom(ns, addr, 2*time.Second)
		if err != nil {
			return "", err
		}
		defer conn.Close()
		_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 256)
		n, err := conn.Read(buf)
		return string(buf[:n]), err
	}
	// Defaults: ssh answers on both sides.
	if got, err := banner(wan, at(l.RouterWAN, 22)); got != "SSH-2.0-ROSSSH\r\n" {
		t.Fatalf("default ssh from the WAN: %q, %v", got, err)
	}

	run(t, c, "/system/identity/set", "=name=SOHO-Router")
	run(t, c, "/ip/service/set", "=numbers=ssh", "=port=2222", "=address=192.168.88.0/24")
	run(t, c, "/ip/service/disable", "=numbers=telnet")

	if got, err := banner(lan, at(l.RouterLAN, 2222)); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh 2222 from the LAN: %q, %v", got, err)
	}
	// From the WAN the handshake completes (the socket exists) and the
	// service resets before any byte.
	got, err := banner(wan, at(l.RouterWAN, 2222))
	if got != "" || !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("ssh 2222 from the WAN: %q, %v; want a reset and no banner", got, err)
	}
	for _, tc := range []struct {
		ns   *lab.NS
		addr string
		what string
	}{
		{lan, at(l.RouterLAN, 22), "ssh 22 from the LAN"}, {wan, at(l.RouterWAN, 22), "ssh 22 from the WAN"},
		{lan, at(l.RouterLAN, 23), "telnet from the LAN"}, {wan, at(l.RouterWAN, 23), "telnet from the WAN"},
	} {
		if conn, err := dialFrom(tc.ns, tc.addr, 2*time.Second); err == nil {
			conn.Close()
			t.Errorf("%s: connected, want refused", tc.what)
		} else if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("%s: %v, want connection refused", tc.what, err)
		}
	}
	if got, _ := banner(lan, at(l.RouterLAN, 21)); got != "220 SOHO-Router FTP server (MikroTik) ready\r\n" {
		t.Errorf("ftp banner from the LAN: %q", got)
	}
	// The lab-facing api takes /user (admin, empty password), not the lab
	// credentials.
	err = lan.Do(func() error {
		cl, err := ros.DialTimeout(at(l.RouterLAN, 8728), "admin", "", 3*time.Second)
		if err != nil {
			return err
		}
		defer cl.Close()
		_, err = cl.Run("/system/identity/print")
		return err
	})
	if err != nil {
		t.Errorf("api on the LAN address as admin: %v", err)
	}
	err = lan.Do(func() error {
		cl, err := ros.DialTimeout(at(l.RouterLAN, 8728), p.Endpoint.User, p.Endpoint.Password, 3*time.Second)
		if err == nil {
			cl.Close()
		}
		return err
	})
	if err == nil {
		t.Error("the lab credentials logged in on the lab-facing api")
	}

	// WinBox: open and silent from both sides.
	winboxOpen := func(ns *lab.NS, a netip.Addr) error {
		conn, err := dialFrom(ns, at(a, 8291), 1500*time.Millisecond)
		if err != nil {
			return err
		}
		defer conn.Close()
		_ = conn.SetReadDeadline(time.Now().Add(600 * time.Millisecond))
		n, err := conn.Read(make([]byte, 16))
		var ne net.Error
		if n != 0 || !errors.As(err, &ne) || !ne.Timeout() {
			return fmt.Errorf("read %d bytes, %v; want an open, silent connection", n, err)
		}
		return nil
	}
	if err := winboxOpen(wan, l.RouterWAN); err != nil {
		t.Errorf("winbox from the WAN: %v", err)
	}
	// An input drop from the WAN: the SYN never reaches the socket.
	run(t, c, "/ip/firewall/filter/add", "=chain=input", "=protocol=tcp", "=dst-port=8291",
		"=in-interface="+spec.WAN.Interface, "=action=drop")
	run(t, c, "/system/resource/print") // commit point
	err = winboxOpen(wan, l.RouterWAN)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("winbox from the WAN behind an input drop: %v, want a connect timeout", err)
	}
	if err := winboxOpen(lan, l.RouterLAN); err != nil {
		t.Errorf("winbox from the LAN: %v", err)
	}
	r := run(t, c, "/ip/firewall/filter/print", "=stats=")
	if len(r.Re) != 1 || r.Re[0].Map["packets"] == "0" {
		t.Errorf("input drop counters: %v", r.Re)
	}
	// The services never listen on the management link, and disabling
	// api and api-ssl does not touch the management API.
	if conn, err := p.Endpoint.DialContext(ctx, "tcp", at(l.MgmtRouter, 8291)); err == nil {
		conn.Close()
		t.Error("winbox answers on the management link")
	}
	run(t, c, "/ip/service/disable", "=numbers=api,api-ssl")
	c2, err := p.Endpoint.Client(ctx, true)
	if err != nil {
		t.Fatalf("management api-ssl after disabling api and api-ssl: %v", err)
	}
	c2.Close()
	if _, err := dialFrom(lan, at(l.RouterLAN, 8728), 2*time.Second); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("disabled api from the LAN: %v, want refused", err)
	}
	// Stopping the router closes every service socket.
	c.Close()
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := dialFrom(lan, at(l.RouterLAN, 8291), 2*time.Second); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("winbox after the router stopped: %v, want refused", err)
	}
}

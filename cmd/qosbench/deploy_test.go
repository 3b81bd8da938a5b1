package main

import (
	"context"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/routeros"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestDeployDryRunGolden(t *testing.T) {
	code, out, errs := qb(t, "deploy", "--dry-run", "--fasttrack", "on", "../../scenarios/configs/soho-qos.rsc")
	if code != exitOK {
		t.Fatalf("code %d: %s", code, errs)
	}
	const golden = "testdata/deploy-dry-run.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("dry run differs from %s (-update to accept):\n%s", golden, out)
	}
}

type nullBackend struct{}

func (nullBackend) Apply(context.Context, *routeros.Config) error { return nil }
func (nullBackend) Stats(context.Context) (api.Stats, error) {
	return api.Stats{Items: map[int]api.ItemStats{0: {Packets: 7, Bytes: 700}}}, nil
}
func (nullBackend) Interfaces(context.Context) ([]api.Interface, error) { return nil, nil }

func TestDeployHoldRestoreNoCredentialLeak(t *testing.T) {
	const user, password = "qbuser", "Leak-Canary-9c1"
	s := api.NewServer(api.Config{Backend: nullBackend{}, User: user, Password: password})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	defer s.Close()
	addr := ln.Addr().String()

	// Credentials from the environment.
	t.Setenv("QOSBENCH_ROUTER_USER", user)
	t.Setenv("QOSBENCH_ROUTER_PASSWORD", password)
	code, out, errs := qb(t, "-v", "deploy", "--address", addr, "--hold", "10ms", "--fasttrack", "off", "../../scenarios/configs/soho-qos.rsc")
	if code != exitOK {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"deployed 11 item(s)", "fasttrack off: disabled", "/queue/tree", "restored " + addr + " and verified"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "sentence=") {
		t.Errorf("debug log shows no sentences, so the leak check proves little:\n%s", errs)
	}
	// Credentials from a file; deploy, leave, restore from the snapshot.
	t.Setenv("QOSBENCH_ROUTER_USER", "")
	t.Setenv("QOSBENCH_ROUTER_PASSWORD", "")
	dir := t.TempDir()
	cred := filepath.Join(dir, "cred")
	if err := os.WriteFile(cred, []byte("# lab router\nuser="+user+"\npassword="+password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "snap.json")
	code, out2, errs2 := qb(t, "-v", "deploy", "--address", addr, "--credentials", cred, "--snapshot", snap, "../../scenarios/configs/soho-qos.rsc")
	if code != exitOK || !strings.Contains(out2, "snapshot: "+snap) {
		t.Fatalf("deploy: code %d\n%s\n%s", code, out2, errs2)
	}
	code, out3, errs3 := qb(t, "-v", "deploy", "--address", addr, "--credentials", cred, "--restore", snap)
	if code != exitOK || !strings.Contains(out3, "verified") {
		t.Fatalf("restore: code %d\n%s\n%s", code, out3, errs3)
	}
	snapText, _ := os.ReadFile(snap)
	for _, text := range []string{out, errs, out2, errs2, out3, errs3, string(snapText)} {
		if strings.Contains(text, password) {
			t.Errorf("password leaked into output:\n%s", text)
		}
	}
	// No credentials at all: a clear usage error.
	code, _, errs = qb(t, "deploy", "--address", addr, "../../scenarios/configs/soho-qos.rsc")
	if code != exitUsage || !strings.Contains(errs, "QOSBENCH_ROUTER_USER") {
		t.Errorf("without credentials: code %d, %s", code, errs)
	}
}

func TestDeployFromScenario(t *testing.T) {
	const user, password = "qbuser", "Leak-Canary-7d2"
	s := api.NewServer(api.Config{Backend: nullBackend{}, User: user, Password: password})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	defer s.Close()
	dir := t.TempDir()
	rsc, err := os.ReadFile("../../scenarios/configs/soho-qos.rsc")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"r.rsc": string(rsc), "router.cred": "user=" + user + "\npassword=" + password + "\n",
		"s.yaml": "name: real\ndut: {kind: routeros, address: " + ln.Addr().String() + ", credentials: router.cred}\nconfig: r.rsc\n" +
			"lab:\n  lan: {subnet: 192.168.88.0/24}\n  wan: {subnet: 198.51.100.0/24}\n  uplink: {up: 10Mbps, down: 50Mbps}\nduration: 5s\ntraffic:\n  - {class: voip, type: voip}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := qb(t, "deploy", "--scenario", filepath.Join(dir, "s.yaml"), "--hold", "1ms")
	if code != exitOK || !strings.Contains(out, "deployed 11 item(s)") || !strings.Contains(out, "and verified") {
		t.Fatalf("code %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out+errs, password) {
		t.Error("password in output")
	}
	code, _, errs = qb(t, "deploy", "--scenario", flagship)
	if code != exitUsage || !strings.Contains(errs, "no address") {
		t.Errorf("embedded scenario: code %d %s", code, errs)
	}
	code, _, errs = qb(t, "deploy", "--scenario", filepath.Join(dir, "s.yaml"), "--address", "x:1")
	if code != exitUsage || !strings.Contains(errs, "drop --address") {
		t.Errorf("scenario and address: code %d %s", code, errs)
	}
}

package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodeRouterOS is the third-party client the compatibility test drives:
// the latest node-routeros on npm, released before RouterOS 7.18
// introduced !empty.
const nodeRouterOS = "node-routeros@1.6.9"

// installNodeRouterOS installs nodeRouterOS into a temporary directory and
// returns it, or skips the test when node, npm or the registry is missing.
func installNodeRouterOS(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: installs " + nodeRouterOS + " from npm")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: cannot run %s", tool, nodeRouterOS)
		}
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, nodeRouterOS)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Skipf("npm install %s failed (no registry?): %v: %s", nodeRouterOS, err, strings.TrimSpace(out.String()))
	}
	script, err := os.ReadFile(filepath.Join("testdata", "node-routeros.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "drive.js"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runNode runs the driver script against addr and returns its JSON line.
func runNode(t *testing.T, dir, addr string) (map[string]json.RawMessage, error) {
	t.Helper()
	_, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "drive.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ROS_PORT="+port, "ROS_USER="+testUser, "ROS_PASS="+testPass)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var got map[string]json.RawMessage
	line := strings.TrimSpace(stdout.String())
	if i := strings.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	}
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		if runErr != nil {
			// The client crashed before printing (an uncaught exception).
			return nil, fmt.Errorf("%w: %s", runErr, strings.TrimSpace(stderr.String()))
		}
		t.Fatalf("node output %q (stderr %q): %v", stdout.String(), stderr.String(), err)
	}
	if runErr != nil {
		return got, fmt.Errorf("%w: %s", runErr, got["error"])
	}
	return got, nil
}

// TestNodeRouterOS drives the API with node-routeros 1.6.9 against a
// router claiming RouterOS 7.16 (before !empty): login, print, add, set,
// remove and an empty print must all work. Python's librouteros, the
// other client the issue names, cannot be installed here (no PyPI).
func TestNodeRouterOS(t *testing.T) {
	dir := installNodeRouterOS(t)
	addr, _ := startServer(t, &fakeBackend{}, func(c *Config) { c.RouterOSVersion = "7.16" })
	got, err := runNode(t, dir, addr)
	if err != nil {
		t.Fatalf("node-routeros against 7.16: %v: %s", err, got["error"])
	}
	var resource []map[string]string
	_ = json.Unmarshal(got["resource"], &resource)
	if len(resource) != 1 || !strings.HasPrefix(resource[0]["version"], "7.16") {
		t.Errorf("resource print %s", got["resource"])
	}
	var afterSet []map[string]string
	_ = json.Unmarshal(got["afterSet"], &afterSet)
	if len(afterSet) != 1 || afterSet[0]["max-limit"] != "7M" {
		t.Errorf("print after set %s, want one queue with max-limit 7M", got["afterSet"])
	}
	if string(got["emptyPrint"]) != "[]" {
		t.Errorf("empty print %s, want []", got["emptyPrint"])
	}
	t.Logf("node-routeros 1.6.9 against 7.16: login, print, add %s, set, remove, empty print %s", got["added"], got["emptyPrint"])

	// The reason for the version switch: the same client against a router
	// claiming 7.18 gets !empty on the empty print, which it does not know.
	addr18, _ := startServer(t, &fakeBackend{}, func(c *Config) { c.RouterOSVersion = "7.18" })
	if _, err := runNode(t, dir, addr18); err == nil || !strings.Contains(err.Error(), "!empty") {
		t.Errorf("node-routeros 1.6.9 against 7.18: %v; want it to fail on !empty, or the version switch is needless", err)
	}
}

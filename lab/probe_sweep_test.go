package lab

import (
	"context"
	"os"
	"os/exec"
	"testing"
)

// A feature probe killed before it removed its namespace (SIGKILL during
// `lab up`) leaves qosb-probe<pid>-x; the next probe removes it, and leaves
// the probe namespaces of processes that still run.
func TestProbeSweepsStaleProbeNamespaces(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("namespace test: needs root to create network namespaces")
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	stale, live := probeName(dead.Process.Pid), probeName(os.Getppid())
	if _, err := os.Stat(netnsDir + "/" + live); err == nil {
		t.Skipf("%s exists already (the parent process is probing)", live)
	}
	for _, n := range []string{stale, live} {
		if _, err := createNS(n); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = deleteNS(n) })
	}
	// A stale probe is a lab to `lab down --all` too.
	if id := labIDOf(stale); id == "" {
		t.Errorf("%s is not a lab name; lab down --all would miss it", stale)
	}
	DetectFeatures(context.Background())
	if _, err := os.Stat(netnsDir + "/" + stale); err == nil {
		t.Errorf("stale probe namespace %s survived the next probe", stale)
	}
	if _, err := os.Stat(netnsDir + "/" + live); err != nil {
		t.Errorf("probe namespace %s of a live process was removed: %v", live, err)
	}
	if _, err := os.Stat(netnsDir + "/" + probeName(os.Getpid())); err == nil {
		t.Errorf("the probe left its own namespace")
	}
}

package lab_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
	"golang.org/x/sys/unix"
)

// privateMountEnv carries the lab id into the re-executed test.
const privateMountEnv = "QOSB_TEST_PRIVATE_MOUNTNS_ID"

// A foreign `ip netns add` in the middle of a lab (the first one on a
// machine bind-mounts /run/netns onto itself) must not strand the lab:
// lab down removes every namespace and reports exactly those. The test runs
// in a private mount namespace with a plain /run/netns, as on a machine
// where no `ip netns add` ran yet, so the host's mounts (and other labs)
// are untouched.
func TestForeignNetnsAddMidLab(t *testing.T) {
	labtest.Require(t)
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("namespace test: needs iproute2's ip")
	}
	if id := os.Getenv(privateMountEnv); id != "" {
		foreignMidLab(t, id)
		return
	}
	id := labtest.ID("frgn")
	t.Cleanup(func() {
		// The child's mounts died with its mount namespace; files it left
		// in /run/netns are removed here.
		if _, err := lab.Teardown(id); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		_ = os.Remove("/run/netns/" + foreignName(id))
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestForeignNetnsAddMidLab$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), privateMountEnv+"="+id)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	t.Logf("in a private mount namespace:\n%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
}

func foreignName(id string) string { return "frgn-" + id }

func foreignMidLab(t *testing.T, id string) {
	// A plain /run/netns, as on a machine where no `ip netns add` ran yet.
	for unix.Unmount("/run/netns", unix.MNT_DETACH) == nil {
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l, err := lab.Build(ctx, id, labtest.Spec(10e6, 10e6, 50*time.Millisecond), nil)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	built := len(l.Namespaces())
	foreign := foreignName(id)
	if out, err := exec.Command("ip", "netns", "add", foreign).CombinedOutput(); err != nil {
		l.Destroy()
		t.Fatalf("ip netns add: %v: %s", err, out)
	}
	defer func() {
		if out, err := exec.Command("ip", "netns", "del", foreign).CombinedOutput(); err != nil {
			t.Errorf("ip netns del %s: %v: %s", foreign, err, out)
		}
	}()
	// The lab still works after the foreign add: its namespaces can be
	// entered by path.
	if _, err := l.DUT.Run(ctx, "", "ip", "link", "show"); err != nil {
		t.Errorf("enter the router's namespace after the foreign add: %v", err)
	}
	removed, err := lab.Teardown(id)
	if err != nil {
		t.Errorf("lab down after a foreign ip netns add: %v", err)
	}
	if len(removed) != built {
		t.Errorf("lab down reported %d removed, the lab had %d namespaces", len(removed), built)
	}
	if ok, _ := lab.Exists(id); ok {
		t.Errorf("lab %s still has namespace files", id)
	}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	for _, line := range strings.Split(string(mi), "\n") {
		if strings.Contains(line, lab.NamePrefix+id+"-") {
			t.Errorf("mount left: %s", line)
		}
	}
	// lab down of a gone lab removes nothing and says so.
	if again, err := lab.Teardown(id); err != nil || len(again) != 0 {
		t.Errorf("second lab down: removed %v, err %v", again, err)
	}
}

// hiddenEnv carries the lab id into the re-executed hidden-mount test.
const hiddenEnv = "QOSB_TEST_HIDDEN_MOUNT_ID"

// A namespace made on a plain /run/netns (by a qosbench older than the
// shared-mount convention) is hidden when `ip netns add` later binds
// /run/netns onto itself: its file can be neither unmounted nor removed
// through the bind. lab down must still remove it when the bind holds no
// namespace of its own (it only hides the older mounts), and refuse, with
// the reason, while another namespace lives on the bind. Private mount
// namespace, as above.
func TestTeardownUncoversHiddenNamespace(t *testing.T) {
	labtest.Require(t)
	for _, tool := range []string{"ip", "unshare"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("namespace test: needs %s", tool)
		}
	}
	if id := os.Getenv(hiddenEnv); id != "" {
		uncoverHidden(t, id)
		return
	}
	id := labtest.ID("hid")
	t.Cleanup(func() {
		_ = os.Remove("/run/netns/" + lab.NamePrefix + id + "-dut")
		_ = os.Remove("/run/netns/" + foreignName(id))
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestTeardownUncoversHiddenNamespace$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), hiddenEnv+"="+id)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	t.Logf("in a private mount namespace:\n%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
}

func uncoverHidden(t *testing.T, id string) {
	for unix.Unmount("/run/netns", unix.MNT_DETACH) == nil {
	}
	name := lab.NamePrefix + id + "-dut"
	file := "/run/netns/" + name
	if err := os.WriteFile(file, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	// The old way: a namespace bind-mounted on the plain directory.
	if out, err := exec.Command("unshare", "--net="+file, "true").CombinedOutput(); err != nil {
		t.Fatalf("unshare --net=%s: %v: %s", file, err, out)
	}
	foreign := foreignName(id)
	if out, err := exec.Command("ip", "netns", "add", foreign).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v: %s", err, out)
	}
	// While a namespace lives on the bind, lab down must not detach it.
	if _, err := lab.Teardown(id); err == nil || !strings.Contains(err.Error(), "hidden under a bind mount") {
		t.Errorf("lab down with a namespace on the covering bind: %v, want the hidden-mount error", err)
	}
	if out, err := exec.Command("ip", "netns", "del", foreign).CombinedOutput(); err != nil {
		t.Fatalf("ip netns del: %v: %s", err, out)
	}
	removed, err := lab.Teardown(id)
	if err != nil || len(removed) != 1 || removed[0] != name {
		t.Fatalf("lab down of the hidden namespace: removed %v, err %v", removed, err)
	}
	if _, err := os.Lstat(file); !os.IsNotExist(err) {
		t.Errorf("%s still there: %v", file, err)
	}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	if strings.Contains(string(mi), name) {
		t.Errorf("mount of %s left:\n%s", name, mi)
	}
}

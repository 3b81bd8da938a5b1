package lab

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// netnsDir is where iproute2 keeps named namespaces; namespaces created here
// are visible to `ip netns list` so a user can inspect a lab by hand.
const netnsDir = "/run/netns"

// NS is a named network namespace created by the lab.
type NS struct {
	Name string
}

// Path returns the bind-mount path of the namespace.
func (n *NS) Path() string { return filepath.Join(netnsDir, n.Name) }

// createNS creates a named namespace without moving the calling goroutine's
// thread into it for longer than the call.
func createNS(name string) (*NS, error) {
	if err := prepareNetnsDir(); err != nil {
		return nil, err
	}
	err := onLockedThread(func() (bool, error) {
		orig, err := netns.Get()
		if err != nil {
			return true, fmt.Errorf("lab: get current netns: %w", err)
		}
		defer orig.Close()
		h, err := netns.NewNamed(name) // switches this thread into the new ns
		if err != nil {
			// NewNamed may have switched before failing; restore either way.
			if serr := netns.Set(orig); serr != nil {
				return false, fmt.Errorf("lab: create netns %s: %w (and restore failed: %v)", name, err, serr)
			}
			return true, fmt.Errorf("lab: create netns %s: %w", name, err)
		}
		h.Close()
		if err := netns.Set(orig); err != nil {
			return false, fmt.Errorf("lab: restore netns after creating %s: %w", name, err)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return &NS{Name: name}, nil
}

// prepareNetnsDir follows iproute2's convention (ip/ipnetns.c, netns_add)
// before a namespace is created: /run/netns is a shared mount point, made
// by bind-mounting the directory onto itself when it is not one yet. A
// namespace file mounted on a plain /run/netns is hidden when the first
// `ip netns add` by anyone else does that bind, and can then be neither
// unmounted nor removed (EINVAL, EBUSY). Once it is a shared mount, later
// `ip netns add` calls only re-mark it shared. The bind is recursive, so
// namespace files already there (another lab's, built by an older
// qosbench) stay visible.
func prepareNetnsDir() error {
	if err := os.MkdirAll(netnsDir, 0o755); err != nil {
		return fmt.Errorf("lab: create %s: %w", netnsDir, err)
	}
	for bound := false; ; bound = true {
		err := unix.Mount("", netnsDir, "none", unix.MS_SHARED|unix.MS_REC, "")
		if err == nil {
			return nil
		}
		// EINVAL: not a mount point yet. Bind it onto itself, once.
		if !errors.Is(err, unix.EINVAL) || bound {
			return fmt.Errorf("lab: make %s a shared mount: %w", netnsDir, err)
		}
		if err := unix.Mount(netnsDir, netnsDir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return fmt.Errorf("lab: bind %s onto itself: %w", netnsDir, err)
		}
	}
}

// maxStackedMounts bounds the unmount loop of deleteNS; mounts stack on a
// namespace file when mount propagation copies one onto the same place.
const maxStackedMounts = 16

// deleteNS removes a named namespace: it unmounts the namespace file until
// it is no longer a mount point (propagation can stack several mounts on
// it), lazily so that a process still inside does not block it, then
// removes the file. Missing namespaces are not an error; a namespace that
// is still there afterwards is.
func deleteNS(name string) error {
	path := filepath.Join(netnsDir, name)
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	for range maxStackedMounts {
		if err := unix.Unmount(path, unix.MNT_DETACH); err != nil {
			// EINVAL: not a mount point (any more); ENOENT: gone.
			if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOENT) {
				break
			}
			return fmt.Errorf("lab: delete netns %s: unmount: %w", name, err)
		}
	}
	err := os.Remove(path)
	if errors.Is(err, unix.EBUSY) && uncoverNetnsDir() {
		// The bind that hid the namespace's mount is gone: unmount and
		// remove it as above.
		return deleteNS(name)
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		if errors.Is(err, unix.EBUSY) {
			return fmt.Errorf("lab: delete netns %s: %w (its mount is hidden under a bind mount of %s made after the namespace was created, as the first `ip netns add` on a machine does; qosbench labs avoid this by making %s a shared mount first)", name, err, netnsDir, netnsDir)
		}
		return fmt.Errorf("lab: delete netns %s: %w", name, err)
	}
	return nil
}

// uncoverNetnsDir copes with stacked mounts: a namespace file mounted on a
// plain /run/netns, hidden when someone later bind-mounted /run/netns onto
// itself (the first `ip netns add` on a machine does). When that covering
// bind holds no mount of its own (no namespace was created on it), it only
// hides the older mounts: it is detached, which uncovers them, and the next
// namespace created makes the bind again (prepareNetnsDir). With mounts on
// it, detaching would hide those instead, so it stays. It reports whether
// it detached the bind.
func uncoverNetnsDir() bool {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	type mnt struct{ id, parent, point string }
	var ms []mnt
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		ms = append(ms, mnt{id: f[0], parent: f[1], point: f[4]})
	}
	top := ""
	hidden := false
	for _, m := range ms {
		if m.point == netnsDir {
			top = m.id // mountinfo lists a mount after the one it covers
		}
	}
	if top == "" {
		return false
	}
	for _, m := range ms {
		if m.parent == top {
			return false // namespaces live on the bind
		}
		if strings.HasPrefix(m.point, netnsDir+"/") {
			hidden = true
		}
	}
	if !hidden {
		return false
	}
	return unix.Unmount(netnsDir, unix.MNT_DETACH) == nil
}

// onLockedThread runs fn on a fresh goroutine locked to its OS thread. fn
// reports whether the thread is still in a clean state; when it is not (a
// namespace could not be restored) the thread stays locked so the Go runtime
// destroys it when the goroutine exits, instead of reusing a thread that sits
// in the wrong namespace.
func onLockedThread(fn func() (clean bool, err error)) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		clean, err := fn()
		if clean {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

// Do runs fn with the calling thread switched into the namespace, on a
// dedicated locked thread. Sockets created inside fn belong to the namespace
// and may be used from any goroutine afterwards. Goroutines started inside fn
// do not inherit the namespace.
func (n *NS) Do(fn func() error) error {
	var ferr error
	err := onLockedThread(func() (bool, error) {
		orig, err := netns.Get()
		if err != nil {
			return true, fmt.Errorf("lab: get current netns: %w", err)
		}
		defer orig.Close()
		target, err := netns.GetFromPath(n.Path())
		if err != nil {
			return true, fmt.Errorf("lab: open netns %s: %w", n.Name, err)
		}
		defer target.Close()
		if err := netns.Set(target); err != nil {
			return true, fmt.Errorf("lab: enter netns %s: %w", n.Name, err)
		}
		ferr = fn()
		if err := netns.Set(orig); err != nil {
			return false, fmt.Errorf("lab: leave netns %s: %w", n.Name, err)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	return ferr
}

// Handle returns a netlink handle whose sockets live in the namespace. The
// caller closes it.
func (n *NS) Handle() (*netlink.Handle, error) {
	h, err := netns.GetFromPath(n.Path())
	if err != nil {
		return nil, fmt.Errorf("lab: open netns %s: %w", n.Name, err)
	}
	defer h.Close()
	nh, err := netlink.NewHandleAt(h)
	if err != nil {
		return nil, fmt.Errorf("lab: netlink handle in %s: %w", n.Name, err)
	}
	return nh, nil
}

// fd opens the namespace and returns its handle, for moving links into it.
func (n *NS) fd() (netns.NsHandle, error) {
	h, err := netns.GetFromPath(n.Path())
	if err != nil {
		return 0, fmt.Errorf("lab: open netns %s: %w", n.Name, err)
	}
	return h, nil
}

// WriteSysctl writes a /proc/sys value from inside the namespace (net.*
// sysctls are per namespace) and reads it back.
func (n *NS) WriteSysctl(key, value string) error {
	path := filepath.Join("/proc/sys", filepath.FromSlash(dotsToSlashes(key)))
	return n.Do(func() error {
		if err := os.WriteFile(path, []byte(value), 0o644); err != nil {
			return fmt.Errorf("lab: sysctl %s=%s in %s: %w", key, value, n.Name, err)
		}
		return nil
	})
}

func dotsToSlashes(key string) string {
	b := []byte(key)
	for i := range b {
		if b[i] == '.' {
			b[i] = '/'
		}
	}
	return string(b)
}

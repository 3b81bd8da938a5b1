package lab

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
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

// deleteNS removes a named namespace. Missing namespaces are not an error.
func deleteNS(name string) error {
	if _, err := os.Stat(filepath.Join(netnsDir, name)); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := netns.DeleteNamed(name); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("lab: delete netns %s: %w", name, err)
	}
	return nil
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

package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Exists reports whether any namespace of lab id exists.
func Exists(id string) (bool, error) {
	names, err := listNS()
	if err != nil {
		return false, err
	}
	for _, n := range names {
		if labIDOf(n) == id {
			return true, nil
		}
	}
	return false, nil
}

// Labs returns the ids of the live labs, each with its namespaces.
func Labs() (map[string][]string, error) {
	names, err := listNS()
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, n := range names {
		if id := labIDOf(n); id != "" {
			out[id] = append(out[id], n)
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out, nil
}

// labIDOf extracts the lab id from a namespace name "qosb-<id>-<role>".
func labIDOf(ns string) string {
	if !strings.HasPrefix(ns, NamePrefix) {
		return ""
	}
	rest := strings.TrimPrefix(ns, NamePrefix)
	i := strings.LastIndexByte(rest, '-')
	if i <= 0 {
		return ""
	}
	return rest[:i]
}

func listNS() ([]string, error) {
	ents, err := os.ReadDir(netnsDir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out, nil
}

// Teardown removes the namespaces of lab id (processes inside are killed
// first). It is what `lab down` does for a lab this process did not build.
func Teardown(id string) ([]string, error) {
	labs, err := Labs()
	if err != nil {
		return nil, err
	}
	// Host NICs first, as Destroy does.
	removed, firstErr := returnHostPorts(id)
	if firstErr != nil {
		// Deleting the namespaces now would destroy or strand the NICs.
		return removed, firstErr
	}
	for _, n := range labs[id] {
		ns := &NS{Name: n}
		killProcessesIn(ns)
		if err := deleteNS(n); err != nil && firstErr == nil {
			firstErr = err
		}
		removed = append(removed, n)
	}
	if err := removeRuntimeDir(id); err != nil && firstErr == nil {
		firstErr = err
	}
	return removed, firstErr
}

// Sweep removes every lab namespace on the machine (NamePrefix), whichever
// run created it, and returns what it removed.
func Sweep() ([]string, error) {
	labs, err := Labs()
	if err != nil {
		return nil, err
	}
	var removed []string
	var firstErr error
	ids := make([]string, 0, len(labs))
	for id := range labs {
		ids = append(ids, id)
	}
	// A lab whose namespaces are gone may still hold host NICs in its
	// record (physical NICs fall back to the initial namespace under their
	// lab names): give those back too.
	if ents, err := os.ReadDir(RuntimeRoot); err == nil {
		for _, e := range ents {
			if _, ok := labs[e.Name()]; ok || !e.IsDir() {
				continue
			}
			if _, err := os.Stat(hostPortsPath(e.Name())); err == nil {
				ids = append(ids, e.Name())
			}
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		r, err := Teardown(id)
		removed = append(removed, r...)
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return removed, firstErr
}

// killProcessesIn sends SIGTERM, then SIGKILL, to every process whose network
// namespace is ns (other than this one), so deleting the namespace really
// frees it. Processes are found by comparing namespace inodes.
func killProcessesIn(ns *NS) {
	var st syscall.Stat_t
	if err := syscall.Stat(ns.Path(), &st); err != nil {
		return
	}
	find := func() []int {
		var pids []int
		ents, _ := os.ReadDir("/proc")
		self := os.Getpid()
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == self {
				continue
			}
			var pst syscall.Stat_t
			if syscall.Stat(filepath.Join("/proc", e.Name(), "ns/net"), &pst) == nil && pst.Ino == st.Ino && pst.Dev == st.Dev {
				pids = append(pids, pid)
			}
		}
		return pids
	}
	pids := find()
	if len(pids) == 0 {
		return
	}
	for _, p := range pids {
		_ = syscall.Kill(p, syscall.SIGTERM)
	}
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if len(find()) == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, p := range find() {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
}

// removeRuntimeDir removes the runtime directory of lab id; an invalid id
// (which could name RuntimeRoot itself) removes nothing.
func removeRuntimeDir(id string) error {
	if ValidID(id) != nil {
		return nil
	}
	if err := os.RemoveAll(RuntimeDir(id)); err != nil {
		return fmt.Errorf("lab: remove runtime directory of %s: %w", id, err)
	}
	return nil
}

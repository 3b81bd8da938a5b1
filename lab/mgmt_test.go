package lab_test

import (
	"context"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// TestManagementLink checks the management namespace and link, and that
// the runtime directory exists while the lab lives and goes with Teardown.
func TestManagementLink(t *testing.T) {
	labtest.Require(t)
	spec := labtest.Spec(10e6, 10e6, 50*time.Millisecond)
	spec.Management = true
	id := labtest.ID("mgmt")
	l, err := lab.Build(context.Background(), id, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Destroy() })
	if l.Mgmt == nil || l.MgmtRouter.String() != "169.254.88.1" || l.MgmtPeer.String() != "169.254.88.2" {
		t.Fatalf("management: ns %v, router %v, peer %v", l.Mgmt, l.MgmtRouter, l.MgmtPeer)
	}
	st, err := os.Stat(l.RuntimeDir)
	if err != nil || !st.IsDir() || st.Mode().Perm() != 0o700 {
		t.Fatalf("runtime dir %s: %v %v", l.RuntimeDir, err, st)
	}
	// A listener in the DUT on the management address is reachable from
	// the management namespace.
	var ln net.Listener
	if err := l.DUT.Do(func() error {
		var err error
		ln, err = net.Listen("tcp", net.JoinHostPort(l.MgmtRouter.String(), "0"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
		}
	}()
	if err := l.Mgmt.Do(func() error {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 2*time.Second)
		if err == nil {
			c.Close()
		}
		return err
	}); err != nil {
		t.Fatalf("dial the router from the management namespace: %v", err)
	}
	labs, err := lab.Labs()
	if err != nil || !slices.Contains(labs[id], lab.NamePrefix+id+"-mgmt") {
		t.Fatalf("lab %s namespaces %v (%v)", id, labs[id], err)
	}
	if _, err := lab.Teardown(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.RuntimeDir); !os.IsNotExist(err) {
		t.Errorf("runtime dir left after Teardown: %v", err)
	}
	if ok, _ := lab.Exists(id); ok {
		t.Error("namespaces left after Teardown")
	}
}

package api

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVersionBefore(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{{"6.48.6", true}, {"7.14.2", true}, {"7.17", true}, {"7.18", false}, {"7.18rc2", false}, {"7.19.1", false}, {"8.0", false}, {"", false}} {
		if got := versionBefore(c.v, 7, 18); got != c.want {
			t.Errorf("versionBefore(%q, 7.18) = %v, want %v", c.v, got, c.want)
		}
	}
}

// An empty print answers !empty only when the claimed version is 7.18 or
// later; the version shows in /system/resource and /system/package.
func TestEmptyByVersion(t *testing.T) {
	for _, c := range []struct {
		version   string
		wantEmpty bool
	}{{"", true}, {"7.18", true}, {"7.16.2", false}, {"6.49.10", false}} {
		addr, _ := startServer(t, &fakeBackend{}, func(cfg *Config) { cfg.RouterOSVersion = c.version })
		rc := dialRaw(t, addr, true)
		rc.send("/ip/firewall/filter/print")
		got := rc.until()
		hasEmpty := slices.ContainsFunc(got, func(s []string) bool { return s[0] == "!empty" })
		if hasEmpty != c.wantEmpty || got[len(got)-1][0] != "!done" {
			t.Errorf("version %q: empty print %q, want !empty %v", c.version, got, c.wantEmpty)
		}
		want := c.version
		if want == "" {
			want = Version
		}
		rc.send("/system/package/print", "=.proplist=name,version")
		if got := rc.until(); len(got) != 2 || !slices.Contains(got[0], "=version="+want) {
			t.Errorf("version %q: package print %q", c.version, got)
		}
	}
}

func TestGetNumber(t *testing.T) {
	addr, _ := startServer(t, &fakeBackend{}, nil)
	rc := dialRaw(t, addr, true)
	rc.send("/queue/tree/add", "=name=q1", "=parent=ether1", "=max-limit=5M")
	rc.until()
	rc.send("/queue/tree/get", "=number=q1", "=value-name=max-limit")
	if got := rc.until(); got[0][0] != "!done" || !slices.Contains(got[0], "=ret=5M") {
		t.Errorf("get =number=q1: %q", got)
	}
}

func TestReadOnlyMenus(t *testing.T) {
	addr, _ := startServer(t, &fakeBackend{}, nil)
	rc := dialRaw(t, addr, true)
	rc.send("/ip/address/print")
	got := rc.until()
	if len(got) != 2 || !slices.Contains(got[0], "=address=198.51.100.1/24") || !slices.Contains(got[0], "=network=198.51.100.0") || !slices.Contains(got[0], "=interface=ether1") {
		t.Errorf("/ip/address/print: %q", got)
	}
	rc.send("/system/routerboard/print")
	if got := rc.until(); !slices.Contains(got[0], "=routerboard=false") {
		t.Errorf("/system/routerboard/print: %q", got)
	}
	rc.send("/log/print")
	if got := rc.until(); got[len(got)-1][0] != "!done" || len(got) > 2 {
		t.Errorf("/log/print: %q", got)
	}
	rc.send("/ip/address/add", "=address=10.0.0.1/24", "=interface=ether1")
	if got := rc.until(); got[0][0] != "!trap" || !strings.Contains(strings.Join(got[0], " "), "read-only") {
		t.Errorf("/ip/address/add: %q", got)
	}
}

// print follow prints, then streams changes until /cancel; print interval
// is refused with a trap that says what to use.
func TestPrintFollow(t *testing.T) {
	addr, _ := startServer(t, &fakeBackend{}, nil)
	rc := dialRaw(t, addr, true)
	other := dialRaw(t, addr, true)
	other.send("/queue/tree/add", "=name=q1", "=parent=ether1")
	other.until()
	rc.send("/queue/tree/print", "=follow=", "=.proplist=name", ".tag=f")
	if got := rc.read(); got[0] != "!re" || !slices.Contains(got, "=name=q1") {
		t.Fatalf("print follow first reply %q", got)
	}
	time.Sleep(50 * time.Millisecond) // the stream is registered after the print
	other.send("/queue/tree/add", "=name=q2", "=parent=ether1")
	other.until()
	if got := rc.read(); got[0] != "!re" || !slices.Contains(got, "=name=q2") {
		t.Fatalf("print follow change %q", got)
	}
	rc.send("/cancel", "=tag=f")
	// The stream ends (!trap interrupted, !done with its tag), then
	// /cancel itself is done.
	for s := rc.read(); s[0] != "!done" || !slices.Contains(s, ".tag=f"); s = rc.read() {
	}
	if got := rc.read(); got[0] != "!done" {
		t.Fatalf("cancel reply %q", got)
	}
	rc.send("/queue/tree/print", "=interval=1s")
	if got := rc.until(); got[0][0] != "!trap" || !strings.Contains(strings.Join(got[0], " "), "print interval is not supported") {
		t.Errorf("print interval: %q", got)
	}
}

// Connection tracking settings and allow-fast-path reach the translator:
// each set re-applies the configuration with them.
func TestSettingsReachTheRouter(t *testing.T) {
	b := &fakeBackend{}
	addr, _ := startServer(t, b, nil)
	rc := dialRaw(t, addr, true)
	rc.send("/ip/firewall/connection/tracking/set", "=loose-tcp-tracking=no", "=udp-timeout=10s")
	if got := rc.until(); got[0][0] != "!done" {
		t.Fatalf("conntrack set: %q", got)
	}
	rc.send("/ip/firewall/connection/tracking/print", "=.proplist=loose-tcp-tracking,udp-timeout,icmp-timeout")
	if got := rc.until(); !slices.Contains(got[0], "=loose-tcp-tracking=false") || !slices.Contains(got[0], "=udp-timeout=10s") || !slices.Contains(got[0], "=icmp-timeout=10s") {
		t.Errorf("conntrack print: %q", got)
	}
	rc.send("/ip/settings/set", "=allow-fast-path=no")
	if got := rc.until(); got[0][0] != "!done" {
		t.Fatalf("settings set: %q", got)
	}
	cfg := b.last()
	var menus []string
	for _, it := range cfg.Settings {
		menus = append(menus, it.Menu)
		if it.Menu == "/ip/firewall/connection/tracking" && len(it.Props) != 2 {
			t.Errorf("conntrack settings applied: %v, want the two set", it.Props)
		}
	}
	if !slices.Equal(menus, []string{"/ip/settings", "/ip/firewall/connection/tracking"}) {
		t.Errorf("settings applied: %v", menus)
	}
	rc.send("/ip/firewall/connection/tracking/set", "=no-such=1")
	if got := rc.until(); got[0][0] != "!trap" {
		t.Errorf("unknown conntrack property: %q", got)
	}
}

package deploy

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qosbench/qosbench/routeros"
)

const (
	mgmtPassword  = "MyStrong Password"
	adminPassword = "AdminSecret"
)

func mgmtPlan(t *testing.T, opts BuildOptions) *Plan {
	t.Helper()
	cfg, err := routeros.ParseFile("testdata/mgmt.rsc")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBuildBuiltinsAndUsers(t *testing.T) {
	p := mgmtPlan(t, BuildOptions{Settings: true})
	if !reflect.DeepEqual(p.Menus, []string{routeros.MenuFilter}) {
		t.Errorf("menus %q: /ip/service and /user must never be cleared", p.Menus)
	}
	var got []string
	for _, c := range p.Builtins {
		got = append(got, c.Name+": "+strings.Join(c.Words, " "))
	}
	want := []string{
		"telnet: /ip/service/set =disabled=yes",
		"ftp: /ip/service/set =disabled=yes",
		"www: /ip/service/set =disabled=yes",
		"ssh: /ip/service/set =port=2222 =address=192.168.88.0/24",
		"winbox: /ip/service/set =address=192.168.88.0/24",
		"api: /ip/service/set =disabled=yes",
		"admin: /user/set =disabled=yes",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("builtins\n%q\nwant\n%q", got, want)
	}
	if len(p.Users) != 1 || !reflect.DeepEqual(p.Users[0].Words, []string{"/user/add", "=name=myadmin", "=password=" + mgmtPassword, "=group=full", "=comment=qosbench:day-to-day admin"}) {
		t.Errorf("users %+v", p.Users)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "admin: the password is not deployed") || strings.Contains(p.Notes[0], adminPassword) {
		t.Errorf("notes %q", p.Notes)
	}
	// Told the login user, Build leaves out what would lock it out.
	p = mgmtPlan(t, BuildOptions{LoginUser: "admin"})
	if c := p.Builtins[len(p.Builtins)-1]; c.Menu == routeros.MenuUser {
		t.Errorf("admin edit kept for the login user: %q", c.Words)
	}
	if len(p.Notes) != 2 || !strings.Contains(p.Notes[1], `disabled not deployed: qosbench is logged in as "admin"`) {
		t.Errorf("notes %q", p.Notes)
	}
	p = mgmtPlan(t, BuildOptions{LoginUser: "myadmin"})
	if len(p.Users) != 0 || !strings.Contains(strings.Join(p.Notes, "\n"), "/user add myadmin: not deployed") {
		t.Errorf("the login user is added: %+v %q", p.Users, p.Notes)
	}
}

func TestDryRunMgmtGolden(t *testing.T) {
	var b bytes.Buffer
	if err := mgmtPlan(t, BuildOptions{Settings: true}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, mgmtPassword) || strings.Contains(s, adminPassword) || !strings.Contains(s, "=password=***") {
		t.Errorf("dry run shows a password, or no mask:\n%s", s)
	}
	const golden = "testdata/mgmt.plan.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("dry run differs from %s (run with -update if intended):\n%s", golden, b.String())
	}
}

// logBuffer captures every log record, debug included.
func logBuffer() (*slog.Logger, *bytes.Buffer) {
	var b bytes.Buffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

func TestDeployBuiltinsAndRestore(t *testing.T) {
	f := seeded()
	f.seedManagement("admin", "ops")
	before := f.state()
	log, logs := logBuffer()
	d := New(f.dial, Options{Log: log, LoginUser: "ops", APIService: "api-ssl"})
	ctx := context.Background()
	p := mgmtPlan(t, BuildOptions{Settings: true})
	if err := d.Deploy(ctx, p); err != nil {
		t.Fatal(err)
	}
	svc := map[string]Row{}
	for _, r := range f.menus["/ip/service"] {
		svc[r["name"]] = r
	}
	if svc["telnet"]["disabled"] != "yes" || svc["api"]["disabled"] != "yes" || svc["ssh"]["port"] != "2222" ||
		svc["ssh"]["address"] != "192.168.88.0/24" || svc["winbox"]["address"] != "192.168.88.0/24" || svc["www-ssl"]["disabled"] != "true" {
		t.Errorf("services after deploy: %v", f.menus["/ip/service"])
	}
	users := f.menus["/user"]
	if len(users) != 3 || users[2]["name"] != "myadmin" || users[2]["password"] != mgmtPassword || users[2]["comment"] != "qosbench:day-to-day admin" {
		t.Errorf("users after deploy: %v", users)
	}
	if users[0]["disabled"] != "yes" || users[0]["password"] != "router-own-admin" {
		t.Errorf("admin after deploy: %v (disabled must be deployed, the password not)", users[0])
	}
	if n := d.Notes(); len(n) != 1 || !strings.Contains(n[0], "password is not deployed") {
		t.Errorf("notes %q", n)
	}
	// Deploying again (the next variant) re-adds the user without a clash.
	if err := d.Deploy(ctx, p); err != nil {
		t.Fatalf("second deploy: %v", err)
	}
	if n := len(f.menus["/user"]); n != 3 {
		t.Errorf("%d users after the second deploy, want 3", n)
	}
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkUnchanged(t, before)
	for _, secret := range []string{mgmtPassword, adminPassword, "router-own"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log shows the password %q:\n%s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "=password=***") {
		t.Errorf("the log does not show the masked user add:\n%s", logs.String())
	}
}

// The deployer never locks itself out: not the user it is logged in as,
// not the API service it talks through.
func TestDeployNeverLocksItselfOut(t *testing.T) {
	tests := []struct {
		name, login, service string
		wantNotes            []string
		adminDisabled        string // after deploy
		apiDisabled          string
	}{
		{"logged in as admin over api", "admin", "api",
			[]string{"password is not deployed", "/ip/service api: disabled not deployed: qosbench manages the router through this service", `/user admin: disabled not deployed: qosbench is logged in as "admin"`},
			"false", "false"},
		{"logged in as ops over api-ssl", "ops", "api-ssl", []string{"password is not deployed"}, "yes", "yes"},
		{"out of band as qosbench", "qosbench", NoAPIService, []string{"password is not deployed"}, "yes", "yes"},
		{"login unknown", "", "",
			[]string{"password is not deployed", "/ip/service api: disabled not deployed", "/user admin: disabled not deployed: the user qosbench is logged in as is unknown"},
			"false", "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeRouter()
			f.seedManagement("admin", "ops")
			before := f.state()
			d := New(f.dial, Options{LoginUser: tt.login, APIService: tt.service})
			ctx := context.Background()
			if err := d.Deploy(ctx, mgmtPlan(t, BuildOptions{})); err != nil {
				t.Fatal(err)
			}
			notes := d.Notes()
			if len(notes) != len(tt.wantNotes) {
				t.Fatalf("notes %q, want %d", notes, len(tt.wantNotes))
			}
			for i, w := range tt.wantNotes {
				if !strings.Contains(notes[i], w) {
					t.Errorf("note %d %q, want it to contain %q", i, notes[i], w)
				}
			}
			if got := f.menus["/user"][0]["disabled"]; got != tt.adminDisabled {
				t.Errorf("admin disabled=%s, want %s", got, tt.adminDisabled)
			}
			if got := f.menus["/ip/service"][5]["disabled"]; got != tt.apiDisabled {
				t.Errorf("api disabled=%s, want %s", got, tt.apiDisabled)
			}
			for _, l := range f.log {
				if strings.HasPrefix(l, "/user/remove") {
					t.Errorf("a user was removed during deploy: %s", l)
				}
			}
			if err := d.Restore(ctx); err != nil {
				t.Fatal(err)
			}
			f.checkUnchanged(t, before)
		})
	}
}

func TestDeployRefusesExistingUser(t *testing.T) {
	f := newFakeRouter()
	f.seedManagement("admin", "myadmin")
	before := f.state()
	d := New(f.dial, Options{LoginUser: "admin"})
	err := d.Deploy(context.Background(), mgmtPlan(t, BuildOptions{}))
	if err == nil || !strings.Contains(err.Error(), `user "myadmin" exists on the router already`) || !strings.Contains(err.Error(), "restored and verified") {
		t.Fatalf("err = %v", err)
	}
	f.checkUnchanged(t, before)
}

func TestDeployBuiltinFailures(t *testing.T) {
	ctx := context.Background()
	// A router without the service: nothing is changed.
	f := newFakeRouter()
	f.seedManagement("admin")
	f.menus["/ip/service"] = f.menus["/ip/service"][:4] // no www-ssl, api, winbox, api-ssl
	before := f.state()
	d := New(f.dial, Options{LoginUser: "ops", APIService: "api-ssl"})
	err := d.Deploy(ctx, mgmtPlan(t, BuildOptions{}))
	if err == nil || !strings.Contains(err.Error(), `no /ip/service entry named "winbox"`) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	if f.state() != before {
		t.Error("router changed")
	}
	// A refused set: restored, the service included.
	f = newFakeRouter()
	f.seedManagement("admin")
	before = f.state()
	once := false
	f.trap = func(w []string) bool {
		if w[0] == "/user/set" && !once {
			once = true
			return true
		}
		return false
	}
	d = New(f.dial, Options{LoginUser: "ops", APIService: "api-ssl"})
	err = d.Deploy(ctx, mgmtPlan(t, BuildOptions{}))
	var trap *TrapError
	if !errors.As(err, &trap) || !strings.Contains(err.Error(), "restored and verified") {
		t.Fatalf("err = %v", err)
	}
	f.checkUnchanged(t, before)
	// A service that does not take its old value back fails the verify.
	f = newFakeRouter()
	f.seedManagement("admin")
	d = New(f.dial, Options{LoginUser: "ops", APIService: "api-ssl"})
	if err := d.Deploy(ctx, mgmtPlan(t, BuildOptions{})); err != nil {
		t.Fatal(err)
	}
	f.trap = func(w []string) bool {
		return w[0] == "/ip/service/set" && strings.Contains(strings.Join(w, " "), "=port=22")
	}
	err = d.Restore(ctx)
	if !errors.Is(err, ErrNotRestored) {
		t.Fatalf("err = %v, want ErrNotRestored", err)
	}
	// A router that answers a set without applying it fails the verify.
	f = newFakeRouter()
	f.seedManagement("admin")
	d = New(func(ctx context.Context) (Conn, error) {
		c, err := f.dial(ctx)
		return swallowConn{c}, err
	}, Options{LoginUser: "ops", APIService: "api-ssl", RetryWait: 1})
	if err := d.Deploy(ctx, mgmtPlan(t, BuildOptions{})); err != nil {
		t.Fatal(err)
	}
	err = d.Restore(ctx)
	if !errors.Is(err, ErrNotRestored) || !strings.Contains(err.Error(), `/ip/service ssh: port was "22", now "2222"`) {
		t.Fatalf("err = %v, want a verify failure", err)
	}
	if !strings.Contains(err.Error(), "verify") {
		t.Errorf("err = %v", err)
	}
}

// swallowConn answers "/ip/service/set ... =port=22" (a restore of ssh)
// without applying it.
type swallowConn struct{ Conn }

func (c swallowConn) Run(ctx context.Context, words ...string) (*Reply, error) {
	if words[0] == "/ip/service/set" && slices.Contains(words, "=port=22") {
		return &Reply{Done: Row{}}, nil
	}
	return c.Conn.Run(ctx, words...)
}

// A plan with only built-in edits names no list menu to clear.
func TestDryRunServicesOnly(t *testing.T) {
	cfg, err := routeros.ParseRSC("s.rsc", []byte("/ip service disable telnet\n/ip service set ssh port=2222\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(cfg, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `# qosbench deploy plan for s.rsc: 0 item(s), 0 setting(s), 0 user(s), 2 built-in edit(s)
# 1. edit built-in entries, found by name (their old values are set back on restore):
/ip/service/set =.id=<telnet> =disabled=yes
/ip/service/set =.id=<ssh> =port=2222
# after the run, and on any failure: remove the added users, set the built-in entries back, verify
`
	if b.String() != want {
		t.Errorf("dry run\n%s\nwant\n%s", b.String(), want)
	}
	if len(p.Menus) != 0 {
		t.Errorf("menus %q", p.Menus)
	}
}

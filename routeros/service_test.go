package routeros

import (
	"bytes"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultServices(t *testing.T) {
	got := DefaultServices()
	want := "telnet:23 ftp:21 www:80 ssh:22 www-ssl:443:off api:8728 winbox:8291 api-ssl:8729"
	if s := servicesString(got); s != want {
		t.Errorf("defaults %q, want %q", s, want)
	}
	got[0].Port = 1
	if DefaultServices()[0].Port != 23 {
		t.Error("DefaultServices returns shared state")
	}
	if s := servicesString(Services(nil)); s != want {
		t.Errorf("Services(nil) %q, want %q", s, want)
	}
}

// servicesString renders services as "name:port[:off][:prefixes]".
func servicesString(ss []Service) string {
	var w []string
	for _, s := range ss {
		e := s.Name + ":" + strconv.Itoa(s.Port)
		if s.Disabled {
			e += ":off"
		}
		for _, p := range s.Address {
			e += ":" + p.String()
		}
		w = append(w, e)
	}
	return strings.Join(w, " ")
}

func TestServiceEdits(t *testing.T) {
	src := `/ip service
disable telnet,ftp
set ssh port=2222
set [find name=winbox] address=192.168.88.0/24,10.0.0.5
enable www-ssl
set www disabled=yes
set api-ssl port=8730
set api-ssl !address
/ip service set 5 disabled=yes
/ip service set [find port=2222] address=10.1.2.3/8
`
	c, err := ParseRSC("s.rsc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "telnet:23:off ftp:21:off www:80:off ssh:2222:10.0.0.0/8 www-ssl:443 api:8728:off winbox:8291:192.168.88.0/24:10.0.0.5/32 api-ssl:8730"
	if s := servicesString(Services(c)); s != want {
		t.Errorf("services\n%q, want\n%q", s, want)
	}
	// One Builtin item per service touched, holding only what the script set.
	var items []string
	for _, it := range c.Menu(MenuService) {
		if !it.Builtin {
			t.Errorf("item %v not Builtin", it.Props)
		}
		items = append(items, flat([]*Item{it})...)
	}
	wantItems := []string{
		"/ip/service name=telnet disabled=yes",
		"/ip/service name=ftp disabled=yes",
		"/ip/service name=ssh port=2222 address=10.1.2.3/8",
		"/ip/service name=winbox address=192.168.88.0/24,10.0.0.5",
		"/ip/service name=www-ssl disabled=no",
		"/ip/service name=www disabled=yes",
		"/ip/service name=api-ssl port=8730",
		"/ip/service name=api disabled=yes",
	}
	if !reflect.DeepEqual(items, wantItems) {
		t.Errorf("items\n%q, want\n%q", items, wantItems)
	}
	s := Services(c)[3]
	if s.File != "s.rsc" || s.Line != 10 {
		t.Errorf("ssh last changed at %s:%d, want s.rsc:10", s.File, s.Line)
	}
	if !s.Allows(netip.MustParseAddr("10.9.9.9")) || s.Allows(netip.MustParseAddr("192.168.88.2")) {
		t.Error("ssh Allows is wrong")
	}
	if Services(c)[0].Allows(netip.MustParseAddr("10.9.9.9")) {
		t.Error("a disabled service allows connections")
	}

	// Round trip through WriteRSC: "set NAME ..." lines.
	var b bytes.Buffer
	if err := c.WriteRSC(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "/ip service\nset telnet disabled=yes\n") {
		t.Errorf("WriteRSC:\n%s", b.String())
	}
	c2, err := ParseRSC("w.rsc", b.Bytes())
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, b.String())
	}
	if s := servicesString(Services(c2)); s != want {
		t.Errorf("after round trip %q", s)
	}
}

func TestServiceErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"/ip service set sshh port=22", `t.rsc:1:17: no such item "sshh" in /ip/service; did you mean "ssh"?`},
		{"/ip service disable telnet,ftpp", `t.rsc:1:21: no such item "ftpp" in /ip/service; did you mean "ftp"?`},
		{"/ip service set ssh port=70000", `t.rsc:1:26: property "port" in /ip/service set: 70000 is out of range 1..65535`},
		{"/ip service set ssh address=10.0.0.300/24", `t.rsc:1:29: property "address" in /ip/service set: invalid prefix "10.0.0.300/24"`},
		{"/ip service set ssh prot=2222", `t.rsc:1:21: unknown property "prot" in /ip/service set; did you mean "port"?`},
		{"/ip service set ssh name=ssh2", `t.rsc:1:26: property "name" in /ip/service set: unknown service "ssh2"; did you mean "ssh"?`},
		{"/ip service set ssh name=telnet", `t.rsc:1:26: /ip/service "ssh" is built in: this version does not rename built-in entries`},
		{"/ip service add name=ssh2 port=2", `t.rsc:1:1: /ip/service has a fixed set of built-in entries (telnet, ftp, www, ssh, www-ssl, api, winbox, api-ssl): they can only be edited with set, enable and disable`},
		{"/ip service remove telnet", `t.rsc:1:20: /ip/service "telnet" is built in: this version does not remove built-in entries (disable it instead)`},
		{"/ip service set ssh", `t.rsc:1:17: /ip/service set: nothing to set after the item`},
		{"/ip service disable", `t.rsc:1:13: /ip/service disable needs an item: a name, a comma list of names, [find k=v ...] or a print number`},
		{"/ip service set 8 port=1", `t.rsc:1:17: no item number 8 in /ip/service: it has 8 item(s) (print numbers count the built-in ones first)`},
		{"/ip service set [find nme=ssh] port=1", `t.rsc:1:23: unknown property "nme" in [find ...] of /ip/service set; did you mean "name"?`},
	}
	for _, tt := range tests {
		_, err := ParseRSC("t.rsc", []byte(tt.src))
		if err == nil {
			t.Errorf("%s: no error", tt.src)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestUsers(t *testing.T) {
	src := `/user group add name=ops policy=read,write
/user
add name=alice password=Secr3t group=full address=192.168.88.0/24
add name=bob password="two words" group=ops comment="on call"
disable admin
set bob group=read
set alice disabled=yes
add name=carol group=full
remove carol
enable alice
`
	c, err := ParseRSC("u.rsc", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := flat(c.Menu(MenuUser))
	want := []string{
		"/user name=alice password=Secr3t group=full address=192.168.88.0/24 disabled=no",
		"/user name=bob password=two words group=read comment=on call",
		"/user name=admin disabled=yes",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("users\n%q, want\n%q", got, want)
	}
	if u := c.Menu(MenuUser); u[0].Builtin || !u[2].Builtin {
		t.Error("Builtin flags wrong")
	}
	for _, n := range c.Notices {
		if strings.Contains(n.Msg, "user group") {
			t.Errorf("unexpected group notice %s (ops is added by the script)", n)
		}
	}
	var b bytes.Buffer
	if err := c.WriteRSC(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "Secr3t") || strings.Contains(out, "two words") || strings.Contains(out, "password") {
		t.Errorf("WriteRSC shows a password:\n%s", out)
	}
	if !strings.Contains(out, "set admin disabled=yes") {
		t.Errorf("WriteRSC lacks the admin edit:\n%s", out)
	}
	if _, err := ParseRSC("w.rsc", b.Bytes()); err != nil {
		t.Errorf("re-parse: %v\n%s", err, out)
	}
}

func TestUserErrorsHidePasswords(t *testing.T) {
	tests := []struct{ src, want string }{
		{"/user add name=x password=hunter2 group=full stray", `t.rsc:1:46: unexpected argument "stray" in /user add (expected property=value)`},
		{"/user add name=x password=hunter2", `t.rsc:1:1: missing property "group" in /user add`},
		{"/user add name=admin password=hunter2 group=full", `t.rsc:1:16: /user "admin" already exists (it is built in): edit it with set`},
		{"/user set bob password=hunter2", `t.rsc:1:11: no such item "bob" in /user`},
		{"/user set admin password=hunter2 gruop=full", `t.rsc:1:34: unknown property "gruop" in /user set; did you mean "group"?`},
		{"/user remove admin password=hunter2", `t.rsc:1:20: unexpected argument "password=***" after the item of /user remove`},
		{"/user set [find password=hunter2] disabled=yes", `t.rsc:1:17: [find password=...] in /user set: the router never shows passwords, so it cannot select by them`},
		{"/user password=hunter2", `t.rsc:1:7: missing command before "password=***" in /user`},
		{"/user remove admin", `t.rsc:1:14: /user "admin" is built in: this version does not remove built-in entries (disable it instead)`},
		{"/user add name=a group=full\n/user add name=a group=read", `t.rsc:2:16: duplicate name "a" in /user (first used at 1:16)`},
	}
	for _, tt := range tests {
		_, err := ParseRSC("t.rsc", []byte(tt.src))
		if err == nil {
			t.Errorf("%s: no error", tt.src)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.src, err, tt.want)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: error shows the password", tt.src)
		}
	}
	c, err := ParseRSC("t.rsc", []byte("/user add name=x password=hunter2 group=hunter2"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Notices) != 1 || strings.Contains(c.Notices[0].Msg, "hunter2") || !strings.Contains(c.Notices[0].Msg, `user group "***"`) {
		t.Errorf("unknown group notice: %v", c.Notices)
	}
}

func TestServiceFindNoMatch(t *testing.T) {
	c, err := ParseRSC("t.rsc", []byte("/ip service set [find port=2222] disabled=yes\n/user disable [find group=read]"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Items) != 0 || len(c.Notices) != 2 {
		t.Fatalf("items %q notices %v", flat(c.Items), c.Notices)
	}
	want := "/ip/service set [find port=2222] matches no entry of /ip/service (built in or created by the script); nothing changed"
	if c.Notices[0].Msg != want {
		t.Errorf("notice %q, want %q", c.Notices[0].Msg, want)
	}
}

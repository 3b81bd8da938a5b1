package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	ros "github.com/go-routeros/routeros/v3"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// hardening is the management part of the hardening seed guide.
const hardening = `/ip service disable telnet
/ip service disable ftp
/ip service disable api
/ip service disable api-ssl
/ip service set ssh port=2222
/user add name=myadmin password=MyStrongPassword group=full
/user disable admin
`

// TestDeployHardening deploys the hardening seed's /ip service and /user
// edits with the deployer over the management API, as a run does, checks
// the services on their sockets, and restores.
func TestDeployHardening(t *testing.T) {
	h := startServices(t, func(c *Config) { c.User = LabUser })
	cfg, err := routeros.ParseRSC("hardening.rsc", []byte(hardening))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := deploy.Build(cfg, deploy.BuildOptions{LoginUser: LabUser})
	if err != nil {
		t.Fatal(err)
	}
	tg := &deploy.Target{Address: h.mgmt, Credentials: deploy.Credentials{User: LabUser, Password: testPass},
		DialTimeout: 3 * time.Second, CommandTimeout: 5 * time.Second,
		// The management link is out of band: no /ip/service entry
		// carries the deployer's sessions, so api-ssl's disable is
		// deployed as written.
		OutOfBand: true}
	d := deploy.New(tg.Dial, deploy.Options{})
	ctx := context.Background()
	old := map[int]string{}
	for _, p := range []int{21, 22, 23, 8728, 8729} {
		old[p] = h.addr(p)
	}
	if err := d.Deploy(ctx, plan); err != nil {
		t.Fatalf("deploy: %v (notes %v)", err, d.Notes())
	}
	for p, a := range old {
		wantRefused(t, a, fmt.Sprintf("port %d after the hardening deploy", p))
	}
	if got := readPrefix(t, h.dial(2222), 64); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh on 2222: %q", got)
	}
	c, err := ros.DialTimeout(h.mgmt, LabUser, testPass, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := run(t, c, "/user/print")
	var users []string
	for _, s := range r.Re {
		users = append(users, s.Map["name"]+"="+s.Map["disabled"])
	}
	if got := strings.Join(users, " "); got != "admin=true myadmin=false" {
		t.Errorf("users after deploy: %s", got)
	}
	if err := d.Restore(ctx); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got := readPrefix(t, h.dial(22), 64); got != "SSH-2.0-ROSSSH\r\n" {
		t.Errorf("ssh on 22 after restore: %q", got)
	}
	r = run(t, c, "/ip/service/print", "?disabled=true", "=.proplist=name")
	if len(r.Re) != 1 || r.Re[0].Map["name"] != "www-ssl" {
		t.Errorf("disabled services after restore: %v", r.Re)
	}
	r = run(t, c, "/user/print")
	if len(r.Re) != 1 || r.Re[0].Map["name"] != "admin" || r.Re[0].Map["disabled"] != "false" {
		t.Errorf("users after restore: %v", r.Re)
	}
	if s := run(t, c, "/export").Done.Map["ret"]; strings.Contains(s, "/ip service") {
		t.Errorf("export after restore still has service edits:\n%s", s)
	}
}

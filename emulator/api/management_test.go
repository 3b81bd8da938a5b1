package api_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	ros "github.com/go-routeros/routeros/v3"
	"github.com/qosbench/qosbench/routeros"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// filterRules returns the comments of /ip/firewall/filter, in order.
func filterRules(t *testing.T, addr string) []string {
	t.Helper()
	c, err := ros.Dial(addr, testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Run("/ip/firewall/filter/print")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range r.Re {
		out = append(out, s.Map["comment"])
	}
	return out
}

// TestManagementRuleStaysFirst: with a management interface, the deployer
// keeps its accept rule first in the input chain through a deploy of seed
// 000's hardening config (whose first rule drops all input), a variant
// deployed after something moved the rule down, and a plan that does not
// touch the filter menu; its counters stay out of the config's; the notes
// name it; and Restore leaves the router's export as it was.
func TestManagementRuleStaysFirst(t *testing.T) {
	addr := startServer(t, &fakeBackend{})
	seed(t, addr)
	before := export(t, addr)
	cfg, err := routeros.ParseFile("../../scenarios/seeds/configs/case-study-hardening.rsc")
	if err != nil {
		t.Fatal(err)
	}
	p, err := deploy.Build(cfg, deploy.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := deploy.New(target(addr).Dial, deploy.Options{ManagementInterface: "ether3"})
	ctx := context.Background()
	if err := d.Deploy(ctx, p); err != nil {
		t.Fatal(err)
	}
	rules := filterRules(t, addr)
	if len(rules) < 2 || rules[0] != deploy.ManagementComment || rules[1] != deploy.CommentPrefix+"Default deny input chain" {
		t.Fatalf("filter after deploy: %q; want the management rule, then the config's drop-all", rules)
	}
	if !slices.ContainsFunc(d.Notes(), func(n string) bool {
		return strings.Contains(n, "management rule kept first") && strings.Contains(n, "in-interface=ether3")
	}) {
		t.Errorf("notes %q do not list the management rule", d.Notes())
	}
	cs, err := d.Counters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Comment == deploy.ManagementComment {
			t.Errorf("the management rule is among the config's counters: %+v", c)
		}
	}
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	if after := export(t, addr); after != before || strings.Contains(after, "qosbench-management") {
		t.Errorf("export after restore:\n%s\nwant:\n%s", after, before)
	}

	// A plan that does not touch the filter menu: the rule goes above the
	// router's own rules. Something then puts a rule above it (a script on
	// the router): the next deployment moves it back to the top.
	queues := &deploy.Plan{Source: "queues-only", Menus: []string{routeros.MenuQueueTree}}
	d = deploy.New(target(addr).Dial, deploy.Options{ManagementInterface: "ether3"})
	if err := d.Deploy(ctx, queues); err != nil {
		t.Fatal(err)
	}
	if rules := filterRules(t, addr); len(rules) < 2 || rules[0] != deploy.ManagementComment {
		t.Fatalf("filter after a queues-only deployment: %q; want the management rule first", rules)
	}
	c, err := ros.Dial(addr, testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Run("/ip/firewall/filter/print")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run("/ip/firewall/filter/add", "=chain=input", "=action=drop", "=comment=intruder", "=place-before="+r.Re[0].Map[".id"]); err != nil {
		t.Fatal(err)
	}
	if err := d.Deploy(ctx, queues); err != nil {
		t.Fatal(err)
	}
	if rules := filterRules(t, addr); rules[0] != deploy.ManagementComment || rules[1] != "intruder" {
		t.Errorf("filter after the second deployment: %q; want the management rule moved back to the top", rules)
	}
	if err := d.Restore(ctx); err == nil || !strings.Contains(err.Error(), "intruder") {
		t.Errorf("Restore = %v; want the verification to name the rule nobody restored", err)
	}
	r, _ = c.Run("/ip/firewall/filter/print", "?comment=intruder")
	if _, err := c.Run("/ip/firewall/filter/remove", "=.id="+r.Re[0].Map[".id"]); err != nil {
		t.Fatal(err)
	}
	if err := d.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	if after := export(t, addr); after != before {
		t.Errorf("export after restore:\n%s\nwant:\n%s", after, before)
	}
}

package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// The management rule.
//
// A router reached through one of its own ports (a CHR's management port,
// which the tested config does not name) is cut off by a config whose input
// chain drops what it does not expect: seed 000 §3.1 opens with
// `chain=input action=drop`. The deployer then could neither read counters
// nor restore the router. With Options.ManagementInterface set, it keeps
// one rule of its own first in /ip/firewall/filter:
//
//	chain=input in-interface=<port> action=accept comment=qosbench-management: ...
//
// It is added before the config's first filter rule (while the menu is
// empty, right after the deployer cleared it, so no rule of the config is
// ever in force without it), checked again after every Deploy (a variant is
// another Deploy) and moved back to the top when something else got there,
// and removed by Restore before the router is verified against the
// snapshot. Its packets do not appear among the config's counters.

// ManagementComment is the comment of the management rule. It does not
// start with CommentPrefix: the rule is not an item of the config.
const ManagementComment = "qosbench-management: keeps the router's API reachable on its management port during the run; removed on restore"

// managementWords is the add sentence of the management rule.
func (d *Deployer) managementWords() []string {
	return []string{routeros.MenuFilter + "/add", "=chain=input", "=in-interface=" + d.opts.ManagementInterface,
		"=action=accept", "=comment=" + ManagementComment}
}

// ManagementNote is the note a deployment with a management rule carries
// (Deployer.Notes), for the report.
func ManagementNote(iface string) string {
	return fmt.Sprintf("management rule kept first: /ip firewall filter add chain=input in-interface=%s action=accept (comment %q), "+
		"so that no deployed rule can cut qosbench off the router's API; it was added by qosbench, not the config, and is removed on restore",
		iface, strings.SplitN(ManagementComment, ":", 2)[0])
}

// isManagement reports whether a printed filter row is the management rule.
func isManagement(row Row) bool { return row["comment"] == ManagementComment }

// assertManagement makes the management rule the first rule of
// /ip/firewall/filter: it adds it when missing (before the first rule, or
// as the only one) and moves it to the top when another rule is first. It
// removes duplicates a broken session may have left.
func (d *Deployer) assertManagement(ctx context.Context) error {
	if d.opts.ManagementInterface == "" {
		return nil
	}
	rows, err := d.print(ctx, routeros.MenuFilter, "=.proplist=.id,comment,dynamic,default,builtin")
	if err != nil {
		return fmt.Errorf("management rule: %w", err)
	}
	first := ""
	var mine []string
	for _, r := range rows {
		if first == "" {
			first = r[".id"]
		}
		if isManagement(r) {
			mine = append(mine, r[".id"])
		}
	}
	switch {
	case len(mine) == 0:
		words := d.managementWords()
		if first != "" {
			words = append(words, "=place-before="+first)
		}
		if _, err := d.run(ctx, words...); err != nil {
			return fmt.Errorf("management rule: add: %w", err)
		}
	case mine[0] != first:
		if _, err := d.run(ctx, routeros.MenuFilter+"/move", "=numbers="+mine[0], "=destination="+first); err != nil {
			return fmt.Errorf("management rule: move to the top: %w", err)
		}
	}
	for _, id := range mine[min(1, len(mine)):] {
		if _, err := d.run(ctx, routeros.MenuFilter+"/remove", "=.id="+id); err != nil {
			return fmt.Errorf("management rule: remove a duplicate: %w", err)
		}
	}
	return nil
}

// removeManagement removes every management rule (Restore).
func (d *Deployer) removeManagement(ctx context.Context) error {
	if d.opts.ManagementInterface == "" {
		return nil
	}
	rows, err := d.print(ctx, routeros.MenuFilter, "=.proplist=.id,comment,dynamic,default,builtin")
	if err != nil {
		return fmt.Errorf("management rule: %w", err)
	}
	for i := len(rows) - 1; i >= 0; i-- {
		if isManagement(rows[i]) {
			if _, err := d.run(ctx, routeros.MenuFilter+"/remove", "=.id="+rows[i][".id"]); err != nil {
				return fmt.Errorf("management rule: remove: %w", err)
			}
		}
	}
	return nil
}

package deploy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Built-in entries and users.
//
// The list menus of a plan are cleared and refilled; two menus cannot be:
//
//   - /ip/service has a fixed set of entries. The config's edits of one
//     (routeros.Item.Builtin) become a `set` of that entry, found by name:
//     the deployer snapshots the values of the properties it sets, sets
//     them back on restore and verifies them.
//   - /user holds the account the deployer is logged in as. Users the
//     config adds are added (tagged with CommentPrefix like every other
//     item) and removed on restore; other users are never removed. Edits of
//     a built-in user (admin) are a `set` like a service's, except that a
//     password is never deployed: it cannot be read back, so it could not
//     be restored. And nothing may disable, remove, restrict or change the
//     password of the user the deployer is logged in as: on a real router
//     that would lock qosbench out mid-run, before it could restore.

// userKeys are the /user properties a snapshot compares: the stable ones
// (print also shows last-logged-in, which logging in changes).
var userKeys = []string{"name", "group", "address", "disabled", "comment"}

// BuiltinRows is the state of one built-in entry before the deployment:
// the values of the properties the plan sets.
type BuiltinRows struct {
	Menu string `json:"menu"`
	Name string `json:"name"`
	Row  Row    `json:"row"`
}

// buildBuiltin turns a Builtin item into a set command, or explains in a
// note why (part of) it is not deployed.
func buildBuiltin(p *Plan, i int, it *routeros.Item, login string) error {
	menu := routeros.CanonicalMenu(it.Menu)
	name, _ := it.Get("name")
	c := Command{Menu: menu, Words: []string{menu + "/set"}, Item: i, Name: name}
	var skipped []string
	for _, pr := range it.Props {
		if err := checkWord(pr); err != nil {
			return fmt.Errorf("deploy: %s:%d: %w", it.File, it.Line, err)
		}
		switch {
		case pr.Key == "name":
			continue
		case menu == routeros.MenuUser && pr.Key == "password":
			p.Notes = append(p.Notes, fmt.Sprintf("%s:%d: /user %s: the password is not deployed: a router never shows a password, so the old one could not be restored afterwards",
				it.File, it.Line, name))
			continue
		case menu == routeros.MenuUser && login != "" && name == login && pr.Key != "comment":
			skipped = append(skipped, pr.Key)
			continue
		}
		c.Words = append(c.Words, "="+pr.Key+"="+pr.Value)
	}
	if len(skipped) > 0 {
		p.Notes = append(p.Notes, loginNote(it.File, it.Line, name, skipped))
	}
	if len(c.Words) > 1 {
		p.Builtins = append(p.Builtins, c)
	}
	return nil
}

// loginNote explains an edit of the deployer's own login user left out;
// file and line say where the config made it, when known.
func loginNote(file string, line int, name string, keys []string) string {
	at := ""
	if line > 0 {
		at = fmt.Sprintf("%s:%d: ", file, line)
	}
	return fmt.Sprintf("%s/user %s: %s not deployed: qosbench is logged in as %q, and changing that user would lock it out of the router before it could restore it",
		at, name, strings.Join(keys, ", "), name)
}

// buildUser turns a /user item the config adds into a tagged add.
func buildUser(p *Plan, i int, it *routeros.Item, login string) error {
	name, _ := it.Get("name")
	if login != "" && name == login {
		p.Notes = append(p.Notes, fmt.Sprintf("%s:%d: /user add %s: not deployed: qosbench is logged in as that user, which therefore exists already and must not be replaced", it.File, it.Line, name))
		return nil
	}
	words := []string{routeros.MenuUser + "/add"}
	comment := CommentPrefix
	for _, pr := range it.Props {
		if err := checkWord(pr); err != nil {
			return fmt.Errorf("deploy: %s:%d: %w", it.File, it.Line, err)
		}
		if pr.Key == "comment" {
			comment += pr.Value
			continue
		}
		words = append(words, "="+pr.Key+"="+pr.Value)
	}
	words = append(words, "=comment="+comment)
	p.Users = append(p.Users, Command{Menu: routeros.MenuUser, Words: words, Item: i, Name: name})
	return nil
}

// loginUser is the name the deployer's sessions log in as: Options.LoginUser,
// or what the session reports; "" when unknown.
func (d *Deployer) loginUser(c Conn) string {
	if d.opts.LoginUser != "" {
		return d.opts.LoginUser
	}
	if u, ok := c.(interface{ LoginUser() string }); ok {
		return u.LoginUser()
	}
	return ""
}

// apiService is the /ip/service entry the deployer's sessions use:
// Options.APIService, or what the session reports; "" when unknown.
func (d *Deployer) apiService(c Conn) string {
	if d.opts.APIService != "" {
		return d.opts.APIService
	}
	if u, ok := c.(interface{ APIService() string }); ok {
		return u.APIService()
	}
	return ""
}

// guardLogin drops from p what would lock the deployer out of the router
// mid-run, before it could restore: edits of the login user (login) and of
// the API service its sessions use (service), but their comment. It
// returns notes for what it dropped. With the login user unknown, no user
// edit but a comment is made, since any user might be the one logged in;
// with the service unknown, neither api nor api-ssl is changed.
func guardLogin(p *Plan, login, service string) (*Plan, []string) {
	var notes []string
	q := *p
	q.Builtins = nil
	for _, c := range p.Builtins {
		guarded := false
		switch c.Menu {
		case routeros.MenuUser:
			guarded = login == "" || c.Name == login
		case routeros.MenuService:
			guarded = c.Name == service || (service == "" && (c.Name == "api" || c.Name == "api-ssl"))
		}
		if !guarded {
			q.Builtins = append(q.Builtins, c)
			continue
		}
		words := []string{c.Words[0]}
		var skipped []string
		for _, w := range c.Words[1:] {
			k, _, _ := strings.Cut(strings.TrimPrefix(w, "="), "=")
			if k == "comment" {
				words = append(words, w)
			} else {
				skipped = append(skipped, k)
			}
		}
		if len(skipped) > 0 && c.Menu == routeros.MenuService {
			notes = append(notes, fmt.Sprintf("/ip/service %s: %s not deployed: qosbench manages the router through this service, and changing it would cut qosbench off before it could restore the router",
				c.Name, strings.Join(skipped, ", ")))
		} else if len(skipped) > 0 {
			if login == "" {
				notes = append(notes, fmt.Sprintf("/user %s: %s not deployed: the user qosbench is logged in as is unknown, and changing that user would lock qosbench out",
					c.Name, strings.Join(skipped, ", ")))
			} else {
				notes = append(notes, loginNote(p.Source, 0, c.Name, skipped))
			}
		}
		if len(words) > 1 {
			c.Words = words
			q.Builtins = append(q.Builtins, c)
		}
	}
	q.Users = nil
	for _, c := range p.Users {
		if login != "" && c.Name == login {
			notes = append(notes, fmt.Sprintf("/user add %s: not deployed: qosbench is logged in as that user", c.Name))
			continue
		}
		q.Users = append(q.Users, c)
	}
	return &q, notes
}

// findByName returns the row of menu named name.
func (d *Deployer) findByName(ctx context.Context, menu, name string) (Row, error) {
	r, err := d.run(ctx, menu+"/print")
	if err != nil {
		return nil, fmt.Errorf("deploy: print %s: %w", menu, err)
	}
	for _, row := range r.Re {
		if row["name"] == name {
			return row, nil
		}
	}
	return nil, nil
}

// snapshotBuiltins reads the values the plan's built-in edits change, and
// every user.
func (d *Deployer) snapshotBuiltins(ctx context.Context, s *Snapshot, p *Plan) error {
	for _, c := range p.Builtins {
		row, err := d.findByName(ctx, c.Menu, c.Name)
		if err != nil {
			return err
		}
		if row == nil {
			return fmt.Errorf("deploy: the router has no %s entry named %q", c.Menu, c.Name)
		}
		keep := Row{}
		for _, k := range settingKeys(c) {
			keep[k] = row[k]
		}
		s.Builtins = append(s.Builtins, BuiltinRows{Menu: c.Menu, Name: c.Name, Row: keep})
	}
	if len(p.Users) > 0 || slices.ContainsFunc(p.Builtins, func(c Command) bool { return c.Menu == routeros.MenuUser }) {
		users, err := d.users(ctx)
		if err != nil {
			return err
		}
		s.Users = users
		s.HasUsers = true
	}
	return nil
}

// users returns every user's stable properties, in print order.
func (d *Deployer) users(ctx context.Context) ([]Row, error) {
	r, err := d.run(ctx, routeros.MenuUser+"/print")
	if err != nil {
		return nil, fmt.Errorf("deploy: print %s: %w", routeros.MenuUser, err)
	}
	var out []Row
	for _, row := range r.Re {
		keep := Row{}
		for _, k := range userKeys {
			if v, ok := row[k]; ok {
				keep[k] = v
			}
		}
		out = append(out, keep)
	}
	return out, nil
}

// applyBuiltins adds p's users (after removing the ones an earlier
// deployment of this Deployer added) and sets p's built-in edits.
func (d *Deployer) applyBuiltins(ctx context.Context, p *Plan) error {
	if d.snap.HasUsers || len(p.Users) > 0 {
		if err := d.removeAddedUsers(ctx); err != nil {
			return err
		}
	}
	for _, c := range p.Users {
		if slices.ContainsFunc(d.snap.Users, func(r Row) bool { return r["name"] == c.Name }) {
			return fmt.Errorf("user %q exists on the router already: qosbench adds users but never replaces the router's own", c.Name)
		}
		if _, err := d.run(ctx, c.Words...); err != nil {
			return fmt.Errorf("item %d (%s): %w", c.Item, sentenceText(c.Words), err)
		}
	}
	for _, c := range p.Builtins {
		row, err := d.findByName(ctx, c.Menu, c.Name)
		if err != nil {
			return err
		}
		if row == nil || row[".id"] == "" {
			return fmt.Errorf("item %d: the router has no %s entry named %q", c.Item, c.Menu, c.Name)
		}
		words := append([]string{c.Words[0], "=.id=" + row[".id"]}, c.Words[1:]...)
		if _, err := d.run(ctx, words...); err != nil {
			return fmt.Errorf("item %d (%s): %w", c.Item, sentenceText(words), err)
		}
	}
	return nil
}

// removeAddedUsers removes the users tagged with CommentPrefix that the
// snapshot does not hold: the ones qosbench added. It never removes the
// user it is logged in as.
func (d *Deployer) removeAddedUsers(ctx context.Context) error {
	r, err := d.run(ctx, routeros.MenuUser+"/print")
	if err != nil {
		return fmt.Errorf("print %s: %w", routeros.MenuUser, err)
	}
	login := d.loginUser(d.conn)
	for _, row := range r.Re {
		name := row["name"]
		if !strings.HasPrefix(row["comment"], CommentPrefix) || slices.ContainsFunc(d.snap.Users, func(s Row) bool { return s["name"] == name }) {
			continue
		}
		if name == login {
			// Cannot happen with a snapshot of this router (the login
			// user existed when it was taken); a snapshot from a file
			// may be stale.
			d.log.Warn("not removing a user qosbench added: it is the user qosbench is logged in as", "user", name)
			continue
		}
		if _, err := d.run(ctx, routeros.MenuUser+"/remove", "=.id="+row[".id"]); err != nil {
			return fmt.Errorf("remove user %s: %w", name, err)
		}
	}
	return nil
}

// restoreBuiltins removes the users qosbench added and sets the snapshot's
// values of built-in entries back.
func (d *Deployer) restoreBuiltins(ctx context.Context) error {
	s := d.snap
	if s.HasUsers {
		if err := d.removeAddedUsers(ctx); err != nil {
			return err
		}
	}
	for _, b := range s.Builtins {
		if len(b.Row) == 0 {
			continue
		}
		row, err := d.findByName(ctx, b.Menu, b.Name)
		if err != nil {
			return err
		}
		if row == nil || row[".id"] == "" {
			return fmt.Errorf("restore %s %s: the entry is gone", b.Menu, b.Name)
		}
		words := []string{b.Menu + "/set", "=.id=" + row[".id"]}
		for _, k := range slices.Sorted(maps.Keys(b.Row)) {
			words = append(words, "="+k+"="+b.Row[k])
		}
		if _, err := d.run(ctx, words...); err != nil {
			return fmt.Errorf("restore %s %s: %w", b.Menu, b.Name, err)
		}
	}
	return nil
}

// verifyBuiltins compares the built-in entries and users with the
// snapshot.
func (d *Deployer) verifyBuiltins(ctx context.Context) ([]string, error) {
	s := d.snap
	var diffs []string
	for _, b := range s.Builtins {
		row, err := d.findByName(ctx, b.Menu, b.Name)
		if err != nil {
			return nil, err
		}
		if row == nil {
			diffs = append(diffs, fmt.Sprintf("%s %s: gone", b.Menu, b.Name))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(b.Row)) {
			if row[k] != b.Row[k] {
				diffs = append(diffs, fmt.Sprintf("%s %s: %s was %q, now %q", b.Menu, b.Name, k, b.Row[k], row[k]))
			}
		}
	}
	if s.HasUsers {
		now, err := d.users(ctx)
		if err != nil {
			return nil, err
		}
		if !slices.EqualFunc(s.Users, now, maps.Equal) {
			diffs = append(diffs, fmt.Sprintf("%s: was %s, now %s", routeros.MenuUser, usersText(s.Users), usersText(now)))
		}
	}
	return diffs, nil
}

func usersText(rows []Row) string {
	var parts []string
	for _, r := range rows {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(r)) {
			kv = append(kv, k+"="+r[k])
		}
		parts = append(parts, "{"+strings.Join(kv, " ")+"}")
	}
	return "[" + strings.Join(parts, " ") + "]"
}

package deploy

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// CommentPrefix starts the comment of every item the deployer creates, so
// that its items can be told from the router's own.
const CommentPrefix = "qosbench:"

// Command is one API sentence of a plan.
type Command struct {
	Menu  string   // canonical menu, "/ip/firewall/filter"
	Words []string // the sentence: command word, then "=k=v" words
	Item  int      // index of the item in Config.Items; -1 for settings
	// Name is the name of the entry a Builtins command edits (the
	// deployer finds its .id by it) or of the user a Users command adds.
	Name string
}

// Plan is what deploying a Config means in API sentences. It is plain data;
// building it sends nothing.
type Plan struct {
	Source   string    // config file, for messages
	Menus    []string  // list menus the deployment clears and fills, in clearing order
	Items    []Command // one add per Config item, in config order
	Settings []Command // one set per singleton menu
	// Builtins are the edits of built-in entries (/ip/service, the admin
	// user): one "/<menu>/set =k=v ..." per entry, without the .id, which
	// the deployer finds by Name. Restore sets the old values back.
	Builtins []Command
	// Users are the /user adds, tagged like Items; restore removes them.
	Users []Command
	// Notes say what of the config Build left out and why (a password
	// that could not be restored, an edit of the login user).
	Notes []string
}

// BuildOptions tune Build.
type BuildOptions struct {
	// Settings includes the Config's singleton settings (/ip settings,
	// /system identity ...). The embedded router does not model them.
	Settings bool
	// SettingsMenus, when not empty, limits Settings to these menus (the
	// embedded router serves /system/identity and nothing else of them).
	SettingsMenus []string
	// Touch adds menus the deployment must snapshot and clear although
	// the Config has no item in them: every plan deployed by one Deployer
	// (one per variant) must touch the same menus.
	Touch []string
	// LoginUser is the user the deployer will log in as, when known:
	// edits of that user that would lock it out are left out with a Note
	// (the Deployer drops them again at Deploy time in any case).
	LoginUser string
}

// Build turns cfg into a Plan. Each item's comment is replaced by
// CommentPrefix + the original comment.
func Build(cfg *routeros.Config, opts BuildOptions) (*Plan, error) {
	p := &Plan{Source: cfg.Source}
	menus := map[string]bool{}
	for _, m := range opts.Touch {
		menus[routeros.CanonicalMenu(m)] = true
	}
	for i, it := range cfg.Items {
		menu := routeros.CanonicalMenu(it.Menu)
		switch {
		case it.Builtin:
			if err := buildBuiltin(p, i, it, opts.LoginUser); err != nil {
				return nil, err
			}
			continue
		case menu == routeros.MenuUser:
			if err := buildUser(p, i, it, opts.LoginUser); err != nil {
				return nil, err
			}
			continue
		}
		menus[menu] = true
		words := []string{menu + "/add"}
		comment := CommentPrefix
		for _, pr := range it.Props {
			if err := checkWord(pr); err != nil {
				return nil, fmt.Errorf("deploy: %s:%d: %w", it.File, it.Line, err)
			}
			if pr.Key == "comment" {
				comment += pr.Value
				continue
			}
			words = append(words, "="+pr.Key+"="+pr.Value)
		}
		// Menus whose items have no comment (/queue/type) are found by
		// name, as the router keeps them.
		if commented(menu) {
			words = append(words, "=comment="+comment)
		}
		p.Items = append(p.Items, Command{Menu: menu, Words: words, Item: i})
	}
	if opts.Settings {
		for _, s := range cfg.Settings {
			menu := routeros.CanonicalMenu(s.Menu)
			if len(opts.SettingsMenus) > 0 && !slices.Contains(opts.SettingsMenus, menu) {
				continue
			}
			words := []string{menu + "/set"}
			for _, pr := range s.Props {
				if err := checkWord(pr); err != nil {
					return nil, fmt.Errorf("deploy: %s:%d: %w", s.File, s.Line, err)
				}
				words = append(words, "="+pr.Key+"="+pr.Value)
			}
			p.Settings = append(p.Settings, Command{Menu: menu, Words: words, Item: -1})
		}
	}
	for m := range menus {
		p.Menus = append(p.Menus, m)
	}
	slices.SortFunc(p.Menus, func(a, b string) int {
		if ra, rb := menuRank(a), menuRank(b); ra != rb {
			return rb - ra // clear dependents first
		}
		return strings.Compare(a, b)
	})
	return p, nil
}

// commented reports whether items of menu carry a comment: RouterOS
// refuses one where its schema has none (/queue/type).
func commented(menu string) bool {
	return !routeros.HasItemSchema(menu) || slices.Contains(routeros.PropertyNames(menu), "comment")
}

// checkWord refuses properties that cannot travel as an API word.
func checkWord(p routeros.Prop) error {
	if p.Key == "" || strings.ContainsAny(p.Key, "=\x00") || strings.HasPrefix(p.Key, ".") {
		return fmt.Errorf("property name %q cannot be sent through the API", p.Key)
	}
	return nil
}

// menuRank orders menus by dependency: a menu may refer to items of menus
// of lower rank (queues to queue types, rules to address lists), so menus
// are cleared from the highest rank down and filled from the lowest up.
func menuRank(menu string) int {
	switch menu {
	case routeros.MenuInterfaceList, routeros.MenuPool:
		return 0
	case routeros.MenuInterfaceListMember, routeros.MenuAddressList, routeros.MenuQueueType, routeros.MenuDHCPServer:
		return 1
	case routeros.MenuQueueTree:
		return 2
	case routeros.MenuQueueSimple:
		return 3
	}
	return 4
}

// WriteText writes the plan as a dry run shows it: the menus it clears,
// then one sentence per line, words separated by spaces (a word holding a
// space or a quote is written as a Go-quoted string).
func (p *Plan) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# qosbench deploy plan for %s: %d item(s), %d setting(s)", p.Source, len(p.Items), len(p.Settings))
	if len(p.Users) > 0 || len(p.Builtins) > 0 {
		fmt.Fprintf(&b, ", %d user(s), %d built-in edit(s)", len(p.Users), len(p.Builtins))
	}
	b.WriteByte('\n')
	step := 0
	section := func(format string, args ...any) {
		step++
		fmt.Fprintf(&b, "# %d. "+format+"\n", append([]any{step}, args...)...)
	}
	if len(p.Menus) > 0 {
		section("snapshot (print) of: %s", strings.Join(p.Menus, " "))
		section("remove every non-dynamic item of those menus, in this order")
		section("add the config's items, in order:")
		for _, c := range p.Items {
			b.WriteString(sentenceText(c.Words))
			b.WriteByte('\n')
		}
	}
	if len(p.Settings) > 0 {
		section("settings (the snapshot's values are set back on restore):")
		for _, c := range p.Settings {
			b.WriteString(sentenceText(c.Words))
			b.WriteByte('\n')
		}
	}
	if len(p.Users) > 0 {
		section("add users (removed on restore):")
		for _, c := range p.Users {
			b.WriteString(sentenceText(c.Words))
			b.WriteByte('\n')
		}
	}
	if len(p.Builtins) > 0 {
		section("edit built-in entries, found by name (their old values are set back on restore):")
		for _, c := range p.Builtins {
			words := append([]string{c.Words[0], "=.id=<" + c.Name + ">"}, c.Words[1:]...)
			b.WriteString(sentenceText(words))
			b.WriteByte('\n')
		}
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "# note: %s\n", n)
	}
	var after []string
	if len(p.Menus) > 0 {
		after = append(after, "clear the menus again, re-add the snapshot's items")
	}
	if len(p.Settings) > 0 && len(p.Menus) == 0 {
		after = append(after, "set the settings back")
	}
	if len(p.Users) > 0 || len(p.Builtins) > 0 {
		after = append(after, "remove the added users, set the built-in entries back")
	}
	after = append(after, "verify")
	fmt.Fprintf(&b, "# after the run, and on any failure: %s\n", strings.Join(after, ", "))
	_, err := io.WriteString(w, b.String())
	return err
}

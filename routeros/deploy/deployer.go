package deploy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qosbench/qosbench/routeros"
)

// Options tune a Deployer.
type Options struct {
	// Log receives progress (sentences at debug level; they never hold
	// credentials). nil discards it.
	Log *slog.Logger
	// Reconnects is how many times Restore dials again after the session
	// broke (default 3); RetryWait is the pause between attempts (default
	// 500ms).
	Reconnects int
	RetryWait  time.Duration
	// RestoreTimeout bounds one Restore, which runs even when the caller's
	// context is already cancelled (default 60s).
	RestoreTimeout time.Duration
	// LoginUser is the user the sessions log in as, which the Deployer
	// never disables, removes, restricts or gives a new password. ""
	// means: ask the session (Target.Dial's sessions know); when that is
	// unknown too, no edit of a built-in user but its comment is made.
	LoginUser string
	// APIService is the /ip/service entry the sessions use ("api" or
	// "api-ssl"), which the Deployer never disables, moves or
	// restricts; NoAPIService when they use none (an out-of-band
	// management path). "" means: ask the session (Target.Dial's sessions
	// know); when that is unknown too, neither api nor api-ssl is changed.
	APIService string
	// ManagementInterface, when set, is the router port the sessions
	// reach the API through, which the deployed configs do not name (a
	// CHR's management port): the Deployer keeps a rule accepting input
	// on it first in /ip/firewall/filter while anything is deployed, so
	// no deployed rule can cut it off (management.go).
	ManagementInterface string
}

// NoAPIService is the Options.APIService of sessions that reach the router
// over a management path no /ip/service entry controls.
const NoAPIService = "-"

// Deployer deploys Plans to one router and restores it afterwards. Use:
// Deploy (as often as needed: a variant is another Plan, built with the same
// touched menus) and Counters in between, then Restore exactly once,
// whatever happened. Deploy restores the router itself when it fails. A
// Deployer is not safe for concurrent use.
type Deployer struct {
	dial DialFunc
	opts Options
	log  *slog.Logger

	conn Conn
	snap *Snapshot
	plan *Plan
	// ids maps router ids of the current deployment's items to their
	// index in the Config (-1 for items a variant inserted).
	ids     map[string]int
	itemIDs []string // itemIDs[i] is the router id of plan.Items[i]
	// clean is set by a successful Restore and cleared by any change, so
	// that a second Restore (a caller's deferred one after Deploy already
	// restored on failure) does not redo the work.
	clean bool
	// notes say what the last Deploy left out of its plan, and why.
	notes []string
}

// Notes returns what the last Deploy left out of its plan and why: the
// plan's own Notes and the edits of the login user dropped at Deploy
// time.
func (d *Deployer) Notes() []string { return slices.Clone(d.notes) }

// New returns a Deployer that opens sessions with dial.
func New(dial DialFunc, opts Options) *Deployer {
	if opts.Reconnects <= 0 {
		opts.Reconnects = 3
	}
	if opts.RetryWait <= 0 {
		opts.RetryWait = 500 * time.Millisecond
	}
	if opts.RestoreTimeout <= 0 {
		opts.RestoreTimeout = 60 * time.Second
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Deployer{dial: dial, opts: opts, log: log}
}

// Snapshot is the state of the menus a deployment touches, taken before
// anything changed.
type Snapshot struct {
	Menus []MenuRows `json:"menus"` // list menus, in the plan's clearing order
	// Settings holds, for each singleton menu the plan sets, one row with
	// the values of the properties the plan sets.
	Settings []MenuRows `json:"settings,omitempty"`
	// Export is the router's /export (NormalizeExport) when it offers one
	// through the API; "" otherwise.
	Export string `json:"export,omitempty"`
	// Builtins holds, for each built-in entry the plan edits, the old
	// values of the properties it sets.
	Builtins []BuiltinRows `json:"builtins,omitempty"`
	// Users is every user's name, group, address, disabled and comment,
	// in print order, when the plan touches /user (HasUsers).
	Users    []Row `json:"users,omitempty"`
	HasUsers bool  `json:"has_users,omitempty"`
}

// MenuRows is the static items of one menu, in print order.
type MenuRows struct {
	Menu string `json:"menu"`
	Rows []Row  `json:"rows"`
}

// readOnly are properties print returns that cannot be written back:
// ids, flags and statistics.
var readOnly = map[string]bool{
	".id": true, ".nextid": true, ".about": true, "dynamic": true, "invalid": true, "builtin": true, "default": true,
	"bytes": true, "packets": true, "dropped": true, "rate": true, "packet-rate": true,
	"queued-bytes": true, "queued-packets": true, "borrows": true, "lends": true, "pcq-queues": true,
	"total-bytes": true, "total-packets": true, "total-dropped": true, "total-rate": true, "total-packet-rate": true,
	"total-queued-bytes": true, "total-queued-packets": true, "total-borrows": true, "total-lends": true, "total-pcq-queues": true,
	"creation-time": true, "inactive": true, "target-addresses": true,
}

// menuReadOnly are read-only properties of one menu only (elsewhere the
// same names are settable): the state of a DHCP client, which changes with
// its lease and which a restore cannot write back.
var menuReadOnly = map[string]map[string]bool{
	routeros.MenuDHCPClient: {"status": true, "address": true, "gateway": true, "dhcp-server": true,
		"primary-dns": true, "secondary-dns": true, "primary-ntp": true, "secondary-ntp": true,
		"expires-after": true, "netmask": true},
	// RouterOS 7 prints a pool's usage.
	routeros.MenuPool: {"total": true, "used": true, "available": true},
}

// settable returns the row of menu without its read-only properties.
func settable(menu string, row Row) Row {
	out := make(Row, len(row))
	for k, v := range row {
		if !readOnly[k] && !menuReadOnly[menu][k] {
			out[k] = v
		}
	}
	return out
}

// static reports whether a printed row is an item a deployment may remove
// and a restore must re-create.
func static(row Row) bool {
	return !routeros.IsTrue(row["dynamic"]) && !routeros.IsTrue(row["default"]) && !routeros.IsTrue(row["builtin"])
}

// connect makes sure there is a usable session.
func (d *Deployer) connect(ctx context.Context) (Conn, error) {
	if d.conn != nil {
		return d.conn, nil
	}
	c, err := d.dial(ctx)
	if err != nil {
		return nil, err
	}
	d.conn = c
	return c, nil
}

// run sends one sentence on the current session, dropping the session when
// it broke.
func (d *Deployer) run(ctx context.Context, words ...string) (*Reply, error) {
	c, err := d.connect(ctx)
	if err != nil {
		return nil, err
	}
	d.log.Debug("api", "sentence", sentenceText(words))
	r, err := c.Run(ctx, words...)
	if err != nil {
		var trap *TrapError
		if !errors.As(err, &trap) {
			_ = c.Close()
			d.conn = nil
		}
		return nil, err
	}
	return r, nil
}

// print returns the static rows of menu, in order.
func (d *Deployer) print(ctx context.Context, menu string, extra ...string) ([]Row, error) {
	r, err := d.run(ctx, append([]string{menu + "/print"}, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("deploy: print %s: %w", menu, err)
	}
	var rows []Row
	for _, row := range r.Re {
		if static(row) {
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// takeSnapshot reads the state of p's menus.
func (d *Deployer) takeSnapshot(ctx context.Context, menus []string, settings []Command) (*Snapshot, error) {
	s := &Snapshot{}
	for _, m := range menus {
		rows, err := d.print(ctx, m)
		if err != nil {
			return nil, err
		}
		s.Menus = append(s.Menus, MenuRows{Menu: m, Rows: rows})
	}
	for _, c := range settings {
		r, err := d.run(ctx, c.Menu+"/print")
		if err != nil {
			return nil, fmt.Errorf("deploy: print %s: %w", c.Menu, err)
		}
		// Only the properties the plan sets: the rest of a settings menu
		// holds live statistics.
		row := Row{}
		for _, k := range settingKeys(c) {
			if len(r.Re) > 0 {
				row[k] = r.Re[0][k]
			}
		}
		s.Settings = append(s.Settings, MenuRows{Menu: c.Menu, Rows: []Row{row}})
	}
	r, err := d.run(ctx, "/export")
	var trap *TrapError
	switch {
	case err == nil:
		s.Export = exportText(r)
	case errors.As(err, &trap):
		// Not every router offers /export through the API; the prints are
		// the snapshot then.
	default:
		return nil, fmt.Errorf("deploy: export: %w", err)
	}
	return s, nil
}

// exportText extracts the script of an /export reply; see NormalizeExport.
func exportText(r *Reply) string {
	text := r.Done["ret"]
	for _, row := range r.Re {
		text += row["ret"]
	}
	return NormalizeExport(text)
}

// NormalizeExport prepares an export for comparison: comment lines (the
// header holds the date and time) and blank lines are dropped. Everything
// else is compared exactly, order included: RouterOS writes an export's
// sections in its fixed menu order whatever order the menus were edited in
// (the emulated router does the same), so a restored router exports the same
// text, and a section or an item out of place is a difference: the order of
// firewall rules is what they mean.
func NormalizeExport(text string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(text, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// Snapshot returns the snapshot taken by the first Deploy, or nil. Saved
// as JSON, it lets a later Deployer restore the router (SetSnapshot).
func (d *Deployer) Snapshot() *Snapshot { return d.snap }

// SetSnapshot makes s the state Restore puts back, for restoring a router
// from a snapshot saved by an earlier run. It must be called before
// Deploy.
func (d *Deployer) SetSnapshot(s *Snapshot) { d.snap = s }

// Deploy makes the router hold exactly p's items in p's menus: it takes a
// snapshot first (on the first call only), removes every static item of
// those menus, adds p's items in order and applies p's settings. When
// anything fails after the snapshot, Deploy restores the snapshot before
// returning the error (joined with any restore error, which wraps
// ErrNotRestored).
func (d *Deployer) Deploy(ctx context.Context, p *Plan) error {
	start := time.Now()
	if len(p.Builtins) > 0 || len(p.Users) > 0 {
		c, err := d.connect(ctx)
		if err != nil {
			return fmt.Errorf("deploy: connect (nothing was changed): %w", err)
		}
		var notes []string
		p, notes = guardLogin(p, d.loginUser(c), d.apiService(c))
		d.notes = append(slices.Clone(p.Notes), notes...)
	} else {
		d.notes = slices.Clone(p.Notes)
	}
	for _, n := range d.notes {
		d.log.Warn("left out of the deployment", "note", n)
	}
	if d.opts.ManagementInterface != "" {
		d.notes = append(d.notes, ManagementNote(d.opts.ManagementInterface))
	}
	if d.snap == nil {
		s, err := d.takeSnapshot(ctx, p.Menus, p.Settings)
		if err == nil {
			err = d.snapshotBuiltins(ctx, s, p)
		}
		if err != nil {
			d.closeConn()
			return fmt.Errorf("deploy: snapshot before deploying (nothing was changed): %w", err)
		}
		d.snap = s
	} else if err := d.covered(p); err != nil {
		return err
	}
	d.plan = p
	d.clean = false
	if err := d.apply(ctx, p); err != nil {
		return d.fail(ctx, fmt.Errorf("deploy %s: %w", p.Source, err))
	}
	if err := d.commitPoint(ctx); err != nil {
		return d.fail(ctx, fmt.Errorf("deploy %s: %w", p.Source, err))
	}
	d.log.Info("deployed", "items", len(p.Items), "settings", len(p.Settings), "menus", strings.Join(p.Menus, " "), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// covered checks that the snapshot covers every menu p changes.
func (d *Deployer) covered(p *Plan) error {
	for _, m := range p.Menus {
		if !slices.ContainsFunc(d.snap.Menus, func(r MenuRows) bool { return r.Menu == m }) {
			return fmt.Errorf("deploy: menu %s is not in the snapshot taken by the first deployment; build every plan with the same touched menus", m)
		}
	}
	for _, c := range p.Settings {
		if !slices.ContainsFunc(d.snap.Settings, func(r MenuRows) bool { return r.Menu == c.Menu }) {
			return fmt.Errorf("deploy: settings %s are not in the snapshot taken by the first deployment", c.Menu)
		}
	}
	for _, c := range p.Builtins {
		i := slices.IndexFunc(d.snap.Builtins, func(b BuiltinRows) bool { return b.Menu == c.Menu && b.Name == c.Name })
		if i < 0 {
			return fmt.Errorf("deploy: %s %s is not in the snapshot taken by the first deployment", c.Menu, c.Name)
		}
		for _, k := range settingKeys(c) {
			if _, ok := d.snap.Builtins[i].Row[k]; !ok {
				return fmt.Errorf("deploy: %s %s %s is not in the snapshot taken by the first deployment", c.Menu, c.Name, k)
			}
		}
	}
	if (len(p.Users) > 0 || slices.ContainsFunc(p.Builtins, func(c Command) bool { return c.Menu == routeros.MenuUser })) && !d.snap.HasUsers {
		return fmt.Errorf("deploy: %s is not in the snapshot taken by the first deployment", routeros.MenuUser)
	}
	return nil
}

// fail restores after err and returns both.
func (d *Deployer) fail(ctx context.Context, err error) error {
	d.log.Warn("deployment failed; restoring the router", "err", err)
	if rerr := d.Restore(ctx); rerr != nil {
		return errors.Join(err, rerr)
	}
	return fmt.Errorf("%w (the router was restored and verified)", err)
}

func (d *Deployer) apply(ctx context.Context, p *Plan) error {
	if err := d.clear(ctx, p.Menus); err != nil {
		return err
	}
	// Before the config's first rule: the filter menu is empty here when
	// the plan touches it.
	if err := d.assertManagement(ctx); err != nil {
		return err
	}
	d.ids = map[string]int{}
	d.itemIDs = make([]string, len(p.Items))
	for i, c := range p.Items {
		r, err := d.run(ctx, c.Words...)
		if err != nil {
			return fmt.Errorf("item %d (%s): %w", c.Item, sentenceText(c.Words), err)
		}
		id := r.Done["ret"]
		d.itemIDs[i] = id
		if id != "" {
			d.ids[id] = c.Item
		}
	}
	for _, c := range p.Settings {
		if _, err := d.run(ctx, c.Words...); err != nil {
			return fmt.Errorf("%s: %w", sentenceText(c.Words), err)
		}
	}
	if err := d.applyBuiltins(ctx, p); err != nil {
		return err
	}
	// Again after the whole plan: whatever the config did, the
	// management rule is first.
	return d.assertManagement(ctx)
}

// clear removes every static item of menus, in order, last item first
// (children of a queue tree come after their parents).
func (d *Deployer) clear(ctx context.Context, menus []string) error {
	for _, m := range menus {
		rows, err := d.print(ctx, m, "=.proplist=.id,dynamic,default,builtin")
		if err != nil {
			return err
		}
		for i := len(rows) - 1; i >= 0; i-- {
			id := rows[i][".id"]
			if id == "" {
				return fmt.Errorf("print %s: row without .id", m)
			}
			if _, err := d.run(ctx, m+"/remove", "=.id="+id); err != nil {
				return fmt.Errorf("remove %s from %s: %w", id, m, err)
			}
		}
	}
	return nil
}

// Restore puts the snapshot back: it clears the touched menus, re-adds the
// snapshot's items in their original order, sets the settings back, and
// verifies the router against the snapshot. A broken session is dialled
// again (Options.Reconnects times). It runs even when ctx is cancelled,
// bounded by Options.RestoreTimeout. Errors wrap ErrNotRestored. Restore
// without a snapshot, or again after a successful Restore with no change
// since, does nothing.
func (d *Deployer) Restore(ctx context.Context) error {
	if d.snap == nil || d.clean {
		return nil
	}
	start := time.Now()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.opts.RestoreTimeout)
	defer cancel()
	var last error
	for attempt := 0; attempt <= d.opts.Reconnects; attempt++ {
		if attempt > 0 {
			d.log.Warn("restore: trying again on a new connection", "attempt", attempt, "err", last)
			select {
			case <-time.After(d.opts.RetryWait):
			case <-rctx.Done():
				return fmt.Errorf("deploy: %w: %w", ErrNotRestored, errors.Join(last, rctx.Err()))
			}
		}
		err := d.restoreOnce(rctx)
		if err == nil {
			d.log.Info("restored and verified", "took", time.Since(start).Round(time.Millisecond), "attempts", attempt+1)
			d.ids, d.itemIDs, d.plan = nil, nil, nil
			d.clean = true
			return nil
		}
		last = err
		if !errors.Is(err, ErrConnection) {
			break
		}
	}
	return fmt.Errorf("deploy: %w: %w", ErrNotRestored, last)
}

func (d *Deployer) restoreOnce(ctx context.Context) error {
	s := d.snap
	if err := d.clear(ctx, menuNames(s.Menus)); err != nil {
		return err
	}
	for i := len(s.Menus) - 1; i >= 0; i-- { // fill in dependency order
		m := s.Menus[i]
		for _, row := range m.Rows {
			words := []string{m.Menu + "/add"}
			for _, k := range slices.Sorted(maps.Keys(settable(m.Menu, row))) {
				if k == "disabled" && !routeros.IsTrue(row[k]) {
					// The default; sending it would make an explicit
					// disabled=no that some exports then show.
					continue
				}
				words = append(words, "="+k+"="+row[k])
			}
			if _, err := d.run(ctx, words...); err != nil {
				return fmt.Errorf("re-add %s %s: %w", m.Menu, row[".id"], err)
			}
		}
	}
	for _, m := range s.Settings {
		if err := d.restoreSettings(ctx, m); err != nil {
			return err
		}
	}
	if err := d.restoreBuiltins(ctx); err != nil {
		return err
	}
	// Clearing removed it when the plan touched the filter menu; when it
	// did not, the rule is still there.
	if err := d.removeManagement(ctx); err != nil {
		return err
	}
	if err := d.commitPoint(ctx); err != nil {
		return err
	}
	return d.Verify(ctx)
}

// restoreSettings sets back the properties of a settings menu that the
// snapshot holds (those the plan sets).
func (d *Deployer) restoreSettings(ctx context.Context, m MenuRows) error {
	if len(m.Rows) == 0 || len(m.Rows[0]) == 0 {
		return nil
	}
	words := []string{m.Menu + "/set"}
	for _, k := range slices.Sorted(maps.Keys(m.Rows[0])) {
		words = append(words, "="+k+"="+m.Rows[0][k])
	}
	if _, err := d.run(ctx, words...); err != nil {
		return fmt.Errorf("restore %s: %w", m.Menu, err)
	}
	return nil
}

// settingKeys returns the property names a settings command sets.
func settingKeys(c Command) []string {
	var keys []string
	for _, w := range c.Words[1:] {
		k, _, _ := strings.Cut(strings.TrimPrefix(w, "="), "=")
		keys = append(keys, k)
	}
	return keys
}

func menuNames(ms []MenuRows) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Menu)
	}
	return out
}

// Verify compares the router with the snapshot, ignoring ids and
// statistics, and describes every difference.
func (d *Deployer) Verify(ctx context.Context) error {
	if d.snap == nil {
		return nil
	}
	var set []Command
	for _, m := range d.snap.Settings {
		words := []string{m.Menu + "/set"}
		for _, k := range slices.Sorted(maps.Keys(m.Rows[0])) {
			words = append(words, "="+k+"=")
		}
		set = append(set, Command{Menu: m.Menu, Words: words})
	}
	now, err := d.takeSnapshot(ctx, menuNames(d.snap.Menus), set)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	diffs := Diff(d.snap, now)
	more, err := d.verifyBuiltins(ctx)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if diffs = append(diffs, more...); len(diffs) > 0 {
		return fmt.Errorf("verify: the router differs from the snapshot:\n  %s", strings.Join(diffs, "\n  "))
	}
	return nil
}

// Diff lists the differences between two snapshots of the same menus,
// ignoring ids and statistics.
func Diff(a, b *Snapshot) []string {
	var out []string
	rowText := func(menu string, r Row) string {
		s := settable(menu, r)
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(s)) {
			parts = append(parts, k+"="+s[k])
		}
		return strings.Join(parts, " ")
	}
	cmp := func(kind string, am, bm []MenuRows) {
		for i := range max(len(am), len(bm)) {
			if i >= len(am) || i >= len(bm) || am[i].Menu != bm[i].Menu {
				out = append(out, fmt.Sprintf("%s menus differ", kind))
				return
			}
			ar, br := am[i].Rows, bm[i].Rows
			if len(ar) != len(br) {
				out = append(out, fmt.Sprintf("%s: %d item(s) before, %d now", am[i].Menu, len(ar), len(br)))
			}
			for j := range min(len(ar), len(br)) {
				if x, y := rowText(am[i].Menu, ar[j]), rowText(am[i].Menu, br[j]); x != y {
					out = append(out, fmt.Sprintf("%s item %d: was {%s}, now {%s}", am[i].Menu, j, x, y))
				}
			}
		}
	}
	cmp("list", a.Menus, b.Menus)
	cmp("settings", a.Settings, b.Settings)
	if a.Export != b.Export {
		out = append(out, "/export differs:\n"+lineDiff(a.Export, b.Export))
	}
	return out
}

// lineDiff lists the lines only in a ("-") and only in b ("+").
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "    - "+l)
		}
	}
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "    + "+l)
		}
	}
	if len(out) == 0 {
		return "    same lines in a different order; before:\n" + indent(a) + "\n    now:\n" + indent(b)
	}
	return strings.Join(out, "\n")
}

func indent(s string) string {
	return "    | " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    | ")
}

// Close ends the session. It does not restore.
func (d *Deployer) Close() error { return d.closeConn() }

func (d *Deployer) closeConn() error {
	if d.conn == nil {
		return nil
	}
	err := d.conn.Close()
	d.conn = nil
	return err
}

// commitPoint reads /system/resource after a change, so that the change is
// in force when the deployment returns. A real router applies each edit as
// it answers it, and the read costs one round trip; the emulated router
// applies edits in batches and applies what is pending before it answers a
// command other than an item edit or read.
func (d *Deployer) commitPoint(ctx context.Context) error {
	if _, err := d.run(ctx, "/system/resource/print"); err != nil {
		return fmt.Errorf("commit point (/system/resource/print): %w", err)
	}
	return nil
}

// Counter is the statistics of one rule or queue after a variant.
type Counter struct {
	Menu     string // "/ip/firewall/filter", "/queue/tree", ...
	ID       string // router id, "*1A"
	Item     int    // index in the Config's items; -1 for items the config did not create (variant insertions, the router's own)
	Comment  string // as the router reports it (qosbench:... for deployed items)
	Name     string // queues only
	Disabled bool
	Packets  uint64
	Bytes    uint64
	Dropped  uint64 // queues only
}

// firewallMenus print their counters with "print stats".
var firewallMenus = map[string]bool{
	routeros.MenuFilter: true, routeros.MenuMangle: true, routeros.MenuNAT: true, "/ip/firewall/raw": true,
}

// Counters reads the statistics of every static item of the deployed
// menus that count packets (firewall rules and queues), in print order.
// Simple queues report upload+download sums.
func (d *Deployer) Counters(ctx context.Context) ([]Counter, error) {
	if d.plan == nil {
		return nil, errors.New("deploy: counters without a deployment")
	}
	var out []Counter
	for _, m := range d.plan.Menus {
		var extra []string
		switch {
		case firewallMenus[m]:
			extra = []string{"=stats="}
		case m == routeros.MenuQueueTree || m == routeros.MenuQueueSimple:
		default:
			continue
		}
		rows, err := d.print(ctx, m, extra...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if isManagement(r) {
				continue // qosbench's, not the config's
			}
			c := Counter{Menu: m, ID: r[".id"], Item: -1, Comment: r["comment"], Name: r["name"], Disabled: routeros.IsTrue(r["disabled"])}
			if i, ok := d.ids[c.ID]; ok {
				c.Item = i
			}
			c.Packets, c.Bytes, c.Dropped = sumStat(r["packets"]), sumStat(r["bytes"]), sumStat(r["dropped"])
			out = append(out, c)
		}
	}
	return out, nil
}

// sumStat parses a counter, summing "upload/download" pairs.
func sumStat(v string) uint64 {
	var n uint64
	for part := range strings.SplitSeq(v, "/") {
		x, _ := strconv.ParseUint(part, 10, 64)
		n += x
	}
	return n
}

// FasttrackCounters reads the packets and bytes the router fasttracked, from
// /ip/settings (ipv4-fasttrack-packets and -bytes, RouterOS v7). ok is false
// when the router does not report them (RouterOS v6, or a restricted user).
func (d *Deployer) FasttrackCounters(ctx context.Context) (packets, bytes uint64, ok bool, err error) {
	r, err := d.run(ctx, "/ip/settings/print")
	if err != nil {
		return 0, 0, false, fmt.Errorf("deploy: print /ip/settings: %w", err)
	}
	if len(r.Re) == 0 {
		return 0, 0, false, nil
	}
	row := r.Re[0]
	p, okP := row["ipv4-fasttrack-packets"]
	b, okB := row["ipv4-fasttrack-bytes"]
	if !okP || !okB {
		return 0, 0, false, nil
	}
	return sumStat(p), sumStat(b), true, nil
}

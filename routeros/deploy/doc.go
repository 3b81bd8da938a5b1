// Package deploy puts a parsed RouterOS configuration (routeros.Config) on a
// router through the RouterOS API, and takes it off again.
//
// What it owns:
//   - the translation of a Config into API sentences (Build, Plan): every
//     list item becomes "/<menu>/add =k=v ...", tagged with a comment that
//     starts with CommentPrefix so the deployer's items can be found;
//     singleton settings become "/<menu>/set =k=v ...";
//     edits of built-in entries (/ip/service, the admin user) become a
//     "/<menu>/set" of the entry found by name, and /user adds are tagged
//     like other items (builtin.go);
//   - a Deployer that snapshots the menus a plan touches, clears them,
//     adds the plan's items in order (a variant is one more plan; deploy
//     knows no variant), reads per-item counters, and restores the snapshot
//     afterwards or on any failure (reconnecting when the connection
//     dropped), then verifies the router against the snapshot;
//   - the management rule (Options.ManagementInterface, management.go): for
//     a router managed through one of its own ports, an input accept rule
//     kept first in /ip/firewall/filter while a config is deployed and
//     removed on restore, so that no deployed rule cuts the API off;
//   - the connection seam (Conn, DialFunc) and its implementation over
//     github.com/go-routeros/routeros/v3 (Target.Dial) with per-command
//     deadlines, TLS with a pinned CA or an explicit insecure mode, and
//     credentials that are never logged.
//
// What it must not touch: the kernel and the lab (the embedded router's API
// server lives in emulator/api), and results files (callers decide what
// of Counter goes where). Credentials never leave Target: they are not
// logged, not formatted by %v, and not part of any error; the passwords of
// users a config adds are masked in logs, errors and dry runs. And it must
// never lock itself out: no change to the user it logs in as or to the API
// service it talks through.
package deploy

// Package routeros is qosbench's model of a MikroTik RouterOS configuration:
// it reads the script format written by RouterOS `/export` (".rsc"), checks
// it against per-menu schemas, and decodes the items the embedded router
// translates (firewall rules and queue trees) into typed values.
//
// What it owns:
//   - the generic model: a Config is a list of Items, each an entry of one
//     menu ("/ip/firewall/filter", "/queue/tree", ...) with ordered string
//     properties. This is deliberately the shape of the RouterOS API (menus
//     of items with string properties), so the same model is sent to
//     routers by the API deployer (package routeros/deploy);
//   - the .rsc lexer and parser (ParseRSC, ParseFile) for the subset of the
//     script language that exports use, including set/remove/enable/disable
//     of the script's own items (resolved at parse time) and singleton
//     settings, reporting every problem of a file at once as an ErrorList
//     with file:line:col positions;
//   - Terminal mode (ParseRSCOptions): the script applied as a RouterOS
//     terminal applies a paste, each rejected command failing alone and
//     listed in Config.Rejected;
//   - the built-in entries a script edits by name, never adds or removes
//     (/ip service, the admin user: Item.Builtin, Services), and /user,
//     whose passwords never reach a message or WriteRSC;
//   - the menu registry: which menus are translated, which are only
//     validated, which are ignored with a Notice because they do not change
//     the packet path, and the value grammar of each property. Which menus
//     and properties exist, per RouterOS version, comes from RouterOS's own
//     command tree (package routeros/schema, generated from /console/inspect
//     output; generated.go joins the two), also for menus that are only
//     noted as not modelled;
//   - typed views for the translator (DecodeRule, DecodeQueueTree, ParseRate)
//     and the reverse direction, rendering a Config as an export-like
//     script (WriteRSC);
//   - the one list of firewall matchers (Matchers: name, value type, check,
//     decoding into Rule), from which the firewall schemas are built; the
//     emulator's translation and lint's evaluation are tables keyed by the
//     same names in their own packages (this one must not import them);
//   - typed values at the edge: RouterOS booleans (ParseBool, IsTrue,
//     YesNo, Item.Disabled), notice kinds (NoticeKind), and the WAN/LAN
//     inference used by both lint and run --config (InferRoles).
//
// What it must not touch: the kernel (no namespaces, nftables or tc; turning
// a Config into those is the embedded router's job) and the network
// (talking to routers is routeros/deploy's job). Parsing has no side
// effects beyond reading the file given to ParseFile.
package routeros

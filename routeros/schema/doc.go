// Package schema is RouterOS's command tree as RouterOS itself describes
// it: for each version qosbench knows, every menu, its commands, and the
// properties its add and set commands take, with RouterOS's own type
// description and, where the data has them, the values RouterOS completes
// (enums).
//
// What it owns:
//   - the data: data/<version>.json.gz, trimmed by the generator in gen/
//     (`go generate`) from `/console/inspect` output of real RouterOS
//     published per version by github.com/tikoci/restraml (versions.txt
//     names each file and commit), and v6.json, hand-kept from MikroTik's
//     v6 manual and real v6 exports where no inspect data exists;
//   - choosing the data for a version string ("7.16.2", "7", "6", "")
//     (For) and answering which properties a menu has in it.
//
// What it must not touch: what a property does to packets, how values are
// decoded, and which menus qosbench translates. Those stay hand-written in
// package routeros, which asks this package only whether RouterOS has a
// menu, a property or an enum value. It imports nothing of qosbench.
package schema

//go:generate go run ./gen -versions versions.txt -out data

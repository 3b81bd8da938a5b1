// Package lint checks a RouterOS configuration for mistakes that change what
// happens to packets: commands the router would reject, firewall rules that
// can never match, packet marks nobody uses, fasttrack that bypasses the
// queues, queue trees whose numbers cannot hold, management services open to
// the WAN. Each Finding says where (file, line, item), what happens to
// packets and how to fix it, ideally as a RouterOS command.
//
// What it owns: the checks (one function per check id, listed in Checks),
// how each firewall matcher is reasoned about (lintMatchers, one row per
// matcher of routeros.Matchers), and the text and JSON renderings of
// findings. The WAN and LAN come from routeros.InferRoles, the reading
// `run --config` uses too.
//
// What it must not touch: the kernel, the network and the files it reads
// (it only reads the config). It never changes a Config: the checks work on
// the parsed model of package routeros, so a finding holds for the config as
// the router would store it. The checks are conservative: a rule is reported
// as shadowed or a service as open only when the matchers prove it; a
// matcher the checks do not understand makes them say nothing.
//
// Versions: claims about which RouterOS version has a property or a menu
// name their source in the finding (docs/lint.md lists them).
package lint

// Package emulator is the emulated RouterOS that ships with qosbench (DUT kind "embedded"): a Linux network
// namespace whose packet path reproduces RouterOS firewall and queue
// semantics with nftables and tc HTB.
//
// The engine is independent of how configuration arrives: Translate takes the
// RouterOS model (package routeros) and yields a Plan of plain text (an nft
// ruleset and tc batches, golden-tested; each firewall matcher of
// routeros.Matchers has one row of nftMatchers saying what it adds to an nft
// rule); Router applies a Plan inside the
// router's namespace and reads per-item counters back (Counters, Fasttrack).
// The RouterOS API server in front of it is a separate concern.
//
// Semantics implemented, and how (docs/embedded-router.md has the full
// table and the choices made where RouterOS is not documented precisely):
//
//   - /ip firewall raw, mangle, nat and filter: one nft table "ip qosbench",
//     one base chain per RouterOS built-in chain at the netfilter priority
//     RouterOS uses (raw -300, mangle -150, dstnat -100, filter 0, srcnat
//     100), user chains as regular chains per table. Every rule made from a
//     config item has a counter and a comment starting with ItemComment.
//   - Marks are names, numbered into fields of the skb mark (packet mark,
//     routing mark, global-queue leaf) and the ct mark (connection mark,
//     fasttrack flag). Address lists are nft sets, interface lists anonymous
//     sets of interface names.
//   - FastTrack, chosen by Features.Flowtable (a probed kernel feature,
//     never the DUT kind): with nft flowtables (the router VM's kernel)
//     fasttrack-connection also offloads the connection to the flowtable
//     FasttrackFlowtable, whose packets bypass the whole forward path, and
//     the netdev table FasttrackEgressTable counts them and gives them the
//     interface's no-mark leaf. Without flowtables (the host kernels) the
//     fasttrack-connection action sets bit 31 of the ct mark, and every
//     mangle and filter base chain starts by accepting packets of connections
//     with that bit. Fast-tracked packets skip mangle, filter, raw (through
//     the FasttrackSet of their headers), simple queues and global queue
//     trees, and still pass the interface HTB unmarked, as RouterOS
//     documents. /ip settings allow-fast-path=no turns it off.
//   - /queue tree with an interface parent: an HTB on that interface, leaves
//     selected through `meta priority set`. The global HTB (parent=global,
//     /queue simple) is an HTB on the IFB device GlobalDev; interfaces
//     redirect packets to it with a classic-BPF cls_bpf filter reading the
//     skb mark.
//   - Queue burst: Router drives each burst class's ceil from a 16-sample
//     average of its byte counter (MikroTik's algorithm), while the plan is
//     in force. PCQ: one HTB class per lab host (Features.Hosts).
//   - /ip firewall connection tracking: timeouts and loose-tcp-tracking as
//     per-namespace netfilter sysctls (Plan.Sysctls).
//   - /ip dhcp-client and /ip dhcp-server (with /ip pool and /ip dhcp-server
//     network): a DHCP client that takes a lease on its port and installs
//     the address and default route, and a DHCP server on its port
//     (dhcp.go, on the lab's DHCP helpers, which use
//     github.com/insomniacslk/dhcp).
//
// It must not touch anything outside the router namespace it is given.
package emulator

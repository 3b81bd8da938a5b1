// Package embedded is the router that ships with qosbench: a Linux network
// namespace whose packet path reproduces RouterOS firewall and queue
// semantics with nftables and tc HTB.
//
// The engine is independent of how configuration arrives: Translate takes the
// RouterOS model (package routeros) and yields a Plan of plain text (an nft
// ruleset and tc batches, golden-tested); Router applies a Plan inside the
// router's namespace. The RouterOS API server in front of it is a separate
// concern.
//
// Semantics implemented, and how (see docs/embedded-router.md):
//
//   - /ip firewall mangle and filter: one nft table "ip qosbench", one base
//     chain per RouterOS built-in chain at the netfilter priority RouterOS
//     uses (mangle -150, filter 0), user chains as regular chains per table.
//   - Packet marks are names; each gets a number in the low 16 bits of the
//     skb mark. Connection marks get numbers in the low 16 bits of the ct mark.
//   - FastTrack: this kernel class has no nft flowtables everywhere, so the
//     fasttrack-connection action sets bit 31 of the ct mark, and every mangle
//     and filter base chain starts by accepting packets of connections with
//     that bit. Fast-tracked packets therefore skip mangle and filter and carry
//     no packet mark, and still pass the interface HTB, exactly as RouterOS
//     documents. Unlike RouterOS, no packets of a fast-tracked connection take
//     the slow path.
//   - /queue tree with an interface parent: an HTB on that interface. Leaves
//     are selected by packet mark through `meta priority set` in a postrouting
//     chain (no cls_fw needed); a leaf with packet-mark=no-mark becomes the
//     HTB default class; packets matching no leaf go unshaped (HTB direct).
//     Rates count IP bytes (a size table removes the Ethernet header).
//
// It must not touch anything outside the router namespace it is given.
package embedded

// Package probe is the probe traffic type: a firewall check with an
// expected verdict. One class is one check: a connection attempt, datagram
// or ping from a zone to a target, a crafted packet (an ACK or FIN with no
// connection, a spoofed source), or a connection to one of the router's
// management services.
//
// It owns its scenario keys and defaults (Options: proto, from, to, port,
// expect, craft, ttl, count, service) and their validation, its metric
// (verdict), and the prober (FirewallProbe), which watches the target for
// the probe's packets and judges allow or deny from what arrived and what
// answered. It registers itself with package traffic; it must not
// configure the lab or the router (a service probe's port is filled by the
// runner from the deployed config).
package probe

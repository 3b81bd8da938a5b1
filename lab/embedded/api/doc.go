// Package api serves the RouterOS API (ports 8728 and 8729/TLS) for the
// embedded router, so that a deployer talks to the embedded router exactly
// as it talks to a real RouterOS device.
//
// It owns the API session (login, tags, cancel, quit, limits against
// hostile clients), the API's view of the configuration (items with ids
// per menu, queries, proplists, counters) and the router process that
// serves it inside a lab's DUT namespace (Start, ServeMain). It does not
// own the translation to nftables/tc (lab/embedded) nor the byte format
// (routeros/wire). The server holds the configuration as a
// routeros.Config and hands the whole config to its Backend on every
// change; a config the Backend rejects leaves the server state unchanged.
//
// Menus without a packet-path effect (/ip/service, /system/identity,
// /ip/settings) keep their state in the server only in this version.
package api

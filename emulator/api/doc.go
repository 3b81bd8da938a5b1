// Package api serves the RouterOS API (ports 8728 and 8729/TLS) for the
// embedded router, so that a deployer talks to the embedded router exactly
// as it talks to a real RouterOS device.
//
// It owns the API session (login, tags, cancel, quit, limits against
// hostile clients), the API's view of the configuration (items with ids
// per menu, queries, proplists, counters) and the router process that
// serves it inside a lab's DUT namespace (Start, ServeMain). It does not
// own the translation to nftables/tc (emulator) nor the byte format
// (routeros/wire). The server holds the configuration as a
// routeros.Config and hands the whole config to its Backend on every
// change; a config the Backend rejects leaves the server state unchanged.
//
// It also owns the router's management plane: /ip/service, whose enabled
// services listen on the router's lab-facing addresses (Config.ServiceAddrs)
// and answer like their RouterOS counterparts (banners, the web page, the
// API itself, address= resets), reconfigured on every change; /user, whose
// entries log in on the lab-facing api and api-ssl; and /system/identity,
// shown in the banners. The management link's API (Serve) models an
// out-of-band console: the lab credentials log in there whatever /user
// says, and no /ip/service edit touches it. /ip/settings values are kept in
// the server only.
package api

// Package routeros is DUT kind routeros: a real RouterOS device (a
// RouterBOARD) reached through its API at dut.address, its ports cabled to
// this machine's NICs (dut.ports: RouterOS port → host NIC, or an 802.1Q
// sub-interface of a trunk NIC behind a managed switch).
//
// The lab's DUT namespace becomes a wire (lab.Spec.RouterOutside): for the
// run, each host NIC moves into it and is bridged to the lab's device of
// its router port, so the LAN hosts and the ISP reach the router through
// the cables. The lab gives the NICs back afterwards (and `lab down` after
// a killed run). The router keeps its own addresses: its ports must carry
// the lab's router addresses (the first usable address of lab.lan.subnet
// and lab.wan.subnet), as docs/real-routers.md says.
//
// It owns moving NICs through the lab package and building the API target;
// it never deploys (the orchestrator's deployer does, and restores).
package routeros

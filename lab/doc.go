// Package lab owns the live resources of a test lab: network namespaces, veth
// pairs, bridges, addresses, routes, the ISP uplink shaping and their
// cleanup. It builds a lab from a plain-data Spec, and tears it down with an
// idempotent Destroy; every namespace it creates carries the lab's prefix
// (NamePrefix + lab id) so that leftovers from a killed run can be found and
// swept with Sweep.
//
// Namespaces are named files in /run/netns, as iproute2 keeps them; before
// creating one the lab makes /run/netns a shared bind mount of itself, as
// `ip netns add` does, so that another program's first `ip netns add`
// cannot hide the lab's namespace mounts. Feature probes use namespaces
// named qosb-probe<pid>-x, removed by the next probe once <pid> is gone.
//
// The lab changes nothing outside its own namespaces (besides that one
// mount of /run/netns): links are created
// directly inside the lab's namespaces (never in the caller's), and sysctls
// are written only from threads switched into a lab namespace.
//
// Topology (one lab):
//
//	lan1..N ── lansw(br0) ── ether2 [dut] ether1 ── isp(br0, shaping) ── wan1..M
//
// The isp namespace is a bridge that models the ISP link: traffic going up
// (from the router to the WAN hosts) is redirected on ingress to an IFB
// device shaped by HTB at the uplink rate with a bfifo sized to the
// configured buffer time; traffic coming down is shaped the same way on the
// egress of the port facing the router.
//
// DHCP (dhcp.go): with Segment.DHCP on the WAN, the ISP namespace serves the
// router's WAN port its address by DHCP; on the LAN, hosts take their
// addresses from the router's DHCP server (LeaseLANHosts). The same server
// and client helpers run the embedded router's /ip dhcp-client and
// /ip dhcp-server.
//
// The embedded router (package emulator) configures the dut namespace; this
// package gives it the namespace and the interface names.
package lab

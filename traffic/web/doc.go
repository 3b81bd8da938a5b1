// Package web is the web traffic type: HTTP/1.1 (or HTTPS) clients on the
// LAN hosts fetch objects of log-uniform sizes from servers on the WAN
// hosts, pausing between requests.
//
// It owns its scenario keys and defaults (Options: clients, object-size,
// think, https, port) and their validation, the metrics of a web class
// (throughput, time to first byte and flow completion time percentiles),
// and the generator (Web), which samples the DSCP of response segments at
// the clients. It registers itself with package traffic; it must not
// configure the lab or the router.
package web

// Package traffic generates and receives the lab's traffic classes. One
// process holds sockets in every host namespace (sockets keep the namespace
// they were created in), and every timestamp comes from one monotonic Clock,
// so one-way delay is measured without clock synchronisation.
//
// Each traffic type (voip, web, bulk, udp, probe) registers a constructor;
// a Generator is set up (sockets created, nothing sent), started, told to
// stop sending, then closed after a drain period so packets still in flight
// are counted.
// Measurements go to a Sink per class as they happen; the package keeps no
// per-packet records. Optional sink interfaces (PacingSink, RequestSink,
// VerdictSink, DSCPSink) carry pacing errors, web request timings, probe
// verdicts and the DSCP of TCP segments sampled at web and bulk receivers.
// Blast, BlastRaw and BlastRing are the unpaced senders of `qosbench bench`;
// Capture writes the pcap of `run --pcap`. docs/traffic.md describes the
// wire formats and measurement method.
//
// The package must not configure the lab or the router: it only opens
// sockets in namespaces it is given.
package traffic

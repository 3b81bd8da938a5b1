// Package traffic generates and receives the lab's traffic classes. One
// process holds sockets in every host namespace (sockets keep the namespace
// they were created in), and every timestamp comes from one monotonic Clock,
// so one-way delay is measured without clock synchronisation.
//
// Each traffic type lives in its own folder (traffic/voip, traffic/web,
// traffic/bulk, traffic/udp, traffic/probe) and registers a Type: its
// scenario keys (an Options struct), validation, metrics and generator;
// traffic/builtin links the built-in ones. This package holds what they
// share: the registry and the class description (Spec), the run's Clock,
// the Env of hosts and sinks a generator gets, the Sink interfaces,
// Scheduled, pacing (Pacer, PaceUntil), sockets with DSCP and receive
// info, sendmmsg batches, the datagram and RTP framings, the DSCP sampler
// of TCP receivers and the peer latch of symmetric streams.
//
// A Generator is set up (sockets created, nothing sent), started, told to
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
// sockets in namespaces it is given. It imports no type folder (they
// import it) and nothing of qosbench but metrics.
package traffic

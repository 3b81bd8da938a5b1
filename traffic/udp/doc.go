// Package udp is the udp traffic type: constant bit rate or packet rate
// datagrams of one frame size, each timestamped and numbered, so every
// per-packet metric is available.
//
// It owns its scenario keys and defaults (Options: rate, pps, size, port)
// and their validation, its metrics (metrics.PerPacket), and the paced
// generator (UDP), which batches the datagrams that are due with sendmmsg;
// the datagram framing it shares with the benchmark's blasters lives in
// package traffic. It registers itself with package traffic; it must not
// configure the lab or the router.
package udp

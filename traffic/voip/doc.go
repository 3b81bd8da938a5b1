// Package voip is the voip traffic type: G.711, G.729 or Opus calls as
// RTP-like UDP streams, one per direction, optionally with SIP-like
// signalling on UDP 5060 around each call.
//
// It owns, in one place, everything a voip class is:
//
//   - its scenario keys and their defaults (Options: calls, codec,
//     rtp-ports, sip) and their validation (Options.Validate), which the
//     scenario loader runs with file:line:col errors;
//   - the metrics thresholds may use on a voip class (every per-packet
//     metric, fairness, and mos and rfactor when the codec has E-model
//     parameters: an opus class's mos is refused at validation, see
//     metrics.VoiceCodecs);
//   - the generator and receiver (VoIP): symmetric RTP, so the router's
//     conntrack sees one connection per call, with comfort-noise hellos
//     opening the NAT mapping of download-only calls.
//
// Every packet carries a send timestamp and a sequence number (docs/traffic.md).
// It registers itself with package traffic; it must not configure the lab
// or the router, and reads nothing but its Spec.
package voip

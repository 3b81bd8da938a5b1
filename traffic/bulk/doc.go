// Package bulk is the bulk traffic type: greedy TCP transfers that fill
// whatever capacity is left, the load voice has to survive.
//
// It owns its scenario keys and defaults (Options: proto, flows, port) and
// their validation, the metrics of a bulk class (throughput and the
// fairness across its flows: TCP carries no timestamps of ours), and the
// generator (Bulk), which samples the DSCP of data segments at the
// receivers. It registers itself with package traffic; it must not
// configure the lab or the router.
package bulk

// Package traffic generates and receives the lab's traffic classes. One
// process holds sockets in every host namespace (sockets keep the namespace
// they were created in), and every timestamp comes from one monotonic Clock,
// so one-way delay is measured without clock synchronisation.
//
// Each traffic type (voip, bulk) registers a constructor; a Generator is set
// up (sockets created, nothing sent), started, told to stop sending, then
// closed after a drain period so packets still in flight are counted.
// Measurements go to a Sink per class as they happen; the package keeps no
// per-packet records.
//
// The package must not configure the lab or the router: it only opens
// sockets in namespaces it is given.
package traffic

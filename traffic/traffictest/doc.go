// Package traffictest holds helpers for tests of traffic types: a loopback
// environment in the current namespace, a sink that counts one direction,
// and a run of a generator on loopback. It must not be imported by
// non-test code.
//
// It owns nothing of the traffic engine; it must not open namespaces or
// touch anything but loopback sockets of the current namespace.
package traffictest

// Package bench measures qosbench's traffic engine against reference tools
// on one lab path: the same namespaces, veths and embedded router carry
// qosbench's UDP generator, iperf3 -u and trafgen (packet rate at 64 and
// 1518 byte frames), qosbench's VoIP timestamps and irtt (latency floor on an
// idle path), and a many-call VoIP load. It builds and destroys its own lab
// and runs external tools through nsenter; it must not be used by `run`.
package bench

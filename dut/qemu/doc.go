// Package qemu starts and stops the QEMU machines of the VM-based router
// kinds (vm, chr): one qemu-system-x86_64 process per lab, run inside the
// lab's DUT namespace so that its taps are found there and the lab's
// teardown (which ends every process of its namespaces) also ends it.
//
// It owns the QEMU process, its taps (created in the DUT namespace), its
// serial console log and the leftover sweep of QEMU processes named after
// a lab. It must not touch the lab's other links or namespaces, nor know
// anything about RouterOS: the kinds above it decide what the machine runs.
package qemu

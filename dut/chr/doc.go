// Package chr is DUT kind chr: MikroTik's Cloud Hosted Router booted from
// the user's disk image (dut.image or QOSBENCH_CHR_IMAGE) with QEMU. It
// owns the CHR's boot (a qcow2 overlay in the run directory, NICs in
// RouterOS's order plus a management port, the serial-console bootstrap to
// an API login), the licence check against the scenario's rates, and the
// stand-in boot that lets the router VM play a CHR in tests
// (QOSBENCH_CHR_STANDIN). It must not modify the user's image, and it
// leaves the management rule to the deployer (routeros/deploy) through the
// dut.ManagementPort capability.
package chr

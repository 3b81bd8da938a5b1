// Package chr is DUT kind chr: MikroTik's Cloud Hosted Router booted from
// the user's disk image (dut.image or QOSBENCH_CHR_IMAGE). This version
// validates the image's presence and can boot it (Boot: overlay, NIC order,
// console bootstrap, API login); running a scenario on it is not
// implemented yet (issue 12 item 3). It must not modify the user's image.
package chr

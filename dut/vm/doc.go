// Package vm is DUT kind vm: the router VM. The emulated router (package
// emulator with its API server, emulator/api) runs as the service of a
// small Linux VM booted by QEMU from the image `make router-image` builds
// (a Debian kernel and an initramfs, scripts/router-image.sh). Its virtio
// NICs are taps wired into the lab: qosbench reaches it only through its
// ports and its RouterOS API, as it would a CHR. The VM's kernel has what
// the host's may lack (sfq, fq_codel, cake, nft flowtables), and the kind
// reports those as its features.
//
// It owns the VM's image lookup, the taps and bridges that patch the VM
// into the lab's DUT namespace, and the QEMU process (package dut/qemu).
// It must not change the lab's other namespaces.
package vm

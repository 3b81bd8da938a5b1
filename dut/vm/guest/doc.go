// Package guest is the router VM's service (DUT kind vm): it runs as the
// only child of the VM's init, reads what the host passed through QEMU's
// firmware configuration device (Config, credentials, certificate), gives
// the virtio NICs their RouterOS port names and addresses, and serves the
// emulated router (emulator/api: the RouterOS API and the nft/tc datapath)
// on the VM's own kernel.
//
// It owns the guest's network setup only; it must not be imported by
// anything that runs on the host.
package guest

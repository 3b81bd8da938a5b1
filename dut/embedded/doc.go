// Package embedded is DUT kind embedded: the emulated RouterOS that ships
// with qosbench (package emulator), run as a router process (emulator/api)
// in the lab's DUT namespace and reached over the lab's management link.
// It owns starting and stopping that process; it must not deploy configs or
// build labs.
package embedded

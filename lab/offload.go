package lab

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Offloads are turned off on every lab interface. With TSO/GSO/GRO on, a veth
// carries 64 KB super-packets: a 50-packet FIFO then holds seconds of traffic
// and every latency the lab measures is wrong (measured on a 2-core machine:
// VoIP RTT 900 ms instead of 48 ms).
//
// The legacy per-feature ethtool ioctls are used: they are stable kernel ABI,
// need no ethtool binary, and act on the namespace of the socket they are
// issued on.
const (
	siocEthtool  = 0x8946
	ethtoolGTSO  = 0x0000001e
	ethtoolSTSO  = 0x0000001f
	ethtoolGGSO  = 0x00000023
	ethtoolSGSO  = 0x00000024
	ethtoolGGRO  = 0x0000002b
	ethtoolSGRO  = 0x0000002c
	ifNameSize   = 16
	ifreqPadding = 24
)

type ethtoolValue struct {
	cmd  uint32
	data uint32
}

type ifreqData struct {
	name [ifNameSize]byte
	data uintptr
	_    [ifreqPadding - 8]byte
}

// Offload is the state of the three offloads that matter for latency.
type Offload struct{ TSO, GSO, GRO bool }

// Any reports whether any offload is on.
func (o Offload) Any() bool { return o.TSO || o.GSO || o.GRO }

func (o Offload) String() string {
	f := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	return fmt.Sprintf("tso %s, gso %s, gro %s", f(o.TSO), f(o.GSO), f(o.GRO))
}

func ethtoolIoctl(fd int, ifname string, v *ethtoolValue) error {
	var req ifreqData
	copy(req.name[:ifNameSize-1], ifname)
	req.data = uintptr(unsafe.Pointer(v))
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), siocEthtool, uintptr(unsafe.Pointer(&req)))
	if errno != 0 {
		return errno
	}
	return nil
}

// withSocket runs fn with a datagram socket created in the current thread's
// namespace; call it inside NS.Do.
func withSocket(fn func(fd int) error) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("lab: ethtool socket: %w", err)
	}
	defer unix.Close(fd)
	return fn(fd)
}

// DisableOffloads turns TSO, GSO and GRO off on the named interfaces of the
// namespace and verifies they read back off.
func (n *NS) DisableOffloads(ifnames ...string) error {
	return n.Do(func() error {
		return withSocket(func(fd int) error {
			for _, ifn := range ifnames {
				for _, c := range []uint32{ethtoolSTSO, ethtoolSGSO, ethtoolSGRO} {
					v := ethtoolValue{cmd: c, data: 0}
					if err := ethtoolIoctl(fd, ifn, &v); err != nil && err != unix.EOPNOTSUPP {
						return fmt.Errorf("lab: disable offload (ethtool cmd %#x) on %s in %s: %w", c, ifn, n.Name, err)
					}
				}
				st, err := getOffload(fd, ifn)
				if err != nil {
					return fmt.Errorf("lab: read offloads of %s in %s: %w", ifn, n.Name, err)
				}
				if st.Any() {
					return fmt.Errorf("lab: offloads still on for %s in %s after disabling: %s", ifn, n.Name, st)
				}
			}
			return nil
		})
	})
}

// Offloads reads the offload state of an interface in the namespace.
func (n *NS) Offloads(ifname string) (Offload, error) {
	var st Offload
	err := n.Do(func() error {
		return withSocket(func(fd int) error {
			var err error
			st, err = getOffload(fd, ifname)
			return err
		})
	})
	return st, err
}

func getOffload(fd int, ifname string) (Offload, error) {
	var st Offload
	for _, x := range []struct {
		cmd uint32
		dst *bool
	}{{ethtoolGTSO, &st.TSO}, {ethtoolGGSO, &st.GSO}, {ethtoolGGRO, &st.GRO}} {
		v := ethtoolValue{cmd: x.cmd}
		if err := ethtoolIoctl(fd, ifname, &v); err != nil {
			if err == unix.EOPNOTSUPP {
				continue
			}
			return st, err
		}
		*x.dst = v.data != 0
	}
	return st, nil
}

package qemu

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/qosbench/qosbench/lab"
)

// Binary is the QEMU system emulator the machines run.
const Binary = "qemu-system-x86_64"

// NamePrefix starts the -name of every machine: NamePrefix + lab id. Sweep
// finds leftover machines by it.
const NamePrefix = "qosbench-"

// Nice is the scheduling niceness QEMU runs with (see Start).
const Nice = -10

// ErrNoQEMU is returned when Binary is not installed.
var ErrNoQEMU = errors.New("qemu: " + Binary + " not found (Debian package qemu-system-x86; `make router-image` installs it)")

// NIC is one virtio network card of the machine, backed by a tap device
// of the DUT namespace. The guest sees the cards in the order given, with
// the MAC addresses given.
type NIC struct {
	Tap string // tap device in the namespace (created by CreateTap)
	MAC string // "52:54:00:..."
}

// Config describes one machine. It is plain data; Start runs it.
type Config struct {
	// LabID names the machine (NamePrefix + LabID), for the sweep.
	LabID string
	// NS is the namespace QEMU runs in: its taps live there.
	NS *lab.NS
	// Kernel and Initrd boot a Linux directly (kind vm); Disk boots a
	// disk image (kind chr, a qcow2 overlay). One of Kernel or Disk.
	Kernel, Initrd, Append string
	Disk                   string
	NICs                   []NIC
	// FwCfg passes files to the guest through QEMU's firmware
	// configuration device: name ("opt/...") to host path. The guest reads
	// them under /sys/firmware/qemu_fw_cfg; they never appear on a command
	// line.
	FwCfg map[string]string
	// MemMB is the guest memory (default 512).
	MemMB int
	// CPUs is the number of virtual CPUs (default 1).
	CPUs int
	// Console is the file the serial console is written to.
	Console string
	// ConsoleSocket, when set, also makes the serial console a Unix
	// socket (QEMU listens, never waits) for a bootstrap to type into
	// (kind chr); Console still logs everything.
	ConsoleSocket string
	// Outlive lets QEMU outlive this process (no parent-death signal): for
	// a lab left up, which the lab's teardown or Sweep ends.
	Outlive bool
}

// Accel returns the accelerator QEMU uses here: "kvm" when /dev/kvm can be
// opened for reading and writing, "tcg" (software emulation) otherwise.
func Accel() string {
	f, err := os.OpenFile("/dev/kvm", os.O_RDWR, 0)
	if err != nil {
		return "tcg"
	}
	f.Close()
	return "kvm"
}

// Available reports whether QEMU is installed, as ErrNoQEMU when not.
func Available() error {
	if _, err := exec.LookPath(Binary); err != nil {
		return ErrNoQEMU
	}
	return nil
}

// Args returns QEMU's command line for c (without the binary).
func (c Config) Args(accel string) []string {
	mem, cpus := c.MemMB, c.CPUs
	if mem == 0 {
		mem = 512
	}
	if cpus == 0 {
		cpus = 1
	}
	a := []string{"-name", NamePrefix + c.LabID, "-machine", "q35"}
	if accel == "kvm" {
		a = append(a, "-accel", "kvm", "-cpu", "host")
	} else {
		// tb-size bounds the translation cache (default: a quarter of RAM).
		a = append(a, "-accel", "tcg,tb-size=64", "-cpu", "max")
	}
	a = append(a, "-m", strconv.Itoa(mem), "-smp", strconv.Itoa(cpus),
		"-nodefaults", "-no-user-config", "-display", "none", "-vga", "none", "-no-reboot",
	)
	if c.ConsoleSocket != "" {
		a = append(a, "-chardev", "socket,id=con,path="+c.ConsoleSocket+",server=on,wait=off,logfile="+c.Console)
	} else {
		a = append(a, "-chardev", "file,id=con,path="+c.Console)
	}
	a = append(a, "-serial", "chardev:con")
	if c.Kernel != "" {
		a = append(a, "-kernel", c.Kernel, "-initrd", c.Initrd, "-append", c.Append)
	}
	if c.Disk != "" {
		a = append(a, "-drive", "file="+c.Disk+",if=virtio,format=qcow2")
	}
	for i, n := range c.NICs {
		id := "n" + strconv.Itoa(i)
		// vhost needs /dev/vhost-net and KVM; with TCG the tap is read by QEMU itself.
		a = append(a, "-netdev", "tap,id="+id+",ifname="+n.Tap+",script=no,downscript=no",
			"-device", "virtio-net-pci,netdev="+id+",mac="+n.MAC)
	}
	names := make([]string, 0, len(c.FwCfg))
	for k := range c.FwCfg {
		names = append(names, k)
	}
	sortStrings(names)
	for _, k := range names {
		a = append(a, "-fw_cfg", "name="+k+",file="+c.FwCfg[k])
	}
	return a
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Machine is a running QEMU process.
type Machine struct {
	cfg   Config
	cmd   *exec.Cmd
	done  chan struct{}
	err   error // set before done closes
	start time.Time
	Accel string
}

// Start starts the machine and returns at once; the guest boots in the
// background (the kind waits for its own readiness signal). QEMU dies with
// this process (parent-death signal, unless c.Outlive), runs in its own
// process group, and in c.NS, so the lab's teardown ends it too.
func Start(c Config) (*Machine, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	if c.NS == nil || c.Console == "" || c.LabID == "" {
		return nil, errors.New("qemu: Config needs LabID, NS and Console")
	}
	accel := Accel()
	qemu, _ := exec.LookPath(Binary)
	// The router's datapath is part of the measurement: the embedded router
	// forwards in the host kernel's softirqs, ahead of every process, while
	// the VM's emulated CPU is a process that a loaded host deschedules,
	// adding its waits to every packet. Nice keeps it ahead of builds.
	args := append([]string{"--net=" + c.NS.Path(), "--", "nice", "-n", strconv.Itoa(Nice), qemu}, c.Args(accel)...)
	// nsenter enters only the network namespace and nice changes only the
	// niceness, so both exec in place: QEMU keeps the process, its
	// parent-death signal and its process group.
	cmd := exec.Command("nsenter", args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if c.Outlive {
		cmd.SysProcAttr.Pdeathsig = 0
	}
	m := &Machine{cfg: c, cmd: cmd, done: make(chan struct{}), start: time.Now(), Accel: accel}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("qemu: start: %w", err)
	}
	go func() {
		err := cmd.Wait()
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			err = fmt.Errorf("%v: %s", err, msg)
		}
		m.err = err
		close(m.done)
	}()
	return m, nil
}

// Exited returns a channel closed when QEMU has exited; Err says why.
func (m *Machine) Exited() <-chan struct{} { return m.done }

// Err is QEMU's exit status and stderr, once Exited is closed.
func (m *Machine) Err() error {
	select {
	case <-m.done:
		if m.err == nil {
			return errors.New("qemu: exited")
		}
		return fmt.Errorf("qemu: exited: %w", m.err)
	default:
		return nil
	}
}

// Pid is QEMU's process id.
func (m *Machine) Pid() int { return m.cmd.Process.Pid }

// Uptime is the time since Start.
func (m *Machine) Uptime() time.Duration { return time.Since(m.start) }

// ConsoleTail returns the last n lines of the serial console.
func (m *Machine) ConsoleTail(n int) string { return Tail(m.cfg.Console, n) }

// Tail returns the last n lines of a file, or "" when it cannot be read.
func Tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r", ""), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Stop ends QEMU (SIGTERM to its process group, SIGKILL after 3 s) and
// waits for it. It is idempotent. The guest is stateless: nothing is lost.
func (m *Machine) Stop() error {
	if m == nil || m.cmd.Process == nil {
		return nil
	}
	select {
	case <-m.done:
		return nil
	default:
	}
	_ = syscall.Kill(-m.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(3 * time.Second):
		_ = syscall.Kill(-m.cmd.Process.Pid, syscall.SIGKILL)
		<-m.done
	}
	return nil
}

// WaitFor polls ready until it returns nil, QEMU exits, ctx ends or the
// deadline passes. A failure carries the console's last lines.
func (m *Machine) WaitFor(ctx context.Context, deadline time.Duration, ready func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	var last error
	for {
		if last = ready(ctx); last == nil {
			return nil
		}
		select {
		case <-m.done:
			return fmt.Errorf("%w\nconsole (last lines of %s):\n%s", m.Err(), m.cfg.Console, indent(m.ConsoleTail(15)))
		case <-ctx.Done():
			return fmt.Errorf("qemu: guest not ready after %s (%s, last try: %v)\nconsole (last lines of %s):\n%s",
				m.Uptime().Round(time.Second), m.Accel, last, m.cfg.Console, indent(m.ConsoleTail(15)))
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func indent(s string) string {
	if s == "" {
		return "  (empty)"
	}
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// CreateTap creates a tap device in ns, up, offloads off. QEMU opens it
// by name; it disappears with the namespace.
func CreateTap(ctx context.Context, ns *lab.NS, name string) error {
	if _, err := ns.Run(ctx, "", "ip", "tuntap", "add", "dev", name, "mode", "tap"); err != nil {
		return fmt.Errorf("qemu: create tap: %w", err)
	}
	if _, err := ns.Run(ctx, "", "ip", "link", "set", name, "up"); err != nil {
		return fmt.Errorf("qemu: tap up: %w", err)
	}
	return ns.DisableOffloads(name)
}

// Sweep ends every QEMU process whose -name is NamePrefix + an id for
// which keep returns false (nil keep: every one), and returns their
// names. Machines of live labs are normally ended with their namespaces;
// this finds the ones that escaped (a namespace deleted by hand).
func Sweep(keep func(labID string) bool) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(string(b), "\x00")
		if len(args) == 0 || filepath.Base(args[0]) != Binary {
			continue
		}
		for i := 0; i+1 < len(args); i++ {
			if args[i] == "-name" && strings.HasPrefix(args[i+1], NamePrefix) {
				id := strings.TrimPrefix(args[i+1], NamePrefix)
				if keep == nil || !keep(id) {
					_ = syscall.Kill(pid, syscall.SIGKILL)
					out = append(out, args[i+1])
				}
			}
		}
	}
	return out
}

// DelaySources says what a machine running with accel adds to every
// packet's delay by itself: with TCG the guest's CPU is emulated in
// software, so each packet the guest forwards costs many host instructions
// per guest instruction, and the emulation thread competes with the
// traffic generators for the host's CPUs. With KVM nothing worth naming.
func DelaySources(accel string) []string {
	if accel != "tcg" {
		return nil
	}
	return []string{"QEMU TCG: the router VM's CPU is emulated in software (no KVM on this host), which adds delay and jitter to every packet it forwards; the noise floor includes it, and a router on KVM or real hardware is faster"}
}

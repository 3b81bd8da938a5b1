package bulk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// BulkPortBase is the TCP port of bulk flow servers; flow j listens on
// BulkPortBase+PortBase+j on its server host.
const BulkPortBase = 5201

// Bulk runs greedy TCP flows: the sender writes as fast as the path lets it,
// the receiver counts delivered bytes (goodput).
type Bulk struct {
	spec config
	env  *traffic.Env

	mu      sync.Mutex
	closers []io.Closer
	flows   []*tcpFlow
	stop    chan struct{}
	stopped sync.Once
	sendWG  sync.WaitGroup
	recvWG  sync.WaitGroup
	// samplers count the DSCP of data segments arriving at the receivers.
	samplers []*traffic.DSCPSampler
}

var _ traffic.Generator = (*Bulk)(nil)

type tcpFlow struct {
	id     uint32
	sender net.Conn
	recv   net.Conn
	sink   traffic.Sink
	// failed says why the flow could not connect (see connectReason); such
	// a flow sends nothing, and Start reports it to a FailureSink.
	failed string
}

func newBulk(s traffic.Spec) (traffic.Generator, error) {
	spec := configOf(s)
	if spec.Proto != "" && spec.Proto != "tcp" {
		return nil, fmt.Errorf("traffic: bulk class %s: proto %q is not supported yet", spec.Class, spec.Proto)
	}
	if spec.Flows < 1 {
		return nil, fmt.Errorf("traffic: bulk class %s: flows must be at least 1", spec.Class)
	}
	return &Bulk{spec: spec, stop: make(chan struct{})}, nil
}

func (b *Bulk) track(c io.Closer) {
	b.mu.Lock()
	b.closers = append(b.closers, c)
	b.mu.Unlock()
}

// Setup opens every flow, all at once: a listener on the WAN host, a
// connection from the LAN host (the connection is the flow's first packets,
// so the router's conntrack and mangle see its handshake), and the accept.
// A connect the router blocks is not an error: the flow is recorded as
// failed, with the reason, and carries nothing, so the class's goodput
// shows it (a config that blocks bulk traffic fails its thresholds; the run
// goes on). Errors are what the lab itself refused (a listener).
func (b *Bulk) Setup(env *traffic.Env) error {
	if len(env.LAN) == 0 || len(env.WAN) == 0 {
		return errors.New("traffic: bulk needs at least one LAN and one WAN host")
	}
	b.env = env
	var dirs []string
	switch b.spec.Direction {
	case "", "upload":
		dirs = []string{"upload"}
	case "download":
		dirs = []string{"download"}
	case "both":
		dirs = []string{"upload", "download"}
	default:
		return fmt.Errorf("traffic: bulk class %s: direction %q", b.spec.Class, b.spec.Direction)
	}
	id := uint32(0)
	var rules []traffic.DSCPRule
	var wg sync.WaitGroup
	var errMu sync.Mutex
	var errs []error
	for _, dir := range dirs {
		for j := 0; j < b.spec.Flows; j++ {
			lan, wan := env.LAN[j%len(env.LAN)], env.WAN[j%len(env.WAN)]
			// The WAN host is the server (a backup target or a download
			// server); which side sends depends on the direction.
			base := BulkPortBase
			if b.spec.Port != 0 {
				base = b.spec.Port
			}
			port := base + env.PortBase + int(id)
			f := &tcpFlow{id: id, sink: env.SinkFor(dir == "upload")}
			b.flows = append(b.flows, f)
			// In parallel: a blocked connect waits for its timeout, and
			// flows one after the other would wait for it once per flow.
			wg.Add(1)
			go func(upload bool) {
				defer wg.Done()
				if err := b.open(f, lan, wan, port, upload); err != nil {
					errMu.Lock()
					errs = append(errs, err)
					errMu.Unlock()
				}
			}(dir == "upload")
			// Upload data arrives at the WAN server's port; download data
			// arrives at the LAN client from it.
			if dir == "upload" {
				rules = append(rules, traffic.DSCPRule{Host: wan, Port: uint16(port), Sink: f.sink})
			} else {
				rules = append(rules, traffic.DSCPRule{Host: lan, MatchSrc: true, Port: uint16(port), Sink: f.sink})
			}
			id++
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.closeAll()
		return err
	}
	for _, f := range b.flows {
		if f.failed != "" && env.Log != nil {
			env.Log.Warn("bulk flow could not connect; it carries nothing", "class", b.spec.Class, "flow", f.id, "reason", f.failed)
		}
	}
	ss, err := traffic.OpenDSCPSamplers(env.Clock, rules)
	if err != nil {
		b.closeAll()
		return fmt.Errorf("traffic: bulk class %s: %w", b.spec.Class, err)
	}
	b.samplers = ss
	return nil
}

// open connects flow f; a connect or accept that the path refuses sets
// f.failed, only what the lab refused is an error.
func (b *Bulk) open(f *tcpFlow, lan, wan traffic.Host, port int, upload bool) error {
	var ln *net.TCPListener
	if err := wan.NS.Do(func() error {
		var err error
		ln, err = net.ListenTCP("tcp4", &net.TCPAddr{IP: wan.Addr.AsSlice(), Port: port})
		return err
	}); err != nil {
		return fmt.Errorf("traffic: bulk listen on %s:%d: %w", wan.Name, port, err)
	}
	defer ln.Close()
	var client *net.TCPConn
	var dialErr error
	if err := lan.NS.Do(func() error {
		// Set the DSCP before connect so the SYN carries it.
		client, dialErr = traffic.DialTCPWithTOS(&net.TCPAddr{IP: wan.Addr.AsSlice(), Port: port}, b.spec.DSCP)
		return nil
	}); err != nil {
		return fmt.Errorf("traffic: bulk connect %s -> %s:%d: %w", lan.Name, wan.Name, port, err)
	}
	if dialErr != nil {
		f.failed = traffic.ConnectReason(dialErr)
		return nil
	}
	b.track(client)
	_ = ln.SetDeadline(time.Now().Add(5 * time.Second))
	server, err := ln.AcceptTCP()
	if err != nil {
		// The client's handshake completed but the server's did not: the
		// client's final ACK was lost on the way.
		f.failed = "handshake incomplete at the server: " + traffic.ConnectReason(err)
		return nil
	}
	b.track(server)
	if err := traffic.SetTOS(server, b.spec.DSCP); err != nil {
		return err
	}
	f.sender, f.recv = client, server
	if !upload {
		f.sender, f.recv = server, client
	}
	return nil
}

// Start starts a writer and a reader per connected flow, and reports each
// flow that could not connect to its sink, when that is a FailureSink.
func (b *Bulk) Start(ctx context.Context) error {
	now := b.env.Clock.Now()
	for _, f := range b.flows {
		if f.failed != "" {
			if fs, ok := f.sink.(traffic.FailureSink); ok {
				fs.ConnectFailed(traffic.ConnectFailure{Flow: f.id, At: now, Reason: f.failed})
			}
			continue
		}
		b.sendWG.Add(1)
		go b.write(ctx, f)
		b.recvWG.Add(1)
		go b.read(f)
	}
	return nil
}

func (b *Bulk) write(ctx context.Context, f *tcpFlow) {
	defer b.sendWG.Done()
	buf := make([]byte, 64*1024)
	go func() {
		select {
		case <-b.stop:
		case <-ctx.Done():
		}
		// Unblock a writer stuck on a full send buffer.
		_ = f.sender.SetWriteDeadline(time.Now())
	}()
	for {
		select {
		case <-b.stop:
			return
		case <-ctx.Done():
			return
		default:
		}
		if _, err := f.sender.Write(buf); err != nil {
			return
		}
	}
}

func (b *Bulk) read(f *tcpFlow) {
	defer b.recvWG.Done()
	buf := make([]byte, 128*1024)
	clock, sink := b.env.Clock, f.sink
	for {
		n, err := f.recv.Read(buf)
		if n > 0 {
			sink.Bytes(f.id, n, clock.Now())
		}
		if err != nil {
			return
		}
	}
}

// StopSending stops the writers and waits for them.
func (b *Bulk) StopSending() {
	b.stopped.Do(func() { close(b.stop) })
	b.sendWG.Wait()
}

// Close closes every connection and DSCP sampler and waits for the readers.
func (b *Bulk) Close() error {
	b.StopSending()
	b.closeAll()
	b.recvWG.Wait()
	if drops := traffic.CloseDSCPSamplers(b.samplers); drops > 0 && b.env.Log != nil {
		b.env.Log.Warn("DSCP sampler dropped packets; dscp_received undercounts", "class", b.spec.Class, "dropped", drops)
	}
	b.samplers = nil
	return nil
}

func (b *Bulk) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.closers {
		c.Close()
	}
	b.closers = nil
}

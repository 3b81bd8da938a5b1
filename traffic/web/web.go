package web

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"time"

	"github.com/qosbench/qosbench/traffic"
)

// Web runs HTTP/1.1 servers (HTTPS with a generated certificate when asked)
// on the WAN hosts and clients on the LAN hosts. Each client loops: open a
// new connection, GET an object whose size is drawn log-uniformly from the
// class's range, read it, think, repeat. Every request yields a time to
// first byte and a flow completion time, both from the start of the connect.
type Web struct {
	spec config
	env  *traffic.Env

	servers []*http.Server
	srvWG   sync.WaitGroup
	stop    chan struct{}
	stopped sync.Once
	cliWG   sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
	// samplers count the DSCP of response segments arriving at the clients.
	samplers []*traffic.DSCPSampler
}

var _ traffic.Generator = (*Web)(nil)

func newWeb(s traffic.Spec) (traffic.Generator, error) {
	spec := configOf(s)
	if spec.Clients == 0 {
		spec.Clients = 4
	}
	if spec.ObjectSize == [2]int64{} {
		spec.ObjectSize = [2]int64{10_000, 1_000_000}
	}
	if spec.ObjectSize[0] < 1 || spec.ObjectSize[0] > spec.ObjectSize[1] {
		return nil, fmt.Errorf("traffic: web class %s: bad object size range %v", spec.Class, spec.ObjectSize)
	}
	if spec.Port == 0 {
		spec.Port = 80
		if spec.HTTPS {
			spec.Port = 443
		}
	}
	return &Web{spec: spec, stop: make(chan struct{})}, nil
}

// objectHandler serves GET /obj?size=N with N bytes.
func objectHandler(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.URL.Query().Get("size"), 10, 64)
	if err != nil || n < 0 || n > 1<<30 {
		http.Error(w, "bad size", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	w.Header().Set("Content-Type", "application/octet-stream")
	chunk := make([]byte, 32*1024)
	for n > 0 {
		m := min(n, int64(len(chunk)))
		if _, err := w.Write(chunk[:m]); err != nil {
			return
		}
		n -= m
	}
}

// selfSigned makes a throwaway ECDSA certificate for the HTTPS servers.
func selfSigned(hosts []traffic.Host) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "qosbench lab"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		tmpl.IPAddresses = append(tmpl.IPAddresses, h.Addr.AsSlice())
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// tosListener sets the class's DSCP on every accepted connection.
type tosListener struct {
	net.Listener
	dscp uint8
}

func (l tosListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = traffic.SetTOS(tc, l.dscp)
		}
	}
	return c, err
}

// Setup starts a server on every WAN host (servers listen from Setup on:
// nothing is sent until a client connects).
func (w *Web) Setup(env *traffic.Env) error {
	if len(env.LAN) == 0 || len(env.WAN) == 0 {
		return errors.New("traffic: web needs at least one LAN and one WAN host")
	}
	w.env = env
	var tlsCfg *tls.Config
	if w.spec.HTTPS {
		cert, err := selfSigned(env.WAN)
		if err != nil {
			return fmt.Errorf("traffic: web class %s: certificate: %w", w.spec.Class, err)
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/obj", objectHandler)
	for _, h := range env.WAN {
		var ln net.Listener
		err := h.NS.Do(func() error {
			var err error
			ln, err = net.Listen("tcp4", net.JoinHostPort(h.Addr.String(), strconv.Itoa(w.spec.Port)))
			return err
		})
		if err != nil {
			w.closeServers()
			return fmt.Errorf("traffic: web class %s: listen on %s:%d: %w", w.spec.Class, h.Name, w.spec.Port, err)
		}
		ln = tosListener{ln, w.spec.DSCP}
		if tlsCfg != nil {
			ln = tls.NewListener(ln, tlsCfg)
		}
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ErrorLog: nil}
		w.servers = append(w.servers, srv)
		w.srvWG.Add(1)
		go func() {
			defer w.srvWG.Done()
			_ = srv.Serve(ln)
		}()
	}
	// Responses (the data direction) arrive at the clients' LAN hosts from
	// the server port; client i runs on LAN host i mod len(LAN).
	var rules []traffic.DSCPRule
	for i := 0; i < min(w.spec.Clients, len(env.LAN)); i++ {
		rules = append(rules, traffic.DSCPRule{Host: env.LAN[i], MatchSrc: true, Port: uint16(w.spec.Port), Sink: env.Download})
	}
	ss, err := traffic.OpenDSCPSamplers(env.Clock, rules)
	if err != nil {
		w.closeServers()
		return fmt.Errorf("traffic: web class %s: %w", w.spec.Class, err)
	}
	w.samplers = ss
	return nil
}

func (w *Web) closeServers() {
	for _, s := range w.servers {
		_ = s.Close()
	}
	w.srvWG.Wait()
	w.servers = nil
}

// Start starts the clients.
func (w *Web) Start(ctx context.Context) error {
	w.ctx, w.cancel = context.WithCancel(ctx)
	seed := uint64(0)
	for _, r := range w.spec.Class {
		seed = seed*31 + uint64(r)
	}
	for i := 0; i < w.spec.Clients; i++ {
		w.cliWG.Add(1)
		go w.client(uint32(i), mrand.New(mrand.NewPCG(seed, uint64(i)+1)))
	}
	return nil
}

// client is one browser-like loop on a LAN host.
func (w *Web) client(id uint32, rng *mrand.Rand) {
	defer w.cliWG.Done()
	lan := w.env.LAN[int(id)%len(w.env.LAN)]
	wan := w.env.WAN[int(id)%len(w.env.WAN)]
	clock := w.env.Clock
	sink := w.env.Download
	rs, _ := sink.(traffic.RequestSink)
	fs, _ := sink.(traffic.FailureSink)
	tr := &http.Transport{
		DisableKeepAlives: true, // every request is a new short flow, as web objects mostly are
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var c net.Conn
			var dialErr error
			err := lan.NS.Do(func() error {
				c, dialErr = traffic.DialTCPWithTOS(mustTCPAddr(addr), w.spec.DSCP)
				return nil
			})
			if err != nil {
				return nil, err
			}
			if dialErr != nil {
				// The request fails too (a failed Request); the reason
				// tells a blocked connect from a slow or short response.
				if fs != nil && w.ctx.Err() == nil {
					fs.ConnectFailed(traffic.ConnectFailure{Flow: id, At: clock.Now(), Reason: traffic.ConnectReason(dialErr)})
				}
				return nil, dialErr
			}
			return c, nil
		},
		TLSClientConfig:       &tls.Config{InsecureSkipVerify: true}, // the lab's own throwaway certificate
		ResponseHeaderTimeout: 30 * time.Second,
	}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	scheme := "http"
	if w.spec.HTTPS {
		scheme = "https"
	}
	lo, hi := math.Log(float64(w.spec.ObjectSize[0])), math.Log(float64(w.spec.ObjectSize[1]))
	buf := make([]byte, 64*1024)
	for {
		select {
		case <-w.stop:
			return
		default:
		}
		size := int64(math.Round(math.Exp(lo + rng.Float64()*(hi-lo))))
		url := fmt.Sprintf("%s://%s/obj?size=%d", scheme, net.JoinHostPort(wan.Addr.String(), strconv.Itoa(w.spec.Port)), size)
		start := clock.Now()
		var first time.Duration
		trace := &httptrace.ClientTrace{GotFirstResponseByte: func() { first = clock.Now() }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(w.ctx, trace), http.MethodGet, url, nil)
		r := traffic.Request{Client: id, Start: start}
		resp, err := hc.Do(req)
		if err == nil {
			for {
				n, rerr := resp.Body.Read(buf)
				if n > 0 {
					r.Bytes += int64(n)
					sink.Bytes(id, n, clock.Now())
				}
				if rerr != nil {
					if rerr != io.EOF {
						err = rerr
					}
					break
				}
			}
			resp.Body.Close()
		}
		end := clock.Now()
		r.FCT = end - start
		if first > 0 {
			r.TTFB = first - start
		}
		r.Failed = err != nil || r.Bytes != size
		if rs != nil && w.ctx.Err() == nil {
			rs.Request(r)
		}
		if w.ctx.Err() != nil {
			return
		}
		if !traffic.SleepCtx(w.ctx, w.stop, w.spec.Think) {
			return
		}
	}
}

func mustTCPAddr(addr string) *net.TCPAddr {
	a, err := net.ResolveTCPAddr("tcp4", addr)
	if err != nil {
		return &net.TCPAddr{}
	}
	return a
}

// StopSending stops the clients after their current request: a request in
// flight is cut short only when Close runs.
func (w *Web) StopSending() {
	w.stopped.Do(func() { close(w.stop) })
}

// Close cancels requests in flight, waits for the clients and stops the
// servers.
func (w *Web) Close() error {
	w.StopSending()
	if w.cancel != nil {
		w.cancel()
	}
	w.cliWG.Wait()
	w.closeServers()
	if drops := traffic.CloseDSCPSamplers(w.samplers); drops > 0 && w.env.Log != nil {
		w.env.Log.Warn("DSCP sampler dropped packets; dscp_received undercounts", "class", w.spec.Class, "dropped", drops)
	}
	w.samplers = nil
	return nil
}

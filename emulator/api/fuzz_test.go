package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qosbench/qosbench/routeros/wire"
)

// panicCatcher is a slog handler that remembers error records, so the
// fuzzer sees panics the session recovered from.
type panicCatcher struct {
	mu   sync.Mutex
	msgs []string
}

func (h *panicCatcher) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (h *panicCatcher) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool { msg += " " + a.String(); return true })
	h.msgs = append(h.msgs, msg)
	return nil
}
func (h *panicCatcher) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *panicCatcher) WithGroup(string) slog.Handler      { return h }

// FuzzSession logs in, then feeds arbitrary bytes to a session as the
// client's stream. The session must end (no hang) without a panic, and
// every reply must be a well-formed sentence.
func FuzzSession(f *testing.F) {
	seed := func(sentences ...[]string) []byte {
		var b []byte
		for _, s := range sentences {
			b = wire.AppendSentence(b, s...)
		}
		return b
	}
	f.Add(seed([]string{"/ip/firewall/filter/add", "=chain=forward", "=action=drop", ".tag=1"},
		[]string{"/ip/firewall/filter/print", "?chain=forward", "?#!", "=.proplist=.id,chain"}))
	f.Add(seed([]string{"/queue/tree/add", "=name=a", "=parent=ether1", "=max-limit=1M"},
		[]string{"/queue/tree/add", "=name=b", "=parent=ether1"},
		[]string{"/queue/tree/move", "=numbers=*2", "=destination=*1"},
		[]string{"/queue/tree/set", "=numbers=a", "=priority=3"},
		[]string{"/queue/tree/print", "?<priority=4", "?name", "?#|&0.!"}))
	f.Add(seed([]string{"/ip/firewall/mangle/listen", ".tag=l"}, []string{"/ip/firewall/mangle/add", "=chain=prerouting"},
		[]string{"/cancel", "=tag=l"}, []string{"/export"}))
	f.Add(seed([]string{"/ip/service/set", "=numbers=api,*3", "=port=1"}, []string{"/ip/settings/get", "=value-name=ip-forward"},
		[]string{"/quit"}))
	f.Add([]byte{0x85, 0xFF, 0xF8, 0x00})
	f.Fuzz(func(t *testing.T, in []byte) {
		// Long inputs of many adds and prints make output quadratic in the
		// input; they exercise nothing new and only slow the fuzzer down.
		if len(in) > 4096 {
			return
		}
		h := &panicCatcher{}
		s := NewServer(Config{Backend: &fakeBackend{}, User: "u", Password: "p", Log: slog.New(h),
			Limits: wire.Limits{MaxWord: 4096, MaxWords: 64, MaxSentence: 16384}})
		stream := wire.AppendSentence(nil, "/login", "=name=u", "=password=p")
		stream = append(stream, in...)
		c := &memConn{in: bytes.NewReader(stream)}
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.serveConn(c) // returns at the end of the input at the latest
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("session did not end at the end of its input")
		}
		h.mu.Lock()
		for _, m := range h.msgs {
			if strings.Contains(m, "panic") {
				t.Fatalf("session panicked: %s", m)
			}
		}
		h.mu.Unlock()
		c.mu.Lock()
		out := c.out.Bytes()
		c.mu.Unlock()
		first := true
		rd := wire.NewReader(bytes.NewReader(out), wire.Limits{MaxWord: 1 << 22, MaxWords: 1 << 16, MaxSentence: 1 << 24})
		for {
			words, err := rd.ReadSentence()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("reply stream: %v", err)
			}
			if first && words[0] != "!done" {
				t.Fatalf("login reply %q", words)
			}
			first = false
			switch words[0] {
			case "!re", "!done", "!trap", "!fatal", "!empty":
			default:
				t.Fatalf("bad reply word %q", words[0])
			}
			for _, w := range words[1:] {
				// !fatal carries its reason as a bare word, as RouterOS
				// sends it; the connection closes after it anyway.
				if words[0] != "!fatal" && !strings.HasPrefix(w, "=") && !strings.HasPrefix(w, ".tag=") {
					t.Fatalf("reply word %q would break go-routeros", w)
				}
			}
		}
	})
}

// memConn is a net.Conn reading a fixed input and recording the output.
type memConn struct {
	in  *bytes.Reader
	mu  sync.Mutex
	out bytes.Buffer
}

func (c *memConn) Read(p []byte) (int, error) { return c.in.Read(p) }
func (c *memConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}
func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

package api

import (
	"net/netip"
	"sync"
	"time"
)

// Failed logins are slowed down per source address: a few typos are free,
// then each further failure doubles the time until the next login from
// that address is even checked, up to guardMaxWait. Without it about 7,000
// guesses a second were possible. A successful login clears the address.
const (
	guardFree    = 3                      // failures before any wait
	guardFirst   = 100 * time.Millisecond // the first wait
	guardMaxWait = 5 * time.Second
	guardForget  = 10 * time.Minute // an address quiet this long starts afresh
	guardMaxSrcs = 4096             // addresses remembered at most
)

type loginGuard struct {
	now func() time.Time
	mu  sync.Mutex
	src map[netip.Addr]*srcFailures
}

type srcFailures struct {
	n     int       // consecutive failures
	until time.Time // no login is checked before
	last  time.Time
}

// wait returns how long logins from src are still refused.
func (g *loginGuard) wait(src netip.Addr) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.src[src]
	if f == nil {
		return 0
	}
	return max(0, f.until.Sub(g.now()))
}

// failed records a failed login from src.
func (g *loginGuard) failed(src netip.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if g.src == nil {
		g.src = map[netip.Addr]*srcFailures{}
	}
	f := g.src[src]
	if f == nil || now.Sub(f.last) > guardForget {
		if len(g.src) >= guardMaxSrcs {
			g.prune(now)
		}
		f = &srcFailures{}
		g.src[src] = f
	}
	f.n++
	f.last = now
	if f.n >= guardFree {
		f.until = now.Add(min(guardFirst<<min(f.n-guardFree, 16), guardMaxWait))
	}
}

// succeeded clears src.
func (g *loginGuard) succeeded(src netip.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.src, src)
}

// prune forgets quiet addresses, and when all are recent, an arbitrary
// half, so the map stays bounded under a flood from many sources.
func (g *loginGuard) prune(now time.Time) {
	for a, f := range g.src {
		if now.Sub(f.last) > guardForget {
			delete(g.src, a)
		}
	}
	for a := range g.src {
		if len(g.src) < guardMaxSrcs/2 {
			break
		}
		delete(g.src, a)
	}
}

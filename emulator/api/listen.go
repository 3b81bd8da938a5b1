package api

import (
	"fmt"
	"slices"
	"sync"
)

// listener is one running `listen` command of a session.
type listener struct {
	ss   *session
	req  *request
	menu string
	ch   chan reply
	stop chan struct{}
	once sync.Once
	done chan struct{}
	// full is closed when a notification did not fit in ch.
	full     chan struct{}
	fullOnce sync.Once
}

// maxListens is how many listen commands one session may run at once; each
// holds a queue and a goroutine (50k of them held 900 MB).
const maxListens = 32

// listenQueue is how many change notifications a listener may have
// pending; a client that does not read them is cut off.
const listenQueue = 256

// listen starts streaming changes of an item menu: !re with the changed
// item, or =.dead=true for a removed one, until /cancel.
func (ss *session) listen(req *request, menu string) bool {
	if !slices.Contains(itemMenus, menu) {
		ss.reply(req, trapReply(0, "no such command"), reply{"!done"})
		return true
	}
	l := &listener{ss: ss, req: req, menu: menu, ch: make(chan reply, listenQueue),
		stop: make(chan struct{}), done: make(chan struct{}), full: make(chan struct{})}
	ss.lmu.Lock()
	if _, dup := ss.listens[req.tag]; dup {
		ss.lmu.Unlock()
		ss.reply(req, trapReply(5, "duplicate tag"), reply{"!done"})
		return true
	}
	if len(ss.listens) >= maxListens {
		ss.lmu.Unlock()
		ss.reply(req, trapReply(6, fmt.Sprintf("too many listen commands in this session (at most %d); cancel one first", maxListens)), reply{"!done"})
		return true
	}
	ss.listens[req.tag] = l
	ss.lmu.Unlock()
	ss.s.mu.Lock()
	ss.s.lsubs[l] = struct{}{}
	ss.s.mu.Unlock()
	go l.run()
	return true
}

func (l *listener) run() {
	defer close(l.done)
	for {
		select {
		case <-l.full:
			l.detach()
			l.ss.reply(l.req, trapReply(4, "listen queue overflow"), reply{"!done"})
			return
		case r := <-l.ch:
			if !l.ss.reply(l.req, r) {
				l.detach()
				return
			}
		case <-l.stop:
			l.detach()
			l.ss.reply(l.req, trapReply(2, "interrupted"), reply{"!done"})
			return
		}
	}
}

// detach removes l from the server's and the session's listener sets.
func (l *listener) detach() {
	l.ss.s.mu.Lock()
	delete(l.ss.s.lsubs, l)
	l.ss.s.mu.Unlock()
	l.ss.lmu.Lock()
	if l.ss.listens[l.req.tag] == l {
		delete(l.ss.listens, l.req.tag)
	}
	l.ss.lmu.Unlock()
}

// cancel ends this session's listen with =tag=, or all of them.
func (ss *session) cancel(req *request) bool {
	tag, one := req.attr("tag")
	ss.lmu.Lock()
	var ls []*listener
	for t, l := range ss.listens {
		if !one || t == tag {
			ls = append(ls, l)
		}
	}
	ss.lmu.Unlock()
	if one && len(ls) == 0 {
		return ss.reply(req, trapReply(0, "no such command or it has already finished"), reply{"!done"})
	}
	for _, l := range ls {
		l.once.Do(func() { close(l.stop) })
		<-l.done
	}
	return ss.reply(req, reply{"!done"})
}

// stopListens ends every listen of a closing session. The connection is
// closed first, so no reply is sent after the session's last words.
func (ss *session) stopListens() {
	ss.c.Close()
	ss.lmu.Lock()
	ls := make([]*listener, 0, len(ss.listens))
	for _, l := range ss.listens {
		ls = append(ls, l)
	}
	ss.lmu.Unlock()
	for _, l := range ls {
		l.once.Do(func() { close(l.stop) })
		<-l.done
	}
}

// notify queues the changes between two committed states for the
// listeners of each menu. Called with s.mu held.
func (s *Server) notify(old, cur []entry) {
	if len(s.lsubs) == 0 {
		return
	}
	byID := func(es []entry) map[uint32]entry {
		m := make(map[uint32]entry, len(es))
		for _, e := range es {
			m[e.id] = e
		}
		return m
	}
	before, after := byID(old), byID(cur)
	for l := range s.lsubs {
		var msgs []reply
		for _, e := range cur {
			if e.it.Menu != l.menu {
				continue
			}
			if p, ok := before[e.id]; ok && p.it == e.it {
				continue
			}
			msgs = append(msgs, itemReply(e))
		}
		for _, e := range old {
			if _, ok := after[e.id]; !ok && e.it.Menu == l.menu {
				msgs = append(msgs, reply{"!re", "=.id=" + formatID(e.id), "=.dead=true"})
			}
		}
		for _, m := range msgs {
			select {
			case l.ch <- m:
			default:
				// The client does not read: end its listen.
				l.fullOnce.Do(func() { close(l.full) })
			}
		}
	}
}

func itemReply(e entry) reply {
	r := reply{"!re", "=.id=" + formatID(e.id)}
	disabled := "false"
	for _, p := range e.it.Props {
		if p.Key == "disabled" {
			disabled = apiBool(p.Value)
			continue
		}
		r = append(r, "="+p.Key+"="+p.Value)
	}
	return append(r, "=disabled="+disabled)
}

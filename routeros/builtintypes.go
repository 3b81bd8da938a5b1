package routeros

import (
	"fmt"
	"strings"
)

// Verbose exports (export verbose) write the built-in queue types by print
// number before any type the configuration adds:
//
//	/queue type
//	set 0 kind=pfifo name=default pfifo-limit=50
//
// A script that has added no queue type yet can only mean those. The
// properties are checked like any other; the emulated router keeps its own
// built-in types, so the command changes nothing and leaves a Notice.

// builtinTypeSet handles `set N` in /queue/type before the script added any
// type. It reports whether it handled the command.
func (p *parser) builtinTypeSet(cmd, path string, s *schema, ref token, rest []token) bool {
	if cmd != "set" || path != MenuQueueType || ref.group || ref.firstQuote == 0 || ref.text == "" ||
		strings.Trim(ref.text, "0123456789,") != "" || len(p.menuItems(path)) > 0 {
		return false
	}
	what := path + " set"
	bad := func(t token, format string, a ...any) {
		p.errs = append(p.errs, &Error{File: p.file, Line: t.line, Col: t.col, Item: what, Msg: fmt.Sprintf(format, a...)})
	}
	nerr := len(p.errs)
	for _, e := range propArgs(s, what, rest, bad, "expressions ([ ... ]) are not supported in this version", "property=value") {
		c, known := s.props[e.key]
		switch {
		case !known:
			p.errs = append(p.errs, &Error{File: p.file, Line: e.pos.keyLine, Col: e.pos.keyCol, Item: what, Msg: s.unknown(e.key)})
		case c != nil && !e.unset:
			if err := c(e.value); err != nil {
				p.errs = append(p.errs, &Error{File: p.file, Line: e.pos.valLine, Col: e.pos.valCol, Item: what,
					Msg: fmt.Sprintf("property %q in %s: %v", e.key, what, err)})
			}
		}
	}
	if len(p.errs) == nerr {
		p.notice(ref, NoticeIgnored, MenuQueueType, "built-in queue type %s: a verbose export's settings of RouterOS's own types; the emulated router keeps its built-in types as they are", ref.text)
	}
	return true
}

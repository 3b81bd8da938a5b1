package api

import (
	"strconv"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// A query is the list of ?words of a print, evaluated per row over a
// boolean stack that starts as infinitely many true values; the row is
// printed when no false remains (RouterOS API manual, "Queries").
type query []queryOp

// queryOp is one ?word: a property test or a ?# stack program.
type queryOp struct {
	kind  byte   // '=' equal, '<', '>', 'h' has, '-' has not, '#' stack program
	key   string // property for tests
	value string // comparison value, or the ?# program
}

func compileQuery(words []string) (query, error) {
	var q query
	for _, w := range words {
		switch {
		case strings.HasPrefix(w, "#"):
			prog := w[1:]
			for i := 0; i < len(prog); i++ {
				c := prog[i]
				if !(c >= '0' && c <= '9' || c == '!' || c == '&' || c == '|' || c == '.') {
					return nil, trapf(1, "invalid query operator %q", string(c))
				}
			}
			q = append(q, queryOp{kind: '#', value: prog})
		case strings.HasPrefix(w, "-"):
			q = append(q, queryOp{kind: '-', key: w[1:]})
		case strings.HasPrefix(w, "<"), strings.HasPrefix(w, ">"), strings.HasPrefix(w, "="):
			k, v, ok := strings.Cut(w[1:], "=")
			if !ok {
				return nil, trapf(1, "invalid query word %q", "?"+w)
			}
			q = append(q, queryOp{kind: w[0], key: k, value: v})
		default:
			if k, v, ok := strings.Cut(w, "="); ok {
				q = append(q, queryOp{kind: '=', key: k, value: v})
			} else {
				q = append(q, queryOp{kind: 'h', key: w})
			}
		}
	}
	return q, nil
}

// stack is the evaluation stack; below its bottom lie infinitely many true
// values.
type stack []bool

func (s *stack) push(b bool) { *s = append(*s, b) }

func (s *stack) pop() bool {
	if len(*s) == 0 {
		return true
	}
	b := (*s)[len(*s)-1]
	*s = (*s)[:len(*s)-1]
	return b
}

// at returns the value i positions below the top (0 = top).
func (s stack) at(i int) bool {
	if i >= len(s) {
		return true
	}
	return s[len(s)-1-i]
}

func (q query) match(r row) bool {
	var st stack
	for _, op := range q {
		v, has := r.get(op.key)
		switch op.kind {
		case 'h':
			st.push(has)
		case '-':
			st.push(!has)
		case '=':
			st.push(has && (v == op.value || sameBool(v, op.value)))
		case '<':
			st.push(has && compare(v, op.value) < 0)
		case '>':
			st.push(has && compare(v, op.value) > 0)
		case '#':
			st = st.run(op.value)
		}
	}
	for _, b := range st {
		if !b {
			return false
		}
	}
	return true
}

// run executes a ?# program: digits are an index (top = 0) whose value is
// pushed, or, at the end of the program, replaces the whole stack; '!'
// negates the top; '&' and '|' pop two and push their AND/OR; '.' after an
// index does nothing, elsewhere it pushes a copy of the top.
func (st stack) run(prog string) stack {
	for i := 0; i < len(prog); {
		c := prog[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(prog) && prog[j] >= '0' && prog[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(prog[i:j])
			if err != nil {
				n = len(st) // absurdly large index: the implicit true
			}
			v := st.at(n)
			if j == len(prog) {
				return stack{v}
			}
			st.push(v)
			if prog[j] == '.' {
				j++
			}
			i = j
			continue
		case c == '!':
			st.push(!st.pop())
		case c == '&':
			a, b := st.pop(), st.pop()
			st.push(a && b)
		case c == '|':
			a, b := st.pop(), st.pop()
			st.push(a || b)
		case c == '.':
			st.push(st.at(0))
		}
		i++
	}
	return st
}

// compare orders two property values: numerically when both are integers,
// else as strings.
func compare(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return strings.Compare(a, b)
}

// sameBool lets a query write a boolean as yes/no while print shows
// true/false, as RouterOS compares typed values.
func sameBool(printed, q string) bool {
	qb, err := routeros.ParseBool(q)
	return err == nil && q == routeros.YesNo(qb) && printed == routeros.TrueFalse(qb)
}

package routeros

import (
	"fmt"
)

// The lexer turns a script into statements (commands), each a list of
// tokens, following the RouterOS script rules that exports rely on:
//
//   - a statement ends at a newline or ";" outside quotes and brackets;
//   - "#" at the start of a token begins a comment that runs to the end of
//     the physical line;
//   - a backslash at the end of a line joins it with the next one; outside
//     a string it separates tokens, except right after the "=" of a
//     property, where the value follows on the next line (exports wrap
//     "network=\" + newline + "    192.168.88.0"); inside a string the
//     newline and the next line's indentation are dropped (v7 exports
//     wrap long strings so);
//   - a backslash anywhere else outside a string is illegal;
//   - strings are double-quoted with the escapes \" \\ \n \r \t \$ \? \_
//     \a \b \f \v and \XX (two upper-case hex digits, one byte);
//   - [...], {...} and (...) are kept whole as part of a token, newlines
//     included, so that `set [ find ... ]` or a `{ ... }` block is one
//     statement the parser can accept or reject as a unit.

// token is one word of a statement. Quoted parts are already decoded.
type token struct {
	line, col  int
	lead       byte // first byte of the token as written (a quote, a bracket, ...)
	text       string
	eq         int  // index in text of the first '=' outside quotes and brackets; -1 if none
	firstQuote int  // index in text where the first quoted part begins; -1 if none
	group      bool // contains a [...], {...} or (...) group
	dollar     bool // contains an unescaped '$' (variable substitution)
	valLine    int  // position of the first byte after eq
	valCol     int
}

// statement is one command of the script.
type statement struct{ toks []token }

// comment is one "#" comment, kept for the export header.
type comment struct {
	line int
	text string // without the leading '#'
}

type lexer struct {
	file      string
	src       []byte
	off       int
	line, col int
	errs      ErrorList
	comments  []comment
}

// lex splits src into statements. Statements containing a lexical error
// are dropped after the error is recorded.
func lex(file string, src []byte) ([]statement, []comment, ErrorList) {
	lx := &lexer{file: file, src: src, line: 1, col: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		lx.off = 3 // UTF-8 byte order mark from Windows editors
	}
	var (
		stmts []statement
		cur   statement
		bad   bool
	)
	flush := func() {
		if !bad && len(cur.toks) > 0 {
			stmts = append(stmts, cur)
		}
		cur, bad = statement{}, false
	}
	for {
		lx.skipBlanks()
		if lx.off >= len(lx.src) {
			flush()
			break
		}
		switch c := lx.src[lx.off]; c {
		case '\n', ';':
			lx.next()
			flush()
		case '#':
			line := lx.line
			start := lx.off + 1
			for lx.off < len(lx.src) && lx.src[lx.off] != '\n' {
				lx.next()
			}
			lx.comments = append(lx.comments, comment{line: line, text: string(lx.src[start:lx.off])})
		case '\\':
			if lx.continuation() {
				continue
			}
			lx.errorf(lx.line, lx.col, "unexpected backslash outside a quoted string")
			bad = true
			lx.skipLine()
		default:
			tok, ok := lx.scanToken()
			if !ok {
				bad = true
				lx.skipLine()
				continue
			}
			cur.toks = append(cur.toks, tok)
		}
	}
	return stmts, lx.comments, lx.errs
}

func (lx *lexer) errorf(line, col int, format string, args ...any) {
	lx.errs = append(lx.errs, &Error{File: lx.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// next consumes one byte, keeping line and column up to date.
func (lx *lexer) next() {
	if lx.src[lx.off] == '\n' {
		lx.line++
		lx.col = 1
	} else {
		lx.col++
	}
	lx.off++
}

func (lx *lexer) skipBlanks() {
	for lx.off < len(lx.src) {
		switch lx.src[lx.off] {
		case ' ', '\t', '\r':
			lx.next()
		default:
			return
		}
	}
}

// continuation consumes a backslash that ends the line (trailing blanks
// and a CR allowed) together with the newline, and reports whether it did.
func (lx *lexer) continuation() bool {
	i := lx.off + 1
	for i < len(lx.src) && (lx.src[i] == ' ' || lx.src[i] == '\t' || lx.src[i] == '\r') {
		i++
	}
	if i >= len(lx.src) || lx.src[i] != '\n' {
		return false
	}
	for lx.off <= i {
		lx.next()
	}
	return true
}

// skipLine moves to the end of the current logical line after an error, so
// that the rest of a broken command (including its continuation lines) is
// not parsed as new commands. The final newline is left for the caller.
func (lx *lexer) skipLine() {
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		if c == '\n' {
			// Continue over the newline if the line ended in a backslash.
			j := lx.off - 1
			for j >= 0 && (lx.src[j] == ' ' || lx.src[j] == '\t' || lx.src[j] == '\r') {
				j--
			}
			if j < 0 || lx.src[j] != '\\' {
				return
			}
		}
		lx.next()
	}
}

// scanToken reads one token starting at a non-blank byte that is not a
// separator. It returns false after recording an error.
func (lx *lexer) scanToken() (token, bool) {
	tok := token{line: lx.line, col: lx.col, lead: lx.src[lx.off], eq: -1, firstQuote: -1}
	var b []byte
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch c {
		case '\\':
			// Exports wrap right after "=" ("network=\" + newline +
			// indented value): there the value continues on the next
			// line. Anywhere else a backslash ends the token: it is a
			// line continuation (a separator) or an error the caller
			// reports.
			if tok.eq >= 0 && tok.eq == len(b)-1 && lx.continuation() {
				lx.skipBlanks()
				tok.valLine, tok.valCol = lx.line, lx.col
				continue
			}
			tok.text = string(b)
			return tok, true
		case ' ', '\t', '\r', '\n', ';':
			tok.text = string(b)
			return tok, true
		case '"':
			if tok.firstQuote < 0 {
				tok.firstQuote = len(b)
			}
			var ok bool
			if b, ok = lx.scanString(b, &tok.dollar); !ok {
				return tok, false
			}
		case '[', '{', '(':
			tok.group = true
			var ok bool
			if b, ok = lx.scanGroup(b); !ok {
				return tok, false
			}
		case ']', '}', ')':
			lx.errorf(lx.line, lx.col, "unexpected %q", c)
			return tok, false
		default:
			if c == '=' && tok.eq < 0 {
				tok.eq = len(b)
				tok.valLine, tok.valCol = lx.line, lx.col+1
			}
			if c == '$' {
				tok.dollar = true
			}
			b = append(b, c)
			lx.next()
		}
	}
	tok.text = string(b)
	return tok, true
}

// simpleEscapes maps the letter after a backslash in a string to the byte
// it stands for.
var simpleEscapes = map[byte]byte{
	'"': '"', '\\': '\\', '$': '$', '?': '?', '_': ' ',
	'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// scanString decodes a double-quoted string starting at the opening quote
// and appends its contents to b.
func (lx *lexer) scanString(b []byte, dollar *bool) ([]byte, bool) {
	openLine, openCol := lx.line, lx.col
	lx.next()
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch c {
		case '"':
			lx.next()
			return b, true
		case '\n':
			lx.errorf(lx.line, lx.col, "newline in quoted string (a line that continues inside a string must end with a backslash)")
			return b, false
		case '\\':
			line, col := lx.line, lx.col
			lx.next()
			if lx.off >= len(lx.src) {
				break
			}
			e := lx.src[lx.off]
			switch {
			case e == '\n' || e == '\r' && lx.off+1 < len(lx.src) && lx.src[lx.off+1] == '\n':
				// Wrapped string: drop the newline and the indentation.
				for lx.src[lx.off] != '\n' {
					lx.next()
				}
				lx.next()
				for lx.off < len(lx.src) && (lx.src[lx.off] == ' ' || lx.src[lx.off] == '\t') {
					lx.next()
				}
			case simpleEscapes[e] != 0:
				b = append(b, simpleEscapes[e])
				lx.next()
			case isUpperHex(e) && lx.off+1 < len(lx.src) && isUpperHex(lx.src[lx.off+1]):
				b = append(b, unhex(e)<<4|unhex(lx.src[lx.off+1]))
				lx.next()
				lx.next()
			default:
				lx.errorf(line, col, `invalid escape sequence \%s in quoted string (write \\ for a backslash; hex escapes \XX use upper-case digits)`, printable(e))
				return b, false
			}
		default:
			if c == '$' {
				*dollar = true
			}
			b = append(b, c)
			lx.next()
		}
	}
	lx.errorf(openLine, openCol, "unterminated quoted string")
	return b, false
}

// printable renders one byte for a message.
func printable(c byte) string {
	if c < ' ' || c >= 0x7F {
		return fmt.Sprintf("\\x%02x", c)
	}
	return string(c)
}

// closers maps an opening bracket to its closing one.
var closers = map[byte]byte{'[': ']', '{': '}', '(': ')'}

// scanGroup appends a bracketed group, nested groups, strings, comments
// and newlines included, verbatim to b. The parser only ever rejects or
// skips groups, so they are not decoded.
func (lx *lexer) scanGroup(b []byte) ([]byte, bool) {
	type open struct {
		c         byte
		line, col int
	}
	var stack []open
	atTokenStart := true
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch {
		case c == '[' || c == '{' || c == '(':
			stack = append(stack, open{c, lx.line, lx.col})
		case c == ']' || c == '}' || c == ')':
			top := stack[len(stack)-1]
			if closers[top.c] != c {
				lx.errorf(lx.line, lx.col, "unexpected %q (%q opened at %d:%d is not closed)", c, top.c, top.line, top.col)
				return b, false
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				b = append(b, c)
				lx.next()
				return b, true
			}
		case c == '"':
			start := lx.off
			var ignored bool
			if _, ok := lx.scanString(nil, &ignored); !ok {
				return b, false
			}
			b = append(b, lx.src[start:lx.off]...)
			atTokenStart = false
			continue
		case c == '#' && atTokenStart:
			for lx.off < len(lx.src) && lx.src[lx.off] != '\n' {
				lx.next()
			}
			continue
		}
		atTokenStart = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '[' || c == '{' || c == '('
		b = append(b, c)
		lx.next()
	}
	top := stack[0]
	lx.errorf(top.line, top.col, "unterminated %q", top.c)
	return b, false
}

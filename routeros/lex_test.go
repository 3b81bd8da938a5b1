package routeros

import (
	"reflect"
	"testing"
)

// words flattens statements to their token texts.
func words(stmts []statement) [][]string {
	var out [][]string
	for _, st := range stmts {
		var w []string
		for _, t := range st.toks {
			w = append(w, t.text)
		}
		out = append(out, w)
	}
	return out
}

func TestLex(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want [][]string
	}{
		{"simple", "add a=1 b=2", [][]string{{"add", "a=1", "b=2"}}},
		{"blank lines", "\n\n  add a=1  \n\n", [][]string{{"add", "a=1"}}},
		{"semicolon", "add a=1; add b=2;", [][]string{{"add", "a=1"}, {"add", "b=2"}}},
		{"newline ends statement", "a\nb", [][]string{{"a"}, {"b"}}},
		{"CRLF", "add a=1\r\nadd b=2\r\n", [][]string{{"add", "a=1"}, {"add", "b=2"}}},
		{"byte order mark", "\xEF\xBB\xBFadd a=1", [][]string{{"add", "a=1"}}},
		{"comment line", "# header\nadd a=1", [][]string{{"add", "a=1"}}},
		{"comment after command", "add a=1 # note", [][]string{{"add", "a=1"}}},
		{"comment after semicolon", "add a=1; # note", [][]string{{"add", "a=1"}}},
		{"hash inside a bare value", "add a=b#c", [][]string{{"add", "a=b#c"}}},
		{"hash inside a string", `add a="x # y"`, [][]string{{"add", "a=x # y"}}},
		{"continuation between tokens", "add a=1 \\\n    b=2", [][]string{{"add", "a=1", "b=2"}}},
		{"continuation with CRLF and trailing blanks", "add a=1 \\  \r\n    b=2", [][]string{{"add", "a=1", "b=2"}}},
		{"continuation after =", "add network=\\\n    192.168.88.0", [][]string{{"add", "network=192.168.88.0"}}},
		{"continuation after = before a string", "add comment=\\\n    \"a b\" x=1", [][]string{{"add", "comment=a b", "x=1"}}},
		{"continuation ends a bare token", "add a=fo\\\n    o", [][]string{{"add", "a=fo", "o"}}},
		{"continuation inside a string drops the indentation", "add r=\"(you\\\n    \\\\.be|x)\"", [][]string{{"add", `r=(you\.be|x)`}}},
		{"continuation does not continue a comment", "add a=1 # c \\\nadd b=2", [][]string{{"add", "a=1"}, {"add", "b=2"}}},
		{"escapes", `add a="\"\\\n\r\t\$\?\_\a\b\f\v\41\7E\C3\A9"`, [][]string{{"add", "a=\"\\\n\r\t$? \a\b\f\vA~\u00e9"}}},
		{"quoted parts concatenate", `add a=x"y z"w`, [][]string{{"add", "a=xy zw"}}},
		{"empty values", `add a= b=""`, [][]string{{"add", "a=", "b="}}},
		{"semicolon and equals inside a string", `add a="x;y=z"`, [][]string{{"add", "a=x;y=z"}}},
		{"group is one token", "set [ find default-name=ether1 ] name=wan", [][]string{{"set", "[ find default-name=ether1 ]", "name=wan"}}},
		{"group spans lines", "{\n  :put \"]\" # }\n}\nadd", [][]string{{"{\n  :put \"]\" \n}"}, {"add"}}},
		{"nested groups", "a=[:len [find]]", [][]string{{"a=[:len [find]]"}}},
		{"non-ASCII bytes pass through", "add comment=caf\xc3\xa9", [][]string{{"add", "comment=caf\xc3\xa9"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts, _, errs := lex("t.rsc", []byte(tt.src))
			if len(errs) > 0 {
				t.Fatalf("unexpected errors:\n%v", errs)
			}
			if got := words(stmts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLexPositions(t *testing.T) {
	src := "/ip firewall filter\nadd chain=forward \\\n    comment=\\\n      \"a\" x=\"y\\\n  z\"=1"
	stmts, _, errs := lex("t.rsc", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	type pos struct {
		text              string
		line, col, eq     int
		valLine, valCol   int
		firstQuote, group int
	}
	var got []pos
	for _, st := range stmts {
		for _, tk := range st.toks {
			g := 0
			if tk.group {
				g = 1
			}
			got = append(got, pos{tk.text, tk.line, tk.col, tk.eq, tk.valLine, tk.valCol, tk.firstQuote, g})
		}
	}
	want := []pos{
		{"/ip", 1, 1, -1, 0, 0, -1, 0},
		{"firewall", 1, 5, -1, 0, 0, -1, 0},
		{"filter", 1, 14, -1, 0, 0, -1, 0},
		{"add", 2, 1, -1, 0, 0, -1, 0},
		{"chain=forward", 2, 5, 5, 2, 11, -1, 0},
		{"comment=a", 3, 5, 7, 4, 7, 8, 0},
		// The '=' inside the quotes is not the property separator; the
		// one after the string would be, but x= comes first.
		{"x=yz=1", 4, 11, 1, 4, 13, 2, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestLexErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
		// rest are the statements that survive the error.
		rest [][]string
	}{
		{"unterminated string", "add a=\"x", `t.rsc:1:7: unterminated quoted string`, nil},
		{"newline in string", "add a=\"x\nadd b=1", `t.rsc:1:9: newline in quoted string (a line that continues inside a string must end with a backslash)`, [][]string{{"add", "b=1"}}},
		{"invalid escape", `add a="\q" b=1`, `t.rsc:1:8: invalid escape sequence \q in quoted string (write \\ for a backslash; hex escapes \XX use upper-case digits)`, nil},
		{"lower-case hex escape", `add a="\4f"`, `t.rsc:1:8: invalid escape sequence \4 in quoted string (write \\ for a backslash; hex escapes \XX use upper-case digits)`, nil},
		{"backslash outside a string", "add a=1 \\ b=2\nadd c=3", `t.rsc:1:9: unexpected backslash outside a quoted string`, [][]string{{"add", "c=3"}}},
		{"backslash inside a bare token", "add a=x\\y\nadd c=3", `t.rsc:1:8: unexpected backslash outside a quoted string`, [][]string{{"add", "c=3"}}},
		{"stray closing bracket", "add a=x]", `t.rsc:1:8: unexpected ']'`, nil},
		{"mismatched bracket", "add [find)", `t.rsc:1:10: unexpected ')' ('[' opened at 1:5 is not closed)`, nil},
		{"unterminated group", "{\n:put 1\n", `t.rsc:1:1: unterminated '{'`, nil},
		{"error skips continuation lines", "add a=\"\\q\" \\\n    b=2\nadd c=3", `t.rsc:1:8: invalid escape sequence \q in quoted string (write \\ for a backslash; hex escapes \XX use upper-case digits)`, [][]string{{"add", "c=3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts, _, errs := lex("t.rsc", []byte(tt.src))
			if len(errs) != 1 || errs[0].Error() != tt.want {
				t.Errorf("errors:\n%v\nwant\n%s", errs, tt.want)
			}
			if got := words(stmts); !reflect.DeepEqual(got, tt.rest) {
				t.Errorf("statements %q, want %q", got, tt.rest)
			}
		})
	}
}

package routeros

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// exportWidth is the column at which exports wrap long commands.
const exportWidth = 80

// WriteRSC renders c as an export-like script: a comment header, then for
// each run of items of one menu a menu header line ("/ip firewall filter")
// followed by one `add` command per item with its properties in
// alphabetical order, as RouterOS exports write them. Values are quoted and
// escaped when they need it (non-ASCII and control bytes as \XX), and long
// commands are wrapped with a trailing backslash and a four-space indent.
// Items keep their order; a menu header is repeated if the menus of c
// interleave. Built-in entries (Item.Builtin) are written as `set NAME
// k=v ...`. Notices are not written, and neither are /user passwords
// (exports leave them out too; the output goes to logs and reports).
//
// For a Config that ParseRSC returned (or one edited within the menus'
// schemas), ParseRSC of the output gives back the same items (same menus,
// same properties, now in alphabetical order, less /user passwords) and
// the same RouterOSVersion. WriteRSC itself does not validate values; it only
// refuses property names that cannot be written.
func (c *Config) WriteRSC(w io.Writer) error {
	bw := bufio.NewWriter(w)
	// The version line comes first: "by RouterOS X" is what ParseRSC reads
	// the version from, and the first match wins.
	if c.RouterOSVersion != "" {
		fmt.Fprintf(bw, "# source exported by RouterOS %s\n", strings.ReplaceAll(commentSafe(c.RouterOSVersion), " ", "_"))
	}
	header := "# rendered by qosbench"
	if c.Source != "" {
		header += " from " + commentSafe(c.Source)
	}
	fmt.Fprintln(bw, header)
	menu := ""
	for i, it := range c.Items {
		m := CanonicalMenu(it.Menu)
		if m != menu {
			fmt.Fprintln(bw, spaceMenu(m))
			menu = m
		}
		props := slices.DeleteFunc(slices.Clone(it.Props), func(p Prop) bool {
			// Exports never show passwords, and this output ends up in
			// logs and reports.
			return m == MenuUser && p.Key == "password"
		})
		slices.SortStableFunc(props, func(a, b Prop) int { return cmp.Compare(a.Key, b.Key) })
		words := []string{"add"}
		if it.Builtin {
			// A built-in entry is edited by name, as exports write it:
			// "/ip service" + "set telnet disabled=yes".
			name, _ := it.Get("name")
			words = []string{"set", quoteValue(name)}
			props = slices.DeleteFunc(props, func(p Prop) bool { return p.Key == "name" })
			if len(props) == 0 {
				continue
			}
		}
		for _, p := range props {
			if !validKey(p.Key) {
				return fmt.Errorf("routeros: write item %d (%s): invalid property name %q", i, m, p.Key)
			}
			words = append(words, p.Key+"="+quoteValue(p.Value))
		}
		writeWrapped(bw, words)
	}
	return bw.Flush()
}

// writeWrapped writes one command, breaking it between words so that lines
// stay within exportWidth where possible.
func writeWrapped(w *bufio.Writer, words []string) {
	n := 0
	for i, word := range words {
		switch {
		case i == 0:
		case n+1+len(word)+2 > exportWidth: // 2 for " \"
			w.WriteString(" \\\n    ")
			n = 4
		default:
			w.WriteByte(' ')
			n++
		}
		w.WriteString(word)
		n += len(word)
	}
	w.WriteByte('\n')
}

// validKey reports whether k can be written as a property name.
func validKey(k string) bool {
	if k == "" || k[0] == '!' {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !bareSafe(k[i]) || k[i] == '!' {
			return false
		}
	}
	return true
}

// bareSafe reports whether c may appear in an unquoted value.
func bareSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.,:/!@%+*", c) >= 0
}

// quoteValue returns v as written in a script: bare if it is made of safe
// characters only, otherwise in double quotes with RouterOS escapes.
func quoteValue(v string) string {
	safe := v != ""
	for i := 0; i < len(v) && safe; i++ {
		safe = bareSafe(v[i])
	}
	if safe {
		return v
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '"', '\\', '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '?':
			// "\?" is not understood by RouterOS 7; the hex escape
			// works in every version.
			b.WriteString(`\3F`)
		default:
			if c < ' ' || c >= 0x7F {
				fmt.Fprintf(&b, `\%02X`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// commentSafe makes s fit on one comment line.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7F {
			return '?'
		}
		return r
	}, s)
}

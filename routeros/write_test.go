package routeros

import (
	"bytes"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func render(t testing.TB, c *Config) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := c.WriteRSC(&buf); err != nil {
		t.Fatalf("WriteRSC: %v", err)
	}
	return buf.Bytes()
}

func TestWriteRSCGolden(t *testing.T) {
	for _, name := range []string{"v6", "v7"} {
		t.Run(name, func(t *testing.T) {
			c, err := ParseFile("testdata/" + name + ".rsc")
			if err != nil {
				t.Fatal(err)
			}
			got := render(t, c)
			golden := "testdata/" + name + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s", golden, got)
			}
			for i, line := range strings.Split(string(got), "\n") {
				if len(line) > exportWidth && !strings.Contains(line, `"`) {
					t.Errorf("line %d is %d columns wide: %s", i+1, len(line), line)
				}
			}
		})
	}
}

// sameItems reports whether a and b hold the same items: same menus in the
// same order, each with the same properties regardless of their order
// (WriteRSC sorts them). Positions are not compared.
func sameItems(a, b *Config) bool {
	if len(a.Items) != len(b.Items) {
		return false
	}
	for i := range a.Items {
		x, y := a.Items[i], b.Items[i]
		if x.Menu != y.Menu || x.Builtin != y.Builtin || len(x.Props) != len(y.Props) {
			return false
		}
		for _, p := range x.Props {
			if v, ok := y.Get(p.Key); !ok || v != p.Value {
				return false
			}
		}
	}
	return true
}

// checkRoundTrip asserts that WriteRSC output re-parses to the same items
// and version, and that rendering is then a fixed point.
func checkRoundTrip(t testing.TB, c *Config) {
	t.Helper()
	// WriteRSC leaves out /user passwords by design.
	c = c.Clone()
	for _, it := range c.Menu(MenuUser) {
		unsetProp(it, "password")
	}
	out := render(t, c)
	d, err := ParseRSC(c.Source, out)
	if err != nil {
		t.Fatalf("re-parse of WriteRSC output failed: %v\noutput:\n%s", err, out)
	}
	if !sameItems(c, d) {
		t.Fatalf("round trip changed the items:\nbefore %q\nafter  %q\noutput:\n%s", flat(c.Items), flat(d.Items), out)
	}
	if d.RouterOSVersion != c.RouterOSVersion {
		t.Fatalf("round trip changed the version from %q to %q", c.RouterOSVersion, d.RouterOSVersion)
	}
	if again := render(t, d); !bytes.Equal(again, out) {
		t.Fatalf("rendering is not stable:\nfirst\n%s\nsecond\n%s", out, again)
	}
}

func TestWriteRSCRoundTrip(t *testing.T) {
	for _, f := range []string{"testdata/v6.rsc", "testdata/v7.rsc"} {
		c, err := ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkRoundTrip(t, c)
	}
	tricky := `/ip firewall filter
add chain=forward comment="quote \" backslash \\ dollar \$ question \? tab \t cr \r nl \n"
add chain=forward comment="bytes \00\01\7F\80\FF caf\C3\A9 [x] {y} (z) a=b; #c 'd' \_"
add chain=forward comment="" log-prefix=!x
add chain=forward comment="a very long comment that certainly does not fit on one line of an export, not at all"
/queue tree add name="name with spaces" parent=ether1
/ip firewall mangle add chain=forward action=mark-packet new-packet-mark=a passthrough=no
/ip firewall filter add chain=input
`
	checkRoundTrip(t, mustParse(t, tricky))
}

func TestWriteRSCInterleavedMenus(t *testing.T) {
	c := &Config{Items: []*Item{
		{Menu: MenuFilter, Props: []Prop{{"chain", "forward"}, {"action", "drop"}}},
		{Menu: "/queue tree", Props: []Prop{{"parent", "ether1"}, {"name", "q"}}},
		{Menu: MenuFilter, Props: []Prop{{"chain", "input"}}},
	}}
	want := "# rendered by qosbench\n/ip firewall filter\nadd action=drop chain=forward\n/queue tree\nadd name=q parent=ether1\n/ip firewall filter\nadd chain=input\n"
	if got := string(render(t, c)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	c.Source, c.RouterOSVersion = "a\nb.rsc", "7.1"
	want = "# source exported by RouterOS 7.1\n# rendered by qosbench from a?b.rsc\n"
	if got := string(render(t, c)); !strings.HasPrefix(got, want) {
		t.Errorf("header\n%s\nwant\n%s", got, want)
	}
}

func TestWriteRSCInvalidKey(t *testing.T) {
	for _, key := range []string{"", "a b", "!x", "a=b", `"q"`} {
		c := &Config{Items: []*Item{{Menu: MenuFilter, Props: []Prop{{key, "1"}}}}}
		if err := c.WriteRSC(&bytes.Buffer{}); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
}

func TestQuoteValue(t *testing.T) {
	tests := map[string]string{
		"forward":                "forward",
		"10.0.0.0/8":             "10.0.0.0/8",
		"established,related":    "established,related",
		"!LAN":                   "!LAN",
		"B8:69:F4:11:22:33":      "B8:69:F4:11:22:33",
		"":                       `""`,
		"a b":                    `"a b"`,
		`say "hi"`:               `"say \"hi\""`,
		`C:\dir`:                 `"C:\\dir"`,
		"$x":                     `"\$x"`,
		"why?":                   `"why\3F"`,
		"a\tb\r\n":               `"a\tb\r\n"`,
		"\x00\x1f\x7f\xff":       `"\00\1F\7F\FF"`,
		"caf\u00e9":              `"caf\C3\A9"`,
		"x=y;z#[]{}()'`&|<>~^\\": `"x=y;z#[]{}()'` + "`" + `&|<>~^\\"`,
	}
	keys := make([]string, 0, len(tests))
	for k := range tests {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, in := range keys {
		if got := quoteValue(in); got != tests[in] {
			t.Errorf("quoteValue(%q) = %s, want %s", in, got, tests[in])
		}
	}
}

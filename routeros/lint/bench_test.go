package lint

import (
	"fmt"
	"strings"
	"testing"
)

// bigFilter is a firewall of n filter rules: the usual input and forward
// policy, then per-host drops and port accepts, the shape of a generated
// blocklist or an ISP's per-customer rules.
func bigFilter(n int) []byte {
	var b strings.Builder
	b.WriteString("/ip firewall filter\n")
	b.WriteString("add chain=input action=accept connection-state=established,related\n")
	b.WriteString("add chain=input action=drop connection-state=invalid\n")
	b.WriteString("add chain=forward action=accept connection-state=established,related\n")
	b.WriteString("add chain=forward action=drop connection-state=invalid\n")
	for i := 0; i < n-6; i++ {
		switch i % 4 {
		case 0, 1:
			fmt.Fprintf(&b, "add chain=forward action=drop src-address=10.%d.%d.%d\n", i>>16&255, i>>8&255, i&255)
		case 2:
			fmt.Fprintf(&b, "add chain=forward action=accept protocol=tcp dst-address=192.168.%d.%d dst-port=%d\n", i>>8&255, i&255, 1000+i%30000)
		case 3:
			fmt.Fprintf(&b, "add chain=forward action=drop protocol=udp src-port=%d-%d in-interface=ether1\n", 1000+i%30000, 1100+i%30000)
		}
	}
	b.WriteString("add chain=input action=drop in-interface=ether1\n")
	b.WriteString("add chain=forward action=drop connection-state=new connection-nat-state=!dstnat in-interface=ether1\n")
	return []byte(b.String())
}

// BenchmarkLintFilter10k parses (as a terminal paste) and lints 10k filter
// rules. Target (issue 14): under 3 s.
func BenchmarkLintFilter10k(b *testing.B) {
	benchLint(b, 10000)
}

// BenchmarkLintFilter1k is the same at 1k rules, to show how it scales.
func BenchmarkLintFilter1k(b *testing.B) {
	benchLint(b, 1000)
}

func benchLint(b *testing.B, n int) {
	src := bigFilter(n)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		cfg, _ := LintSource("big.rsc", src, Options{})
		if got := len(cfg.Menu("/ip/firewall/filter")); got != n {
			b.Fatalf("%d rules, want %d", got, n)
		}
	}
}

// TestBigChainFindsShadowed checks that a blocklist-sized chain is still
// checked whole: a /24 drop that an earlier /12 drop covers, and a port
// accept that repeats an earlier one, are found among 4k rules. (Comparing
// every pair with an 8 KiB port set each took 55 s here.)
func TestBigChainFindsShadowed(t *testing.T) {
	src := string(bigFilter(4000)) +
		"add chain=forward action=drop src-address=172.16.0.0/12 comment=wide\n" +
		"add chain=forward action=drop src-address=172.20.1.0/24 comment=covered\n" +
		"add chain=forward action=accept protocol=tcp dst-address=192.168.0.2 dst-port=1002 comment=again\n"
	_, fs := LintSource("big.rsc", []byte(src), Options{})
	var got []string
	for _, f := range withCheck(fs, "shadowed-rule") {
		got = append(got, f.Item)
	}
	want := []string{
		`/ip firewall filter rule #4001 chain=forward action=drop comment="covered"`,
		`/ip firewall filter rule #4002 chain=forward action=accept comment="again"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("shadowed rules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

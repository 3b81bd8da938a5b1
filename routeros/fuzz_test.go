package routeros

import (
	"os"
	"testing"
)

// FuzzParseRSC checks that ParseRSC never panics and that whatever it
// accepts survives WriteRSC: the output re-parses to the same items and
// renders identically again, and every translated item decodes.
func FuzzParseRSC(f *testing.F) {
	for _, name := range []string{"testdata/v6.rsc", "testdata/v7.rsc"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"/ip firewall filter\nadd chain=forward action=drop",
		"/ip/firewall/mangle/add chain=prerouting action=mark-connection new-connection-mark=x protocol=udp dst-port=5060-5061",
		"/queue tree add name=q parent=ether1 max-limit=10M packet-mark=a,b priority=1",
		"/ip firewall filter add chain=input comment=\"a\\\n    b\\\"\\$\\3F\" ; add chain=output",
		"/ip firewall filter add chain=forward \\\n    action=\\\n    accept # c",
		"/system identity set name=x\n/ip\nfirewall filter add chain=input\n.. address add address=1.2.3.4/24",
		"{ :local x 1 }\n[find]\n:put $x",
		"# 2024-06-06 15:22:31 by RouterOS 7.14.2\n/queue simple add max-limit=1M/2M target=10.0.0.0/8",
		"/ip firewall address-list add list=x address=example.com",
		"/ip firewall filter add chain=forward !dst-port comment=\"\\00\\FF\"",
		"/queue tree\nadd name=a parent=ether1\nset [ find name=a ] max-limit=5M\nset a !max-limit\nremove 0",
		"/ip firewall filter\nadd chain=input comment=old\ndisable [find comment=\"old\"]\nremove [find disabled]\n/ip settings set allow-fast-path=no",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseRSC("f.rsc", data)
		if err != nil {
			if c != nil {
				t.Fatal("config returned along with an error")
			}
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			return
		}
		checkRoundTrip(t, c)
		for _, it := range c.Items {
			var err error
			switch it.Menu {
			case MenuFilter, MenuMangle, MenuNAT:
				_, err = DecodeRule(it)
			case MenuQueueTree:
				_, err = DecodeQueueTree(it)
			}
			if err != nil {
				t.Fatalf("parsed item does not decode: %v", err)
			}
		}
	})
}

// FuzzWriteRSCValue checks that any property value, whatever bytes it
// holds, is written so that ParseRSC reads it back unchanged.
func FuzzWriteRSCValue(f *testing.F) {
	for _, s := range []string{"", "plain", "a b", `"\$?`, "\x00\xff\r\n\t", "x=y;z#", "caf\u00e9", "!neg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c := &Config{Items: []*Item{{Menu: MenuFilter, Props: []Prop{{"chain", "input"}, {"comment", v}}}}}
		checkRoundTrip(t, c)
	})
}

package routeros

import (
	"os"
	"reflect"
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
		"/ip service\ndisable telnet,ftp\nset ssh port=2222 address=10.0.0.0/8\nset [find name=www] !port\n/user add name=a group=full password=p\n/user disable admin",
		"/queue tree\nadd name=a parent=ether1 packet-marks=x\nadd name=b parent=a\nadd name=b parent=ether1\nset b name=c\n/ip firewal\nadd x=1",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseRSC("f.rsc", data)
		checkTerminal(t, data, c)
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

// checkTerminal checks Terminal mode against the strict result strict
// (nil when the strict parse failed): it never fails; on a script the
// strict parse accepts it gives the same Config and rejects nothing;
// otherwise it rejects something, and what it kept is a valid config
// (it survives WriteRSC and a strict re-parse).
func checkTerminal(t *testing.T, data []byte, strict *Config) {
	t.Helper()
	c, err := ParseRSCOptions("f.rsc", data, ParseOptions{Terminal: true})
	if err != nil || c == nil {
		t.Fatalf("Terminal mode failed: %v", err)
	}
	if strict != nil {
		if len(c.Rejected) > 0 || !reflect.DeepEqual(flat(c.Items), flat(strict.Items)) || !reflect.DeepEqual(c.Notices, strict.Notices) {
			t.Fatalf("Terminal differs from strict on a valid script: rejected %v\nitems %q\nstrict %q", c.Rejected, flat(c.Items), flat(strict.Items))
		}
		return
	}
	if len(c.Rejected) == 0 {
		t.Fatal("strict parse failed but Terminal rejected nothing")
	}
	checkRoundTrip(t, c)
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

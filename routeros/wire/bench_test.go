package wire

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkReadSentence decodes a typical add command.
func BenchmarkReadSentence(b *testing.B) {
	one := AppendSentence(nil, "/ip/firewall/mangle/add", "=chain=forward", "=action=mark-packet",
		"=new-packet-mark=voip", "=passthrough=no", "=protocol=udp", "=dst-port=10000-20000", "=comment=qosbench", ".tag=12")
	stream := bytes.Repeat(one, 1000)
	b.SetBytes(int64(len(one)))
	b.ReportAllocs()
	rd := NewReader(bytes.NewReader(stream), Limits{})
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			rd = NewReader(bytes.NewReader(stream), Limits{})
		}
		if _, err := rd.ReadSentence(); err != nil && err != io.EOF {
			b.Fatal(err)
		}
	}
}

package emulator

import "testing"

func TestParseRuleCounters(t *testing.T) {
	js := `{"nftables": [{"metainfo": {"version": "1.0.6"}}, {"table": {"family": "ip", "name": "qosbench"}},
{"rule": {"chain": "mangle_prerouting", "comment": "fasttrack bypass", "expr": [{"counter": {"packets": 9, "bytes": 900}}, {"accept": null}]}},
{"rule": {"chain": "filter_forward", "comment": "fasttrack counters", "expr": [{"counter": {"packets": 7, "bytes": 700}}, {"accept": null}]}},
{"rule": {"chain": "filter_forward", "comment": "#3 filter line 4", "expr": [{"match": {}}, {"counter": {"packets": 2, "bytes": 120}}, {"drop": null}]}},
{"rule": {"chain": "qos_classify", "comment": "#3 filter line 4", "expr": [{"counter": {"packets": 1, "bytes": 60}}]}},
{"rule": {"chain": "qos_classify", "comment": "#12 queue", "expr": [{"mangle": {}}]}}]}`
	set, err := parseRuleCounters([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	if set.fasttrack != (FasttrackCounter{7, 700}) {
		t.Errorf("fasttrack = %+v, want the filter forward bypass only {7 700}", set.fasttrack)
	}
	if got := set.items[3]; got != (FasttrackCounter{3, 180}) {
		t.Errorf("item 3 = %+v, want the sum of its rules {3 180}", got)
	}
	if _, ok := set.items[12]; ok {
		t.Errorf("a rule without counter produced a counter")
	}
	if _, err := parseRuleCounters([]byte("not json")); err == nil {
		t.Error("bad json accepted")
	}
}

func TestParseClassStats(t *testing.T) {
	out := `class htb 1:1 root rate 9Mbit ceil 9Mbit burst 112500b cburst 112500b 
 Sent 1234 bytes 10 pkt (dropped 0, overlimits 0 requeues 0) 
 backlog 0b 0p requeues 0
class htb 1:a parent 1:1 leaf 10a: prio 0 rate 1Mbit ceil 9Mbit burst 1600b cburst 1600b 
 Sent 5678 bytes 42 pkt (dropped 3, overlimits 7 requeues 0) 
 backlog 0b 0p requeues 0
`
	m := parseClassStats(out)
	if m["1:1"] != (classStats{1234, 10, 0}) || m["1:a"] != (classStats{5678, 42, 3}) {
		t.Errorf("parsed %+v", m)
	}
}

package scenarios_test

import (
	"fmt"

	"github.com/qosbench/qosbench/metrics"
	"github.com/qosbench/qosbench/scenarios"
)

func ExampleLoad() {
	s, err := scenarios.Load("testdata/valid/voip-under-load.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Lab.Uplink.Up, s.Duration)
	for _, v := range s.Variants {
		fmt.Println(v.Name)
	}
	for _, th := range s.Thresholds {
		fmt.Printf("%s: %s %s %g %s\n", th.Class, th.Metric, th.Op, th.Value, metrics.Unit(th.Metric))
	}
	// Output:
	// voip-under-load 10000000 30s
	// fasttrack=off
	// fasttrack=on
	// voip: latency.p99 < 30 ms
	// voip: jitter < 5 ms
	// voip: loss < 0.01 ratio
	// bulk: throughput > 5e+06 bit/s
}

func ExampleParse_errors() {
	_, err := scenarios.Parse("broken.yaml", []byte(`name: broken
config: /dev/null
lab:
  lan: {subnet: 192.168.88.0/24}
  wan: {subnet: 198.51.100.0/24}
  uplink: {up: 10MB, down: 50Mbps}
duration: 30s
traffic:
  - {class: voip, type: voip, calsl: 4}
`))
	fmt.Println(err)
	// Output:
	// broken.yaml:2:9: config: /dev/null is not a regular file
	// broken.yaml:6:16: lab.uplink.up: rate "10MB" is in bytes; rates are in bits per second: write 80Mbps
	// broken.yaml:9:31: traffic[0]: unknown key "calsl" (did you mean "calls"?)
}

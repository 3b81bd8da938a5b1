package udp

import (
	"fmt"
)

// udp: constant bit rate or packet rate datagrams of a fixed size, each
// timestamped, so every per-packet metric is available.

const (
	minFrame = 64
	maxFrame = 1518
	maxPPS   = 2_000_000
)

func validateUDP(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "upload"
	}
	if t.Size == 0 {
		t.Size = maxFrame
	}
	if t.Size < minFrame || t.Size > maxFrame {
		report("size", fmt.Sprintf("frame size must be %d..%d bytes, got %d", minFrame, maxFrame, t.Size))
		return
	}
	switch {
	case t.Rate == 0 && t.PPS == 0:
		report("rate", "one of rate or pps is required")
	case t.Rate != 0 && t.PPS != 0:
		report("pps", "give rate or pps, not both")
	case t.Rate != 0:
		// The rate counts UDP payload, like iperf3; the frame adds 46 bytes.
		pps := float64(t.Rate) / 8 / float64(t.Size-46)
		if pps > maxPPS {
			report("rate", fmt.Sprintf("%d-byte frames at this rate need %.0f packets/s, more than %d", t.Size, pps, maxPPS))
		}
	case t.PPS > maxPPS:
		report("pps", fmt.Sprintf("at most %d packets/s, got %d", maxPPS, t.PPS))
	}
	if t.Port == 0 {
		t.Port = DefaultPort
	}
}

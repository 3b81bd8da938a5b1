package web

import (
	"fmt"
	"time"
)

// web: HTTP/1.1 (or HTTPS) clients on the LAN hosts fetch objects from
// servers on the WAN hosts; every request yields a time to first byte and
// a flow completion time.

const maxClients = 256

func validateWeb(t class, report func(field, msg string)) {
	if t.Direction == "" {
		t.Direction = "download"
	}
	if t.Direction != "download" {
		// Web clients are on the LAN; "upload" would mean POSTing, which
		// this version does not do.
		report("direction", fmt.Sprintf("web supports direction download only, got %s", t.Direction))
	}
	if t.Clients == 0 {
		t.Clients = 4
	}
	if t.Clients > maxClients {
		report("clients", fmt.Sprintf("at most %d clients, got %d", maxClients, t.Clients))
	}
	if t.ObjectSize == [2]int64{} {
		t.ObjectSize = [2]int64{10_000, 1_000_000}
	}
	if t.Think == 0 {
		t.Think = 100 * time.Millisecond
	}
	if t.Port == 0 {
		t.Port = 80
		if t.HTTPS {
			t.Port = 443
		}
	}
}

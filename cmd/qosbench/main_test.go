package main

import (
	"os"
	"testing"

	"github.com/qosbench/qosbench/emulator/api"
)

// TestMain lets `run`, executed in-process by the tests, start this test
// binary as the embedded router process (api.Start re-executes it).
func TestMain(m *testing.M) {
	api.RunChildIfRequested()
	os.Exit(m.Run())
}

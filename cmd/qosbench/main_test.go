package main

import (
	"os"
	"testing"

	"github.com/qosbench/qosbench/emulator/api"
)

// TestMain lets `run`, executed in-process by the tests, start this test
// binary as the embedded router process (api.Start re-executes it).
//
// It also lets a test run this binary as the qosbench CLI in a namespace
// (runCLIChildIfRequested).
func TestMain(m *testing.M) {
	api.RunChildIfRequested()
	runCLIChildIfRequested()
	os.Exit(m.Run())
}

package main

import (
	"context"
	"os"
	"testing"

	"github.com/qosbench/qosbench/emulator/api"
)

// envAsCLI makes the test binary run as qosbench (see TestMain).
const envAsCLI = "QOSBENCH_TEST_AS_CLI"

// TestMain lets `run`, executed in-process by the tests, start this test
// binary as the embedded router process (api.Start re-executes it).
//
// It also lets a test run this binary as the qosbench CLI in a namespace
// (runCLIChildIfRequested).
func TestMain(m *testing.M) {
	api.RunChildIfRequested()
	runCLIChildIfRequested()
	// With envAsCLI set, the test binary is qosbench itself, for tests that
	// run the command as a person would (in a pseudo-terminal).
	if os.Getenv(envAsCLI) == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

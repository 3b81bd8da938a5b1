package orchestrator

import (
	"os"
	"testing"

	"github.com/qosbench/qosbench/emulator/api"
)

// TestMain lets api.Start re-execute this test binary as the embedded
// router process.
func TestMain(m *testing.M) {
	api.RunChildIfRequested()
	os.Exit(m.Run())
}

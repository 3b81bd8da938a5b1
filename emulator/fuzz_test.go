package emulator_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/qosbench/qosbench/emulator"
	"github.com/qosbench/qosbench/routeros"
)

// FuzzTranslate: any script the parser accepts translates or fails with an
// error; it never panics (the API server translates whatever a client
// sends). Seeds are the golden configs.
func FuzzTranslate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.rsc")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := routeros.ParseRSC("fuzz.rsc", src)
		if err != nil {
			return
		}
		plan, err := emulator.Translate(cfg, ifaces, goldenFeatures)
		if err == nil && plan.NFT == "" {
			t.Fatal("a plan without a ruleset")
		}
	})
}

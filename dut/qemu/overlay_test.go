package qemu

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestOverlayLeavesTheImageUntouched writes through an overlay (qemu-io)
// and checks that the base image's bytes did not change.
func TestOverlayLeavesTheImageUntouched(t *testing.T) {
	for _, tool := range []string{"qemu-img", "qemu-io"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("overlay test: %s not installed (Debian package qemu-utils)", tool)
		}
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "chr-7.img")
	orig := bytes.Repeat([]byte{0xAB}, 1<<20)
	if err := os.WriteFile(base, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	ov := filepath.Join(dir, "run", "chr-overlay.qcow2")
	if err := os.MkdirAll(filepath.Dir(ov), 0o700); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := Overlay(ctx, base, ov); err != nil {
		t.Fatal(err)
	}
	if b, err := BackingFile(ctx, ov); err != nil || b != base {
		t.Fatalf("overlay backing file %q (%v), want %s", b, err, base)
	}
	if out, err := exec.Command("qemu-io", "-f", "qcow2", "-c", "write -P 0x55 0 64k", ov).CombinedOutput(); err != nil {
		t.Fatalf("write through the overlay: %v\n%s", err, out)
	}
	out, err := exec.Command("qemu-io", "-f", "qcow2", "-c", "read -P 0x55 0 64k", "-c", "read -P 0xab 64k 64k", ov).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("Pattern verification failed")) {
		t.Fatalf("read back through the overlay: %v\n%s", err, out)
	}
	got, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, orig) {
		t.Fatal("the base image changed under its overlay")
	}
	if err := Overlay(ctx, filepath.Join(dir, "chr.zip"), ov+"2"); err == nil {
		t.Error("an image of unknown format was accepted")
	}
}

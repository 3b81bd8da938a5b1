package qemu

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// ImageFormat returns QEMU's name for a disk image's format, from its
// extension: MikroTik ships CHR as raw .img, .vdi, .vmdk and .qcow2.
func ImageFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".img", ".raw":
		return "raw", nil
	case ".qcow2":
		return "qcow2", nil
	case ".vdi":
		return "vdi", nil
	case ".vmdk":
		return "vmdk", nil
	case ".vhdx":
		return "vhdx", nil
	}
	return "", fmt.Errorf("qemu: %s: unknown disk image format (want .img, .qcow2, .vdi, .vmdk or .vhdx)", path)
}

// Overlay creates a qcow2 overlay at dst whose backing file is image: the
// machine writes to the overlay only, so the user's image is never
// modified. dst goes into the lab's runtime directory and is removed
// with it.
func Overlay(ctx context.Context, image, dst string) error {
	format, err := ImageFormat(image)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(image)
	if err != nil {
		return err
	}
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "qemu-img", "create", "-q", "-f", "qcow2", "-F", format, "-b", abs, dst)
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("qemu: overlay of %s (qemu-img, Debian package qemu-utils): %w: %s", image, err, strings.TrimSpace(errb.String()))
	}
	return nil
}

// BackingFile returns the backing file of a qcow2 image (qemu-img info).
func BackingFile(ctx context.Context, path string) (string, error) {
	out, err := exec.CommandContext(ctx, "qemu-img", "info", "--output=json", "-U", path).Output()
	if err != nil {
		return "", fmt.Errorf("qemu: info %s: %w", path, err)
	}
	var info struct {
		BackingFilename string `json:"backing-filename"`
	}
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("qemu: info %s: %w", path, err)
	}
	return info.BackingFilename, nil
}

package lab

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Run executes a program inside the namespace through nsenter (never by
// forking from a thread switched with setns) and returns its stdout. stdin,
// when not empty, is fed to the program. Errors carry the program's stderr.
func (n *NS) Run(ctx context.Context, stdin string, name string, args ...string) (string, error) {
	full := append([]string{"--net=" + n.Path(), "--", name}, args...)
	cmd := exec.CommandContext(ctx, "nsenter", full...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		return out.String(), fmt.Errorf("lab: %s %s in %s: %w: %s", name, strings.Join(args, " "), n.Name, err, msg)
	}
	return out.String(), nil
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRouterSubcommandHiddenAndChecksFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, &out, &errb); code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	if strings.Contains(out.String(), "__router") {
		t.Error("the router subcommand shows in help")
	}
	out.Reset()
	errb.Reset()
	code := run(context.Background(), []string{"__router", "--listen", "169.254.88.1"}, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "--ns-name, --listen and --creds-file are required") {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/qosbench/qosbench/lab"
	"github.com/qosbench/qosbench/lab/labtest"
)

// Every flag obeys the range of the scenario field it overrides, checked
// before anything is built: --duration 99999h ran out of memory with the
// lab up, and 1ns gave a meaningless FAIL.
func TestRunFlagRanges(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", flagship, "--duration", "99999h"}, "--duration: must be between 1s and 1h"},
		{[]string{"run", flagship, "--duration", "1ns"}, "--duration: must be between 1s and 1h"},
		{[]string{"run", flagship, "--duration", "0s"}, "--duration: must be between 1s and 1h"},
		{[]string{"run", "--config", "../../scenarios/configs/office-mix.rsc", "--duration", "2h"}, "--duration: must be between 1s and 1h"},
	} {
		id := labtest.ID("flag")
		code, _, stderr := qb(t, append(c.args, "--lab-id", id, "--out", t.TempDir())...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
		if ok, err := lab.Exists(id); err == nil && ok {
			t.Errorf("%v: lab %s was built before the flag was checked", c.args, id)
			lab.Teardown(id)
		}
	}
}

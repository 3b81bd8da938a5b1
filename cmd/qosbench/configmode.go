package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qosbench/qosbench/orchestrator"
	"github.com/qosbench/qosbench/routeros"
)

// warnRejected tells the user, before anything else happens, which
// commands of a `config-mode: terminal` scenario's config the router
// rejects: they are left out, as pasting the script into a RouterOS
// terminal leaves them out, and the rest of the config is what is tested.
// In strict mode there are none (any rejection makes the scenario invalid).
func (a *app) warnRejected(p *orchestrator.Prepared) {
	if p == nil || p.Scenario == nil {
		return
	}
	a.warnRejectedIn(p.Scenario.File, p.Config)
}

// warnRejectedIn is warnRejected for a config parsed for scenario (its
// path, or "").
func (a *app) warnRejectedIn(scenario string, cfg *routeros.Config) {
	if cfg == nil || len(cfg.Rejected) == 0 {
		return
	}
	rej := cfg.Rejected
	what := fmt.Sprintf("%d commands the router rejects were", len(rej))
	if len(rej) == 1 {
		what = "1 command the router rejects was"
	}
	where := ""
	if scenario != "" {
		where = shortPath(scenario) + ": "
	}
	fmt.Fprintf(a.stderr, "warning: %s%s left out, as a terminal paste would:\n", where, what)
	for _, e := range rej {
		line := e.Error()
		if e.File != "" {
			line = strings.Replace(line, e.File, shortPath(e.File), 1)
		}
		fmt.Fprintf(a.stderr, "  %s\n", line)
	}
}

// shortPath is path relative to the working directory when it lies below
// it, as the user would type it.
func shortPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

// Exit codes; documented in README.md.
const (
	exitOK           = 0   // every threshold passed
	exitRuntime      = 1   // the run could not be carried out (lab, kernel, I/O)
	exitUsage        = 2   // bad command line
	exitInvalid      = 3   // invalid scenario or router config; nothing was changed
	exitThresholds   = 4   // the run completed and at least one threshold failed
	exitRegression   = 5   // compare: the new run regressed beyond tolerance
	exitInconclusive = 6   // nothing failed, but a threshold's margin lay inside the noise floor
	exitInterrupted  = 130 // interrupted by SIGINT/SIGTERM; the lab was removed
)

// exitError carries an exit code up to main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// app is the injectable environment of one invocation, so whole commands
// run in-process in tests.
type app struct {
	stdout, stderr io.Writer
	verbose, quiet bool
}

func (a *app) logger() *slog.Logger { return a.loggerTo(a.stderr) }

// loggerTo returns the command's logger writing to w.
func (a *app) loggerTo(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if a.verbose {
		level = slog.LevelDebug
	}
	if a.quiet {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.code != exitThresholds && ee.code != exitRegression && ee.code != exitInconclusive {
			fmt.Fprintln(stderr, "qosbench:", ee.err)
		}
		return ee.code
	}
	// Errors cobra itself raises are about the command line.
	fmt.Fprintln(stderr, "qosbench:", err)
	return exitUsage
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "qosbench",
		Short:         "Packet-path performance tests for MikroTik RouterOS firewall and QoS configs",
		Long:          "qosbench builds a lab of network namespaces around a router under test, deploys a RouterOS\nconfiguration, runs traffic through it (voip calls, web browsing, bulk transfers, udp streams,\nfirewall probes) and checks latency, jitter, loss, throughput, voice quality and probe verdicts\nagainst thresholds, per variant of the config.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "debug logging on stderr")
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "only warnings and errors on stderr")
	root.AddCommand(a.runCmd(), a.validateCmd(), a.labCmd(), a.doctorCmd(), a.benchCmd(), a.versionCmd(), a.deployCmd(), a.routerCmd(), a.vmGuestCmd(), a.reportCmd(), a.compareCmd(), a.lintCmd())
	return root
}

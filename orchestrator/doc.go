// Package orchestrator executes a scenario end to end: it is the one place that
// knows the whole pipeline, scenario → lab → router → deploy → traffic →
// measurements → analysis. Prepare validates the router kind (package dut),
// applies every variant to the parsed config (ApplyVariant: a variant is a
// transform of the config model) and, for kinds that check configs, checks
// each variant before the kernel is touched. Run builds the lab, starts the
// router through its kind, deploys each variant's config through the
// router's API with the same deployer (routeros/deploy) for every kind,
// runs the traffic, reads per-rule and per-queue counters after each
// variant (Options.OnCounters), and restores and verifies the router before
// the router is stopped and the lab destroyed, on every exit path including
// cancellation (SIGINT/SIGTERM cancel the context). The results of the
// variants that finished survive a later failure, marked partial.
//
// It must not know any router kind by name: what a kind can do it asks
// through dut's optional capabilities (dut.ConfigChecker,
// dut.SettingsMenus, dut.ConntrackFlusher, dut.CredentialFiles,
// dut.ManagementPort, dut.Licensed, dut.RouterNotes). It must
// not build namespaces itself (lab does) or speak the API's wire protocol
// (routeros/deploy does).
package orchestrator

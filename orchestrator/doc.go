// Package orchestrator executes a scenario end to end: it is the one place that
// knows the whole pipeline, scenario → lab → deploy → traffic →
// measurements → analysis. Everything is validated and translated for every
// variant before the kernel is touched; the lab is destroyed on every exit
// path, including cancellation (SIGINT/SIGTERM cancel the context).
//
// The router under test is configured only through the RouterOS API, with
// the same deployer (routeros/deploy) for every DUT kind: for the embedded
// router the runner serves the API for it and deploys the config (and each
// variant, such as fasttrack on/off) through it, reads per-rule and
// per-queue counters after each variant (Options.OnCounters), and restores
// and verifies the router before the lab is destroyed. Kinds routeros and
// chr are refused by Run with what is missing.
package orchestrator

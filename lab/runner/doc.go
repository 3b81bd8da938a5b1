// Package runner executes a scenario end to end: it is the one place that
// knows the whole pipeline, scenario → lab → deploy → traffic →
// measurements → analysis. Everything is validated and translated for every
// variant before the kernel is touched; the lab is destroyed on every exit
// path, including cancellation (SIGINT/SIGTERM cancel the context).
package runner

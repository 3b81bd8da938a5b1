// Package dut is the registry of router kinds: the ways qosbench gets a
// router under test (the emulated router built in, a router VM, a CHR VM, a
// RouterBOARD on the host's ports). Each kind lives in its own subpackage
// (dut/embedded, dut/vm, dut/chr, dut/routeros) and registers a Kind from
// its init; dut/all imports them all. Callers choose a kind with Lookup and
// test for optional capabilities (ConfigChecker, SettingsMenus,
// ConntrackFlusher, CredentialFiles, Inspector) with type assertions: nothing outside
// this package and the kinds' own packages branches on a kind's name.
//
// The package owns the contract between the orchestrator and a router:
// validate, the ports offered to the lab, start (an API endpoint with
// credentials), stop and sweep. It must not build labs (lab does), deploy
// configs (routeros/deploy does, through Router.Target) or run traffic.
package dut

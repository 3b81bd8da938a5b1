// Command gen trims RouterOS's own command tree, as `/console/inspect`
// prints it and tikoci/restraml publishes it per version
// (docs/<version>/inspect.json, deep-inspect.json with completions), to
// what qosbench reads: every menu, its commands, and the arguments of its
// add and set commands with their type description and, where the data has
// completions, the values RouterOS offers. It writes
// routeros/schema/data/<version>.json.gz, the file package schema embeds.
//
// Run through `go generate ./routeros/schema` with RESTRAML set to a clone
// (or bare mirror) of github.com/tikoci/restraml; the versions and the
// commit read are listed in versions.txt, so the output is reproducible.
package main

// Package deploy holds no code: it ships the manifests that run a qosbench
// fleet on engines users already have (kubernetes/: an Indexed Job and its
// merge step; the GitHub Actions example is .github/workflows/fleet.yml),
// and its tests check them: the manifests decode strictly into the
// Kubernetes API types, the workflow parses and shards as documented.
// docs/fleet.md explains the whole path.
package deploy

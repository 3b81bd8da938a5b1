// Package labtest holds helpers for tests that need network namespaces.
package labtest

// Package wire encodes and decodes the RouterOS API wire format: words with
// a 1..5 byte length prefix, grouped into sentences ended by an empty word.
//
// It owns only the byte format. It knows nothing about commands, replies or
// sessions (emulator/api serves those; the deployer uses go-routeros).
// The decoder is bounded: a peer cannot make it allocate more than the
// configured word and sentence limits, which is what a server facing
// untrusted clients needs.
package wire

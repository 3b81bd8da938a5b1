package traffic

import "time"

// Sink receives the measurement events of one traffic class as they happen.
// Times are offsets on the run's single monotonic clock (see Clock), so a send
// time taken in one namespace and a receive time taken in another compare
// directly: one-way delay needs no clock synchronisation.
//
// A generator calls a Sink from several goroutines; implementations must be
// safe for concurrent use. Calls must not block for long: they run on the
// packet path of the generator.
type Sink interface {
	// Sent records one datagram handed to the kernel: stream identifies the
	// (call, direction) pair, seq is the per-stream sequence number starting at 0,
	// size is the UDP payload size in bytes.
	Sent(stream uint32, seq uint64, size int, at time.Duration)
	// Received records one datagram read back, with the send time carried in
	// its payload and the DSCP seen in the received IP header.
	Received(stream uint32, seq uint64, size int, sentAt, recvAt time.Duration, dscp uint8)
	// Bytes records n payload bytes delivered to a receiving application on a
	// byte stream (TCP flow), at time at.
	Bytes(flow uint32, n int, at time.Duration)
}

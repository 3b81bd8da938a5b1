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

// PacingSink is implemented by sinks that take the pacing error of paced
// senders: for every packet, the send time minus its scheduled time. A
// generator reports it only when its Sink implements the interface.
type PacingSink interface {
	Pacing(lateness time.Duration)
}

// Request is one completed (or failed) request of a request/response class.
type Request struct {
	Client uint32
	Start  time.Duration // when the request was issued (connect included)
	TTFB   time.Duration // time to first response byte, from Start
	FCT    time.Duration // flow completion time: last byte, from Start
	Bytes  int64         // response body bytes received
	Failed bool          // no complete response (connection error, timeout, short body)
}

// RequestSink is implemented by sinks that take per-request timings (web).
type RequestSink interface {
	Request(r Request)
}

// Verdict is the outcome of one probe attempt.
type Verdict struct {
	Attempt int
	At      time.Duration
	// Reply is what came back to the sender: "syn-ack", "rst",
	// "icmp-unreachable", "reply" (a UDP or ICMP echo answer) or "none".
	// A service probe records what the service did instead: "answered: "
	// and the first line of its banner, or one of the Reply* constants
	// ("refused (RST)", "no answer", "reset by service after accept"...).
	Reply string
	// Arrived reports whether the probe reached its target's socket; for a
	// service probe, whether the service answered or stayed open.
	Arrived bool
	// Verdict is "allow" or "deny", Expected what the scenario expects.
	Verdict, Expected string
	// ArrivedDSCP counts the DSCP values of the attempt's packets that
	// reached the target by the time the attempt ended, so re-marking by
	// the router shows; nil when none arrived.
	ArrivedDSCP map[uint8]uint64
}

// VerdictSink is implemented by sinks that take probe verdicts.
type VerdictSink interface {
	Verdict(v Verdict)
}

// DSCPSink is implemented by sinks that take the DSCP of packets arriving at
// a byte-stream class's receiving host (web, bulk). TCP sockets do not report
// the TOS byte per segment, so a sampler (see dscpSampler) reads it from an
// AF_PACKET socket and reports one call per TCP segment carrying payload in
// the class's data direction, with its arrival time on the run clock.
type DSCPSink interface {
	ReceivedDSCP(dscp uint8, at time.Duration)
}

// ConnectFailure is a connection a byte-stream class could not open: a bulk
// flow whose connect failed (the flow then sends nothing and its goodput is
// 0), or a web request whose connect failed (also a failed Request).
type ConnectFailure struct {
	Flow uint32        // the bulk flow or web client
	At   time.Duration // when the failure was seen (bulk: the class's start)
	// Reason is what the connect saw: ReplyRefused, ReplyUnreachable,
	// ReplyNoAnswer (the SYN went unanswered until the connect timeout), or
	// the error's text for anything else.
	Reason string
}

// FailureSink is implemented by sinks that take connection failures.
type FailureSink interface {
	ConnectFailed(f ConnectFailure)
}

// Reply kinds of a service probe, as recorded in Verdict.Reply. An
// answered service is recorded as "answered: " and the first line of its
// banner (see bannerText).
const (
	ReplyRefused       = "refused (RST)"
	ReplyUnreachable   = "refused (ICMP unreachable)"
	ReplyNoAnswer      = "no answer"
	ReplyServiceReset  = "reset by service after accept"
	ReplyServiceClosed = "closed by service after accept"
	ReplySilentOpen    = "open, silent for 500 ms"
	// ReplyAnsweredPrefix starts the Reply of a service that answered.
	ReplyAnsweredPrefix = "answered: "
)

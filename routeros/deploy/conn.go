package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/qosbench/qosbench/routeros"
)

// Row is one sentence of a reply (a "!re" row or the "!done"), as property
// name to value.
type Row map[string]string

// Reply is the answer to one command.
type Reply struct {
	Re   []Row // "!re" sentences, in order
	Done Row   // attributes of "!done" (such as "ret", the id of an added item); never nil
}

// Conn is one logged-in API session. Run sends one command sentence (the
// command word, then "=k=v" attribute and "?" query words) and waits for
// its reply. Run must honour ctx and its own per-command deadline: a router
// that stops answering ends the call with an error wrapping ErrConnection,
// after which the Conn is unusable. A command the router refuses ("!trap")
// returns a *TrapError and leaves the Conn usable. Conns are not safe for
// concurrent use; Close may be called more than once.
type Conn interface {
	Run(ctx context.Context, words ...string) (*Reply, error)
	Close() error
}

// DialFunc opens a new logged-in session. The Deployer dials again when a
// session breaks, so a DialFunc must be callable many times.
type DialFunc func(ctx context.Context) (Conn, error)

// ErrConnection marks errors that broke the session: a dropped or silent
// connection, a "!fatal" reply, a deadline. The session must be dialled
// again.
var ErrConnection = errors.New("router API connection lost")

// ErrNotRestored is wrapped by errors of Restore when the router could not
// be put back as it was before the deployment: the caller must say so
// loudly, since the router is left changed.
var ErrNotRestored = errors.New("router NOT restored to its state before the deployment")

// TrapError is a command the router refused ("!trap").
type TrapError struct {
	Command  string // command word, e.g. "/ip/firewall/filter/add"
	Message  string // the router's message
	Category string // "" when the router sent none
}

func (e *TrapError) Error() string {
	return fmt.Sprintf("router refused %s: %s", e.Command, e.Message)
}

// connErr wraps err as a broken-session error for command.
func connErr(command string, err error) error {
	if errors.Is(err, ErrConnection) {
		return err
	}
	return fmt.Errorf("%s: %w: %v", command, ErrConnection, err)
}

// sentenceText renders a command sentence for logs, errors and dry runs:
// words separated by spaces, each word quoted when it holds a space or a
// quote. Password values are shown as routeros.MaskedPassword.
func sentenceText(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if strings.HasPrefix(w, "=password=") {
			w = "=password=" + routeros.MaskedPassword
		}
		if strings.ContainsAny(w, " \t\n\"\\") || w == "" {
			fmt.Fprintf(&b, "%q", w)
		} else {
			b.WriteString(w)
		}
	}
	return b.String()
}

package api

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// MaxLogBytes bounds router.log: when a write would take it past this size
// it is moved to router.log.1 (replacing the one before) and started anew,
// so the two hold at most twice this. A flood of clients grew it by 18.5 MB
// in 25 s before.
const MaxLogBytes = 4 << 20

// rotatingLog is the router process's log writer over its stderr, a file
// the parent opened (router.log).
type rotatingLog struct {
	mu   sync.Mutex
	f    *os.File // stderr; its descriptor is re-pointed at each rotation
	path string
	n    int64
	max  int64
}

// capStderr returns a writer that rotates the file behind f at max bytes,
// or f itself when f is not a regular file (a terminal, a pipe).
func capStderr(f *os.File, max int64) io.Writer {
	path, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(f.Fd())))
	if err != nil {
		return f
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return f
	}
	return &rotatingLog{f: f, path: path, n: st.Size(), max: max}
}

func (r *rotatingLog) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n+int64(len(p)) > r.max && r.n > 0 {
		if err := r.rotate(); err != nil {
			// Better to drop lines than to grow without bound.
			return len(p), nil
		}
	}
	n, err := r.f.Write(p)
	r.n += int64(n)
	return n, err
}

// rotate moves the log to path.1 and points the descriptor at a new file,
// so that everything written to stderr (a crash's stack too) lands there.
func (r *rotatingLog) rotate() error {
	if err := os.Rename(r.path, r.path+".1"); err != nil {
		return fmt.Errorf("api: rotate %s: %w", r.path, err)
	}
	nf, err := os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("api: rotate %s: %w", r.path, err)
	}
	defer nf.Close()
	if err := unix.Dup2(int(nf.Fd()), int(r.f.Fd())); err != nil {
		return fmt.Errorf("api: rotate %s: %w", r.path, err)
	}
	r.n = 0
	return nil
}

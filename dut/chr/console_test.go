package chr

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// The transcripts below are what a CHR prints on its serial console from a
// factory image, step by step, with the input each step waits for. The
// prompt texts are RouterOS's own, as MikroTik's manual shows them
// (help.mikrotik.com, "First Time Configuration": admin, empty password,
// the licence question, and since RouterOS 7 the forced "new password>" /
// "repeat new password>" change) and as public expect scripts that boot
// CHR in CI answer them (login "admin+ct" for plain text, "n" to the
// licence, the VT100 answer to ESC Z). The banners are trimmed.

type step struct {
	out  string // what the console prints
	want string // the line it then waits for ("" ends the transcript)
}

const pw = "s3cret-Run-Pass"

var boot = Bootstrap{Password: pw, MgmtPort: "ether3",
	MgmtAddr: netip.MustParsePrefix("169.254.88.1/30"), Allowed: netip.MustParsePrefix("169.254.88.2/30")}

var routerOS7 = []step{
	{"\r\n\r\nMikroTik 7.16 (stable)\r\nMikroTik Login: ", "admin+ct"},
	{"admin+ct\r\nPassword: ", ""},
	{"\r\n\r\n  MikroTik RouterOS 7.16 (c) 1999-2024       https://www.mikrotik.com/\r\n\r\nDo you want to see the software license? [Y/n]: ", "n"},
	{"n\r\n\r\nChange your password\r\n\r\nnew password> ", pw},
	{"\r\nrepeat new password> ", pw},
	{"\r\nPassword changed\r\n\r\n[admin@MikroTik] > ", `/ip address add address=169.254.88.1/30 interface=ether3 comment=qosbench-management`},
	{"/ip address add address=169.254.88.1/30 interface=ether3 comment=qosbench-management\r\n[admin@MikroTik] > ", `/ip service set api disabled=no address=169.254.88.0/30`},
	{"/ip service set api disabled=no address=169.254.88.0/30\r\n[admin@MikroTik] > ", ""},
}

// RouterOS 6 asks no new password at the first login, and without +t it
// asks the terminal to identify itself.
var routerOS6 = []step{
	{"\r\n\r\nMikroTik 6.49.17 (long-term)\r\nMikroTik Login: ", "admin+ct"},
	{"\r\nPassword: ", ""},
	{"\x1bZ", "\x1b[?1;2c"},
	{"\r\n  MikroTik RouterOS 6.49.17 (c) 1999-2024       http://www.mikrotik.com/\r\n\r\nDo you want to see the software license? [Y/n]: ", "n"},
	{"\r\n[admin@MikroTik] > ", `/user set [find name=admin] password="` + pw + `"`},
	{"\r\n[admin@MikroTik] > ", `/ip address add address=169.254.88.1/30 interface=ether3 comment=qosbench-management`},
	{"\r\n[admin@MikroTik] > ", `/ip service set api disabled=no address=169.254.88.0/30`},
	{"\r\n[admin@MikroTik] > ", ""},
}

// play runs the transcript against Bootstrap.Run and returns Run's error
// and whether the console saw every input it waited for.
func play(t *testing.T, steps []step, timeout time.Duration) (error, bool) {
	t.Helper()
	us, them := net.Pipe()
	defer us.Close()
	defer them.Close() // open until Run returns: a silent console stays connected
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(them)
		sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
			// A terminal's answer to ESC Z ends in "c", with no CR.
			if strings.HasPrefix(string(data), "\x1b[") {
				if i := strings.IndexByte(string(data), 'c'); i >= 0 {
					return i + 1, data[:i+1], nil
				}
			}
			if i := strings.IndexByte(string(data), '\r'); i >= 0 {
				return i + 1, data[:i], nil
			}
			if atEOF {
				return 0, nil, nil
			}
			return 0, nil, nil
		})
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	done := make(chan bool, 1)
	go func() {
		for i, st := range steps {
			if _, err := them.Write([]byte(st.out)); err != nil {
				done <- false
				return
			}
			if i == len(steps)-1 {
				done <- true
				return
			}
			for {
				l, ok := <-lines
				if !ok {
					done <- false
					return
				}
				if l == st.want {
					break
				}
				if l != "" { // "" is a nudge: the console ignores it here
					t.Errorf("step %d: console got %q, want %q", i, l, st.want)
					done <- false
					return
				}
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := boot.Run(ctx, us)
	select {
	case ok := <-done:
		return err, ok
	case <-time.After(time.Second):
		return err, false
	}
}

func TestBootstrapRouterOS7(t *testing.T) {
	err, complete := play(t, routerOS7, 10*time.Second)
	if err != nil || !complete {
		t.Fatalf("bootstrap: %v (transcript complete: %v)", err, complete)
	}
}

func TestBootstrapRouterOS6(t *testing.T) {
	err, complete := play(t, routerOS6, 10*time.Second)
	if err != nil || !complete {
		t.Fatalf("bootstrap: %v (transcript complete: %v)", err, complete)
	}
}

func TestBootstrapRefusesAnImageWithAPassword(t *testing.T) {
	steps := []step{
		{"MikroTik Login: ", "admin+ct"},
		{"\r\nPassword: ", ""},
		{"\r\nLogin failed, incorrect username or password\r\n\r\nMikroTik Login: ", "never"},
	}
	err, _ := play(t, steps, 5*time.Second)
	if err == nil || !strings.Contains(err.Error(), "factory image") || !strings.Contains(err.Error(), "Login failed") {
		t.Fatalf("err = %v; want a refusal naming the factory image and showing the console", err)
	}
}

func TestBootstrapDeadlineShowsTheConsole(t *testing.T) {
	steps := []step{{"\r\nBooting RouterOS...\r\nloading system", "never"}}
	start := time.Now()
	err, _ := play(t, steps, 500*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "loading system") || time.Since(start) > 3*time.Second {
		t.Fatalf("err = %v after %v; want the deadline with the console's last lines", err, time.Since(start))
	}
}

// TestBootstrapAddressesTheLabPorts: the bootstrap gives the scenario's
// ports the lab's addresses (a factory CHR has none) before it opens the
// API, and the management port its own.
func TestBootstrapAddressesTheLabPorts(t *testing.T) {
	b := boot
	b.Ports = []PortAddr{{"ether2", netip.MustParsePrefix("192.168.88.1/24")}, {"ether1", netip.MustParsePrefix("100.64.0.1/24")}}
	got := strings.Join(b.Commands(false), "\n")
	want := strings.Join([]string{
		"/ip address add address=169.254.88.1/30 interface=ether3 comment=qosbench-management",
		"/ip address add address=192.168.88.1/24 interface=ether2 comment=qosbench-lab",
		"/ip address add address=100.64.0.1/24 interface=ether1 comment=qosbench-lab",
		"/ip service set api disabled=no address=169.254.88.0/30",
	}, "\n")
	if got != want {
		t.Errorf("commands:\n%s\nwant:\n%s", got, want)
	}
}

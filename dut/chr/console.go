package chr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"
	"time"
)

// Bootstrap brings a factory CHR to API-reachable over its serial console,
// without a person: log in as admin with the empty password, decline the
// licence text, set a random password (RouterOS 7 asks for one at the
// first login; on older versions it is set with /user), address the
// management port and enable the API on it only.
type Bootstrap struct {
	// Password is the admin password to set (random per run).
	Password string
	// MgmtPort is the CHR's management port (the NIC after the
	// scenario's ports: ether3 for a LAN and a WAN port).
	MgmtPort string
	// MgmtAddr is the CHR's address on the management link.
	MgmtAddr netip.Prefix
	// Allowed is the management peer's network: the only source the API
	// answers.
	Allowed netip.Prefix
	// Ports are the lab's addresses of the router ports the scenario
	// names (a factory CHR has none; the tested config does not set
	// them: the lab's addressing does, as for every kind).
	Ports []PortAddr
}

// PortAddr is a router port's address in the lab.
type PortAddr struct {
	Name string
	Addr netip.Prefix
}

// What the console shows, as RouterOS prints it (prompt texts from
// MikroTik's manual, "First Time Configuration", and public scripts that
// boot CHR in CI; see console_test.go).
var (
	loginRE    = regexp.MustCompile(`(?m)Login: ?$`)
	passwordRE = regexp.MustCompile(`(?m)Password: ?$`)
	licenseRE  = regexp.MustCompile(`Do you want to see the software license\? \[Y/n\]: ?$`)
	newPassRE  = regexp.MustCompile(`(?m)^new password> ?$`)
	repeatRE   = regexp.MustCompile(`(?m)repeat new password> ?$`)
	promptRE   = regexp.MustCompile(`\[admin@[^\]\r\n]+\] (<SAFE)?> ?$`)
	failedRE   = regexp.MustCompile(`Login failed, incorrect username or password`)
	// RouterOS asks the terminal to identify itself (ESC Z, DECID) and
	// waits for an answer (a VT102: ESC [ ? 6 c would do; "?1;2c" is a
	// VT100 with advanced video).
	decidRE = regexp.MustCompile("\x1bZ")
)

// LoginName is the user name sent at the login prompt: admin, with the
// console options +c (no colours) and +t (no terminal detection), so the
// output is plain text.
const LoginName = "admin+ct"

// Commands are what the bootstrap types at the prompt once logged in.
func (b Bootstrap) Commands(setPassword bool) []string {
	var cmds []string
	if setPassword {
		cmds = append(cmds, fmt.Sprintf("/user set [find name=admin] password=%q", b.Password))
	}
	cmds = append(cmds, fmt.Sprintf("/ip address add address=%s interface=%s comment=qosbench-management", b.MgmtAddr, b.MgmtPort))
	for _, p := range b.Ports {
		cmds = append(cmds, fmt.Sprintf("/ip address add address=%s interface=%s comment=qosbench-lab", p.Addr, p.Name))
	}
	return append(cmds, fmt.Sprintf("/ip service set api disabled=no address=%s", b.Allowed.Masked()))
}

// Run drives the console until every command was typed and the prompt came
// back, or ctx ends. A failure names what the console showed last.
func (b Bootstrap) Run(ctx context.Context, con io.ReadWriter) error {
	if b.Password == "" {
		return errors.New("chr: bootstrap needs a password")
	}
	out := make(chan string, 16)
	go func() {
		defer close(out)
		buf := make([]byte, 4096)
		for {
			n, err := con.Read(buf)
			if n > 0 {
				out <- string(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	var seen, all strings.Builder
	send := func(s string) error {
		seen.Reset() // answer each prompt once
		_, err := io.WriteString(con, s)
		return err
	}
	var (
		passwordSet, loggedIn bool
		cmds                  []string
		sentPass              int
	)
	// A nudge: the login prompt may have been printed before we connected.
	if err := send("\r"); err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("chr: console bootstrap: %w; the console showed last:\n%s", ctx.Err(), lastLines(all.String(), 10))
		case s, ok := <-out:
			if !ok {
				return fmt.Errorf("chr: console closed during the bootstrap; it showed last:\n%s", lastLines(all.String(), 10))
			}
			seen.WriteString(s)
			all.WriteString(s)
		case <-time.After(2 * time.Second):
			if !loggedIn {
				// Nothing new: nudge the console again (a CHR still
				// booting prints its login prompt only once).
				if err := send("\r"); err != nil {
					return err
				}
			}
			continue
		}
		text := strings.ReplaceAll(seen.String(), "\r", "")
		var err error
		switch {
		case decidRE.MatchString(text):
			err = send("\x1b[?1;2c")
		case failedRE.MatchString(text) && loggedIn:
			return fmt.Errorf("chr: console login refused: the image's admin has a password (give a factory image); the console showed:\n%s", lastLines(all.String(), 10))
		case loginRE.MatchString(text):
			loggedIn = true
			err = send(LoginName + "\r")
		case passwordRE.MatchString(text):
			err = send("\r") // factory images: admin, empty password
		case licenseRE.MatchString(text):
			err = send("n\r")
		case repeatRE.MatchString(text) && sentPass == 1:
			sentPass, passwordSet = 2, true
			err = send(b.Password + "\r")
		case newPassRE.MatchString(text) && sentPass == 0:
			sentPass = 1
			err = send(b.Password + "\r")
		case promptRE.MatchString(text):
			if cmds == nil {
				cmds = b.Commands(!passwordSet)
			}
			if len(cmds) == 0 {
				return nil
			}
			// The prompt after the last command ends the bootstrap.
			err = send(cmds[0] + "\r")
			cmds = cmds[1:]
		}
		if err != nil {
			return fmt.Errorf("chr: console: %w", err)
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(s, "\r", ""), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + strings.Join(lines, "\n  ")
}

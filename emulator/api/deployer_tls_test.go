package api_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qosbench/qosbench/emulator/api"
	"github.com/qosbench/qosbench/routeros/deploy"
)

// selfSigned returns a certificate for 127.0.0.1 and "router.lab", and its
// PEM encoding.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "router.lab"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    []string{"router.lab"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestAPISSL(t *testing.T) {
	cert, certPEM := selfSigned(t)
	_, otherPEM := selfSigned(t)
	dir := t.TempDir()
	ca, other := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "other.pem")
	if err := os.WriteFile(ca, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, otherPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	s := api.NewServer(api.Config{Backend: &fakeBackend{}, User: testUser, Password: testPassword})
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(ln) }()
	defer s.Close()
	addr := ln.Addr().String()
	ctx := context.Background()

	for _, c := range []struct {
		name    string
		tg      deploy.Target
		wantErr string
	}{
		{"pinned CA", deploy.Target{TLS: true, CAFile: ca}, ""},
		{"pinned CA, server name", deploy.Target{TLS: true, CAFile: ca, ServerName: "router.lab"}, ""},
		{"insecure", deploy.Target{TLS: true, Insecure: true}, ""},
		{"wrong CA", deploy.Target{TLS: true, CAFile: other}, "certificate"},
		{"wrong name", deploy.Target{TLS: true, CAFile: ca, ServerName: "other.lab"}, "certificate"},
		{"no CA, not insecure", deploy.Target{TLS: true}, "--ca FILE"},
		{"plain API against api-ssl", deploy.Target{}, "connection"},
	} {
		tg := c.tg
		tg.Address = addr
		tg.Credentials = deploy.Credentials{User: testUser, Password: testPassword}
		tg.DialTimeout, tg.CommandTimeout = 2*time.Second, 2*time.Second
		conn, err := tg.Dial(ctx)
		if c.wantErr != "" {
			if err == nil {
				conn.Close()
				t.Errorf("%s: dial succeeded", c.name)
			} else if !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: err = %v, want %q", c.name, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		r, err := conn.Run(ctx, "/system/identity/print")
		conn.Close()
		if err != nil || len(r.Re) != 1 || r.Re[0]["name"] == "" {
			t.Errorf("%s: identity print %+v %v", c.name, r, err)
		}
	}
}

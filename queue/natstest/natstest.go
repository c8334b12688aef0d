// Package natstest runs a real NATS server with JetStream inside a test
// process, so tests of the distributed mode need nothing installed: the
// server is the nats-server Go package, storing its streams in the test's
// temporary directory, and is shut down when the test ends.
//
//	url := natstest.Start(t).ClientURL()
//	// run workers (in this process or as child processes) against url
package natstest

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Options adjust the server Start runs; the zero value is fine.
type Options struct {
	// MaxPayload caps one message's size (the server default, 1 MiB,
	// when 0), for tests of oversized inputs.
	MaxPayload int32
	// StoreDir keeps JetStream's files (a new temporary directory when "").
	// Restart a server on the same directory to test persistence.
	StoreDir string
	// Port to listen on (a random free port when 0).
	Port int
}

// Start runs a NATS server with JetStream on loopback and returns it once
// it accepts connections; it is shut down when t ends.
func Start(t testing.TB) *server.Server { return StartWith(t, Options{}) }

// StartWith is Start with options.
func StartWith(t testing.TB, o Options) *server.Server {
	t.Helper()
	dir := o.StoreDir
	if dir == "" {
		dir = t.TempDir()
	}
	port := o.Port
	if port == 0 {
		port = -1 // random
	}
	opts := &server.Options{
		Host:       "127.0.0.1",
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		MaxPayload: o.MaxPayload,
		NoSigs:     true, // the test process owns its signals
		NoLog:      true,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("natstest: configuring the NATS server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		t.Fatalf("natstest: the NATS server did not accept connections within 10s")
	}
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s
}

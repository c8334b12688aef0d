// Package storetest gives tests a fresh, real store: a SQLite file in the
// test's temporary directory, or a PostgreSQL schema of its own in the
// server named by VIGIL_TEST_DSN (dropped when the test ends), so that the
// tests of many packages can share one server at the same time.
//
//	s := storetest.SQLite(t)
//	for _, b := range storetest.Backends() { t.Run(b.Name, func(t *testing.T) { s := b.Open(t); ... }) }
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/vigil-ews/vigil/store"
)

// EnvDSN names the environment variable with the PostgreSQL server for
// tests (.ci/run sets it).
const EnvDSN = "VIGIL_TEST_DSN"

// Backend is one store implementation to run a test against.
type Backend struct {
	Name string
	// Open returns a new, empty store, closed when the test ends. On
	// PostgreSQL without VIGIL_TEST_DSN it skips the test, saying why.
	Open func(t testing.TB) store.Store
	// Target returns a new, empty store's target (file path or DSN) without
	// opening it, for tests that open it themselves or in another process.
	Target func(t testing.TB) string
}

// Backends lists SQLite and PostgreSQL.
func Backends() []Backend {
	return []Backend{
		{Name: "sqlite", Open: SQLite, Target: SQLitePath},
		{Name: "postgres", Open: Postgres, Target: PostgresDSN},
	}
}

// SQLitePath returns the path of a new database file in t's temporary
// directory.
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "vigil.db")
}

// SQLite opens a new SQLite store, closed when the test ends.
func SQLite(t testing.TB) store.Store {
	return open(t, SQLitePath(t))
}

// Postgres opens a new PostgreSQL store in a schema of its own, closed and
// dropped when the test ends; it skips the test without VIGIL_TEST_DSN.
func Postgres(t testing.TB) store.Store {
	return open(t, PostgresDSN(t))
}

// PostgresDSN creates an empty schema for t and returns a DSN whose
// search_path selects it; the schema is dropped when the test ends. It
// skips the test without VIGIL_TEST_DSN.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDSN)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a postgres:// URL (.ci/run starts a server and sets it)", EnvDSN)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "vigil_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating test schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("dropping test schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping test schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, base, schema)
}

// NamedSchemaDSN returns a DSN for the schema name in the VIGIL_TEST_DSN
// server, creating the schema if needed and keeping it after the test
// (for benchmarks that build a large store once). It skips without
// VIGIL_TEST_DSN.
func NamedSchemaDSN(t testing.TB, name string) string {
	t.Helper()
	base := os.Getenv(EnvDSN)
	if base == "" {
		t.Skipf("PostgreSQL skipped: set %s to a postgres:// URL", EnvDSN)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("creating schema %s: %v", name, err)
	}
	return withSearchPath(t, base, name)
}

func withSearchPath(t testing.TB, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvDSN, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, target string) store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), target)
	if err != nil {
		t.Fatalf("opening store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("closing store: %v", err)
		}
	})
	return s
}

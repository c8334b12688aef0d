package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrations are embedded SQL files, one directory per backend, named
// NNNN_what.sql. Each runs once, in order, in its own transaction, and is
// recorded in schema_version. Never edit a released migration: add one.
//
//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations(backend string) ([]migration, error) {
	dir := path.Join("migrations", backend)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_what.sql", dir, name)
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// latestVersion is the schema version this build writes.
func latestVersion(backend string) int {
	ms, err := migrations(backend)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate brings the schema up to date, in one transaction. Concurrent
// processes opening the same database wait for each other: SQLite's write
// lock (BEGIN IMMEDIATE on the writer connection) or, on PostgreSQL, an
// advisory lock per schema taken before anything else (CREATE TABLE IF NOT
// EXISTS alone races with itself there).
func (s *db) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, latestVersion(s.backend))
}

// migrateTo brings the schema up to version latest (tests of migrations
// stop at older versions).
func (s *db) migrateTo(ctx context.Context, latest int) error {
	ms, err := migrations(s.backend)
	if err != nil {
		return fmt.Errorf("reading migrations: %w", err)
	}
	// Up to date (the usual case): no lock, so opening a store never
	// waits for a busy writer.
	if v, err := s.schemaVersion(ctx); err == nil && v >= latest {
		if v > latest {
			return fmt.Errorf("database schema is version %d but this vigil knows only up to %d: upgrade vigil", v, latest)
		}
		return nil
	}
	var cur int
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if s.pg() {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('vigil-migrate:' || current_schema()))`); err != nil {
				return fmt.Errorf("waiting for the migration lock: %w", err)
			}
		}
		create := `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("creating schema_version: %w", err)
		}
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
			return fmt.Errorf("reading schema version: %w", err)
		}
		cur = int(v.Int64)
		for _, m := range ms {
			if m.version <= cur || m.version > latest {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)`),
				m.version, m.name, stamp(time.Now())); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if cur > latest {
		return fmt.Errorf("database schema is version %d but this vigil knows only up to %d: upgrade vigil", cur, latest)
	}
	return nil
}

func (s *db) schemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("reading schema version: %w", err)
	}
	return int(v.Int64), nil
}

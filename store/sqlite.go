package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// OpenSQLite opens (creating if needed) the SQLite store in the file at path.
//
// The file is in WAL mode, so readers never wait for the writer. All writes
// go through one connection, so concurrent goroutines queue instead of
// failing with SQLITE_BUSY; other processes writing the same file wait up
// to busy_timeout. synchronous=NORMAL keeps every committed transaction
// across a process crash (a power cut may lose the last ones, never
// corrupt the file).
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	s, err := openSQLite(ctx, path, latestVersion("sqlite"))
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openSQLite opens the store with its schema at version (tests of
// migrations open older ones).
func openSQLite(ctx context.Context, path string, version int) (*db, error) {
	if path == "" {
		return nil, fmt.Errorf("open SQLite store: empty path")
	}
	if strings.HasPrefix(path, "file:") || path == ":memory:" {
		return nil, fmt.Errorf("open SQLite store %q: give a plain file path (an in-memory database cannot be shared by the reader and writer connections)", path)
	}
	if dir := filepath.Dir(path); dir != "." {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("open SQLite store %s: directory %s: %w (create it first)", path, dir, err)
		}
	}
	base := "file:" + escapeURIPath(path) + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	// A large page cache for the writer: inserts touch leaf pages of many
	// indexes, and re-reading them from the file dominated write time.
	// journal_size_limit trims the WAL file after a large import.
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=journal_size_limit(67108864)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open SQLite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	// Readers cannot write by accident; WAL lets them read while the
	// writer writes.
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)&_pragma=cache_size(-32768)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open SQLite store %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	s := &db{backend: "sqlite", r: r, w: w, path: path}
	// The first statement on the writer creates the file and turns WAL on,
	// before any reader opens it.
	if err := w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open SQLite store %s: %w", path, err)
	}
	if err := s.migrateTo(ctx, version); err != nil {
		s.Close()
		return nil, fmt.Errorf("open SQLite store %s: %w", path, err)
	}
	return s, nil
}

// escapeURIPath escapes the characters that would end or alter the path
// part of an SQLite "file:" URI.
func escapeURIPath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/vigil-ews/vigil/store"
)

// defaultDB is the SQLite file used when neither a flag nor the
// environment names a database.
const defaultDB = "vigil.db"

// storeFlags are the flags of every command that reads or writes the store.
type storeFlags struct {
	db  string
	dsn string
}

// addStoreFlags declares --db and --dsn on fs. Every command that touches
// the store calls it, so they all find the same database the same way.
func addStoreFlags(fs *flag.FlagSet) *storeFlags {
	s := &storeFlags{}
	fs.StringVar(&s.db, "db", "", "SQLite database `file` (default "+defaultDB+", or $VIGIL_DB)")
	fs.StringVar(&s.dsn, "dsn", "", "PostgreSQL `URL` postgres://user:pass@host/db (or $VIGIL_DSN) instead of SQLite")
	return s
}

// target says which database to open: a flag wins over the environment,
// and PostgreSQL over SQLite only when asked for.
func (s *storeFlags) target(e *env) (string, error) {
	switch {
	case s.db != "" && s.dsn != "":
		return "", usagef("give either --db (SQLite file) or --dsn (PostgreSQL URL), not both")
	case s.dsn != "":
		if !store.IsPostgres(s.dsn) {
			return "", usagef("--dsn %q is not a postgres:// URL; use --db for a SQLite file", s.dsn)
		}
		return s.dsn, nil
	case s.db != "":
		return s.db, nil
	}
	if v := e.Getenv("VIGIL_DSN"); v != "" {
		return v, nil
	}
	if v := e.Getenv("VIGIL_DB"); v != "" {
		return v, nil
	}
	return defaultDB, nil
}

// open opens the store the flags (or environment) name. The caller closes it.
func (s *storeFlags) open(ctx context.Context, e *env) (store.Store, error) {
	t, err := s.target(e)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, t)
}

// openExisting opens the store like open, but refuses to create a new
// SQLite file: a command that only reads should say the database is
// missing, not quietly show an empty one.
func (s *storeFlags) openExisting(ctx context.Context, e *env) (store.Store, error) {
	t, err := s.target(e)
	if err != nil {
		return nil, err
	}
	if !store.IsPostgres(t) {
		if _, err := os.Stat(t); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s: store something first (vigil ingest ...), or name the database with --db FILE or --dsn URL", t)
		}
	}
	return store.Open(ctx, t)
}

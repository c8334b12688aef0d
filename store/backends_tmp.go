package store

import (
	"context"
	"errors"
)

// OpenSQLite opens a SQLite store (implementation lands next).
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	return nil, errors.New("open store: SQLite backend not built yet")
}

// OpenPostgres opens a PostgreSQL store (implementation lands next).
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	return nil, errors.New("open store: PostgreSQL backend not built yet")
}

package store

import (
	"context"
	"fmt"
	"strings"
)

// Open opens (creating and migrating when needed) the store at target:
// a "postgres://" or "postgresql://" URL for PostgreSQL, otherwise the path
// of a SQLite file ("vigil.db"). The schema is brought up to date before
// Open returns.
func Open(ctx context.Context, target string) (Store, error) {
	if target == "" {
		return nil, fmt.Errorf("open store: no database given: pass a file path (--db) or a postgres:// URL (--dsn)")
	}
	if IsPostgres(target) {
		return OpenPostgres(ctx, target)
	}
	return OpenSQLite(ctx, target)
}

// IsPostgres reports whether target is a PostgreSQL URL.
func IsPostgres(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

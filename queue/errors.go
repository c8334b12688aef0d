package queue

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// failure says what a failed commit means for its input.
type failure int

const (
	// unknownFailure: retry a few times, then redeliver; after MaxDeliver
	// deliveries the input goes to vigil.dead with the error.
	unknownFailure failure = iota
	// storeDown: the database cannot be reached or is overloaded. Not the
	// input's fault: keep retrying, take no new work.
	storeDown
	// badData: the database refuses this input's values (PostgreSQL data
	// exception, integrity or syntax classes). It will never succeed.
	badData
)

// classify tells a store failure that will pass from one that will not.
func classify(err error) failure {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && len(pe.Code) == 5 {
		switch pe.Code[:2] {
		case "08", // connection exception
			"40", // transaction rollback: serialization failure, deadlock
			"53", // insufficient resources: disk full, too many connections
			"55", // object not in prerequisite state: lock not available
			"57", // operator intervention: shutdown, query canceled
			"58": // system error: I/O
			return storeDown
		case "22", // data exception: bad encoding, NUL in text, value too long
			"23": // integrity constraint violation
			return badData
		}
		return unknownFailure
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err), pgconn.SafeToRetry(err),
		errors.Is(err, context.DeadlineExceeded):
		return storeDown
	}
	// SQLite (one worker on one machine): a busy or locked database passes.
	if s := err.Error(); strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked") {
		return storeDown
	}
	return unknownFailure
}

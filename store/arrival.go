package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Arrival order on PostgreSQL.
//
// Rows of an append-only log (events, warning changes) carry the ID of the
// transaction that wrote them (xid8) and a sequence number. Sequence
// numbers are taken when rows are inserted, not when their transaction
// commits, so a transaction that started first can commit after a later
// one: a poller that returned everything committed would move its cursor
// past rows that are still to appear, and skip them for ever.
//
// So a poller reads only rows of transactions below a horizon H: every
// transaction below H that could write to the table has ended. H is the
// smallest transaction ID among the writers of the table still running,
// or, with none, the next transaction ID to be assigned.
//
// A writer is any transaction holding a lock stronger than ACCESS SHARE
// on the table (an INSERT takes ROW EXCLUSIVE). Only those count: a long
// transaction of another program, or of another Vigil store in the same
// server (a test's schema, say), does not hold the poller back, as it did
// when H was the oldest transaction of the whole server (the snapshot's
// xmin).
//
// Why it is safe. Statement 1 (arrivalHorizon) takes its snapshot S0,
// then reads the lock table L; statement 2 reads the rows below H with a
// later snapshot. Take a transaction W below H that writes the table:
//   - W held the lock when L was read: its ID is in S0's list of running
//     transactions (it was running at S0, or got its ID after S0 and so is
//     not below S0's xmax ≥ H), and then H ≤ W: a contradiction.
//   - W took the lock after L was read but got its ID before: impossible
//     for Vigil's writers, which lock the table before they write anything
//     (lockForArrival), so their ID comes after the lock; an INSERT into
//     the table alone does too (the lock is taken when it is parsed).
//   - W took the lock after and its ID after: W ≥ S0's xmax ≥ H.
//   - W released its lock before L was read: it had ended, so statement 2,
//     whose snapshot is later, sees all it wrote.
// Hence everything below H is final when statement 2 reads it.

// arrivalHorizon returns H (see above) for table, as xid8 text.
func (s *db) arrivalHorizon(ctx context.Context, table string) (string, error) {
	// pg_locks names a transaction's own ID in a 'transactionid' row of
	// the same virtual transaction; it is 32 bits, S0's list 64.
	var h string
	err := s.r.QueryRowContext(ctx, `WITH writers AS (
			SELECT l2.transactionid::text::bigint AS x
			FROM pg_locks l1 JOIN pg_locks l2 ON l2.virtualtransaction = l1.virtualtransaction
			WHERE l1.locktype = 'relation' AND l1.relation = $1::regclass
				AND l1.database = (SELECT oid FROM pg_database WHERE datname = current_database())
				AND l1.mode <> 'AccessShareLock'
				AND l2.locktype = 'transactionid' AND l2.mode = 'ExclusiveLock' AND l2.granted)
		SELECT COALESCE(MIN(x8), pg_snapshot_xmax(pg_current_snapshot()))::text
		FROM pg_snapshot_xip(pg_current_snapshot()) AS x8
		WHERE x8::text::bigint % 4294967296 IN (SELECT x FROM writers)`, table).Scan(&h)
	if err != nil {
		return "", fmt.Errorf("arrival horizon of %s: %w", table, err)
	}
	return h, nil
}

// lockForArrival takes the lock that makes tx a writer of table for
// arrival polling (see above). Call it first in the transaction, before it
// writes anything: the transaction gets its ID at its first write, and
// that ID must come after the lock.
func lockForArrival(ctx context.Context, tx pgx.Tx, table string) error {
	if _, err := tx.Exec(ctx, "LOCK TABLE "+table+" IN ROW EXCLUSIVE MODE"); err != nil {
		return fmt.Errorf("locking %s for writing: %w", table, err)
	}
	return nil
}

package store_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// On PostgreSQL, transaction A may start before B and commit after it. A
// poller that had seen B must still get A: ByArrival holds B back while A
// runs, then returns A before B.
func TestArrivalWaitsForOlderTransactions(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cur, err := s.ArrivalCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	txA, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := txA.Exec(ctx, `INSERT INTO events (id, article, date, source, target, source_country, target_country, code, root, quad)
		VALUES ('a', 'slow', '2024-10-15', 'PRK', 'KOR', 'PRK', 'KOR', '191', '19', 4)`); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, store.Entry{Events: []vigil.Event{{ID: "b", Article: "fast", Date: "2024-10-15", Source: "KOR", Target: "PRK", Code: "112", Quad: 3}}})
	poll := func() []string {
		t.Helper()
		p, err := s.Events(ctx, store.EventFilter{Order: store.ByArrival, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range p.Items {
			got = append(got, e.ID)
		}
		cur = p.Next
		return got
	}
	if got := poll(); len(got) != 0 {
		t.Fatalf("while an older transaction runs: got %v, want nothing yet", got)
	}
	if err := txA.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := poll(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("after it commits: got %v, want [a b]", got)
	}
	if got := poll(); len(got) != 0 {
		t.Fatalf("polling again: got %v, want nothing", got)
	}
}

// Transactions that do not write events — another program's, or another
// store's in the same server (CI runs the tests of many packages against
// one server at once) — do not hold polling back, however long they run.
func TestArrivalIgnoresOtherTransactions(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cur, err := s.ArrivalCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A transaction with an ID of its own, writing elsewhere: in another
	// store's schema, and in this store's warnings.
	other := storetest.PostgresDSN(t)
	os, err := store.Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	os.Close()
	for _, target := range []string{other, dsn} {
		conn, err := pgx.Connect(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `INSERT INTO treaty_status (treaty, status) VALUES ('t', 'signed')`); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, s, store.Entry{Events: []vigil.Event{{ID: "b", Article: "fast", Date: "2024-10-15", Source: "KOR", Target: "PRK", Code: "112", Quad: 3}}})
	p, err := s.Events(ctx, store.EventFilter{Order: store.ByArrival, Cursor: cur})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].ID != "b" {
		t.Fatalf("while unrelated transactions run: got %v, want [b]", p.Items)
	}
	end, err := s.ArrivalCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if end != p.Next {
		t.Errorf("ArrivalCursor %q, want the position after b %q", end, p.Next)
	}
}

// The warning log is polled with the same guarantee as the events: a
// change whose transaction started first and commits last is not skipped.
func TestWarningLogWaitsForOlderTransactions(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pos, err := s.WarningLogEnd(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	slow, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := slow.Exec(ctx, `INSERT INTO warning_log (warning, at, change) VALUES ('slow', '2024-10-15T00:00:00.000000000Z', 'new')`); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveWarning(ctx, &vigil.Warning{ID: "fast", History: []vigil.WarningChange{{Change: "new"}}}); err != nil {
		t.Fatal(err)
	}
	poll := func() []string {
		t.Helper()
		p, err := s.WarningLog(ctx, pos, 10)
		if err != nil {
			t.Fatal(err)
		}
		pos = p.Next
		var got []string
		for _, lc := range p.Items {
			got = append(got, lc.Warning)
		}
		return got
	}
	if got := poll(); len(got) != 0 {
		t.Fatalf("while an older transaction runs: %v, want nothing yet", got)
	}
	if err := slow.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := poll(); len(got) != 2 || got[0] != "slow" || got[1] != "fast" {
		t.Fatalf("after it commits: %v, want [slow fast]", got)
	}
}

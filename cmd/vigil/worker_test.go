package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil/queue/natstest"
	"github.com/vigil-ews/vigil/store"
)

// TestWorkerAndBackfill runs the commands end to end against a real NATS
// server: backfill an archive, a worker codes it into SQLite, backfill
// --wait follows the workers and reports the bad input, --dead lists it,
// and the worker drains on cancellation with status 0.
func TestWorkerAndBackfill(t *testing.T) {
	url := natstest.Start(t).ClientURL()
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	archive := filepath.Join(dir, "archive")
	os.MkdirAll(archive, 0o755)
	os.WriteFile(filepath.Join(archive, "stories.jsonl"), []byte(
		`{"date": "2024-10-09", "title": "Roads", "text": "North Korea blew up roads and railways leading to South Korea on Tuesday."}`+"\n"+
			`{"date": "2024-10-12", "title": "Drones", "text": "North Korea accused South Korea of sending drones over Pyongyang."}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(archive, "note.txt"), []byte("Russia ratified the treaty with North Korea on Wednesday."), 0o644)

	if code, _, errs := runVigil(t, "", "backfill", archive); code != 2 || !strings.Contains(errs, "--nats") {
		t.Errorf("backfill without --nats: exit %d, %q; want 2 and a hint", code, errs)
	}
	code, out, errs := runVigil(t, "", "backfill", "--nats", url, "--json", archive)
	if code != 0 {
		t.Fatalf("backfill: exit %d: %s", code, errs)
	}
	var sum backfillSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Queued != 3 || sum.Files != 2 {
		t.Fatalf("backfill summary %s (%v); want 3 inputs from 2 files", out, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var werr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		e := &env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &werr, Getenv: func(string) string { return "" }}
		done <- run(ctx, e, []string{"worker", "--nats", url, "--db", db, "--concurrency", "2"})
	}()

	os.WriteFile(filepath.Join(dir, "blob.bin"), []byte("\x00\x01\x02binary\x00"), 0o644)
	code, out, errs = runVigil(t, "", "backfill", "--nats", url, "--wait", filepath.Join(dir, "blob.bin"))
	if code != 1 || !strings.Contains(out, "1 inputs went to vigil.dead") || !strings.Contains(errs, "vigil backfill --dead") {
		t.Errorf("backfill --wait of a binary file: exit %d, out %q, err %q; want 1 and the dead letter reported", code, out, errs)
	}
	code, out, _ = runVigil(t, "", "backfill", "--nats", url, "--dead")
	if code != 0 || !strings.Contains(out, "blob.bin") || !strings.Contains(out, "not text") {
		t.Errorf("backfill --dead: exit %d, %q", code, out)
	}

	cancel()
	select {
	case c := <-done:
		if c != 0 {
			t.Errorf("worker exit %d after cancellation, want 0: %s", c, werr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the worker did not drain")
	}
	if !strings.Contains(werr.String(), "drained") {
		t.Errorf("worker log does not say it drained:\n%s", werr.String())
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, _ := st.Stats(context.Background())
	if s.Articles != 3 {
		t.Errorf("store holds %d articles, want 3", s.Articles)
	}
}

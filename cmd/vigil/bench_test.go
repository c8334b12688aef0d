package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBench(t *testing.T) {
	dir := t.TempDir()
	corpus := `{"id":"a","date":"2024-10-15","title":"Roads","text":"North Korea blew up roads linking it to South Korea on Tuesday. Seoul condemned the move."}
{"id":"b","date":"2024-10-14","text":"Russian Defence Minister Andrei Belousov held talks with Chinese Defence Minister Dong Jun in Beijing on Monday."}
not json at all
`
	if err := os.WriteFile(filepath.Join(dir, "news.jsonl"), []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "one.txt"), []byte("Iran launched drones and missiles at Israel overnight."), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runVigil(t, "", "bench", "--json", "--workers", "2", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep benchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output is not one object: %v\n%s", err, out)
	}
	if rep.Articles != 3 || rep.Skipped != 1 {
		t.Errorf("articles %d skipped %d, want 3 and 1", rep.Articles, rep.Skipped)
	}
	if rep.Sentences < 4 || rep.Events < 4 || rep.SentencesPerSec <= 0 || rep.ArticlesPerSec <= 0 || rep.MBPerSec <= 0 || rep.GOMAXPROCS < 1 || rep.Workers != 2 {
		t.Errorf("implausible report: %+v", rep)
	}
	for _, key := range []string{`"sentences_per_sec"`, `"articles_per_sec"`, `"mb_per_sec"`, `"events"`, `"gomaxprocs"`} {
		if !strings.Contains(out, key) {
			t.Errorf("--json lacks %s", key)
		}
	}

	code, out, _ = runVigil(t, "", "bench", "--limit", "1", filepath.Join(dir, "news.jsonl"))
	if code != 0 || !strings.Contains(out, "sentences/s") || !strings.Contains(out, "articles     1 ") {
		t.Errorf("text report (exit %d):\n%s", code, out)
	}
	if code, _, errs := runVigil(t, "", "bench"); code != 2 || !strings.Contains(errs, "corpus") {
		t.Errorf("no paths: exit %d, %q", code, errs)
	}
	if code, _, _ := runVigil(t, "", "bench", filepath.Join(dir, "absent.jsonl")); code != 1 {
		t.Errorf("absent corpus: exit %d, want 1", code)
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

const storeCmdText = "North Korea blew up roads to the South. Seoul accused Pyongyang of a provocation. Russia ratified the treaty."

// storeCmdDB writes a small store for the commands that read it.
func storeCmdDB(t *testing.T) (path, articleID string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "vigil.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := storeCmdText
	sent := func(s string) [2]int {
		i := strings.Index(text, s)
		return [2]int{i, i + len(s)}
	}
	s1, s2, s3 := "North Korea blew up roads to the South.", "Seoul accused Pyongyang of a provocation.", "Russia ratified the treaty."
	a := &vigil.Article{Text: text, URL: "https://news.example/roads", Source: "Example", Title: "Roads blown up",
		Published: time.Date(2024, 10, 15, 9, 0, 0, 0, time.UTC)}
	evs := []vigil.Event{
		{Date: "2024-10-15", Source: "PRKMIL", Target: "KOR", Code: "191", Root: "19", Quad: 4, Goldstein: -9.5, Sentence: s1, Offsets: sent(s1), Pattern: "blow up"},
		{Date: "2024-10-15", Source: "KORGOV", Target: "PRKGOV", Code: "112", Root: "11", Quad: 3, Goldstein: -2, Sentence: s2, Offsets: sent(s2), Pattern: "accuse"},
		{Date: "2024-11-09", Source: "RUSLEG", Target: "PRK", Code: "057", Root: "05", Quad: 1, Goldstein: 8, Sentence: s3, Offsets: sent(s3), Pattern: "ratify", Hypothetical: true},
	}
	if _, err := s.Write(context.Background(), store.Entry{Article: a, Events: evs}); err != nil {
		t.Fatal(err)
	}
	return path, vigil.ArticleID(text)
}

func jsonLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var xs []T
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var x T
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("not JSON Lines: %q: %v", sc.Text(), err)
		}
		xs = append(xs, x)
	}
	return xs
}

func TestEventsCommand(t *testing.T) {
	db, _ := storeCmdDB(t)
	for _, tc := range []struct {
		name  string
		args  []string
		codes []string
	}{
		{"all", nil, []string{"191", "112"}},
		{"flagged", []string{"--flagged"}, []string{"191", "112", "057"}},
		{"dyad", []string{"--dyad", "prk-kor"}, []string{"191", "112"}},
		{"directed dyad", []string{"--dyad", "KOR>PRK"}, []string{"112"}},
		{"directed flag", []string{"--dyad", "PRK-KOR", "--directed"}, []string{"191"}},
		{"root", []string{"--root", "19,05", "--flagged"}, []string{"191", "057"}},
		{"one-digit root", []string{"--root", "5", "--flagged"}, []string{"057"}},
		{"code and quad", []string{"--code", "112,191", "--quad", "3"}, []string{"112"}},
		{"dates", []string{"--since", "2024-10-16", "--flagged"}, []string{"057"}},
		{"until", []string{"--until", "2024-10-14"}, nil},
		{"text", []string{"--text", "provocation"}, []string{"112"}},
		{"actor", []string{"--actor", "prkmil"}, []string{"191"}},
		{"desc", []string{"--desc", "--flagged"}, []string{"057", "112", "191"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runVigil(t, "", append([]string{"events", "--db", db, "--json"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var got []string
			for _, e := range jsonLines[vigil.Event](t, out) {
				got = append(got, e.Code)
			}
			if strings.Join(got, ",") != strings.Join(tc.codes, ",") {
				t.Errorf("codes %v, want %v", got, tc.codes)
			}
		})
	}
	// The table for people, and paging with the cursor it prints.
	code, out, errs := runVigil(t, "", "events", "--db", db, "--limit", "1")
	if code != 0 || !strings.Contains(out, "PRKMIL → KOR") || !strings.Contains(out, "North Korea blew up roads") || !strings.Contains(errs, "--cursor ") {
		t.Fatalf("table: exit %d\n%s\n%s", code, out, errs)
	}
	cur := strings.TrimSpace(errs[strings.Index(errs, "--cursor ")+len("--cursor "):])
	code, out, _ = runVigil(t, "", "events", "--db", db, "--limit", "1", "--cursor", cur)
	if code != 0 || !strings.Contains(out, "KORGOV → PRKGOV") || strings.Contains(out, "PRKMIL") {
		t.Errorf("next page: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{
		{"--dyad", "PRK"}, {"--since", "15.10.2024"}, {"--code", "19x"}, {"--quad", "5"}, {"--root", "190"},
		{"--directed"}, {"--cursor", "nonsense"}, {"--limit", "-1"}, {"stray"},
	} {
		if code, _, errs := runVigil(t, "", append([]string{"events", "--db", db}, bad...)...); code != 2 {
			t.Errorf("%q: exit %d (%s), want 2", bad, code, errs)
		}
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if code, _, errs := runVigil(t, "", "events", "--db", missing); code != 1 || !strings.Contains(errs, "no database") {
		t.Errorf("missing database: exit %d %q", code, errs)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("reading a missing database created it")
	}
}

func TestSearchCommand(t *testing.T) {
	db, id := storeCmdDB(t)
	code, out, errs := runVigil(t, "", "search", "--db", db, "ratified", "treaty", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	hits := jsonLines[store.SearchHit](t, out)
	if len(hits) != 1 || hits[0].ID != id || !strings.Contains(hits[0].Snippet, "«ratified»") {
		t.Errorf("hits %+v", hits)
	}
	code, out, _ = runVigil(t, "", "search", "--db", db, "roads")
	if code != 0 || !strings.Contains(out, "Roads blown up") || !strings.Contains(out, id) {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	if code, _, errs := runVigil(t, "", "search", "--db", db, "submarine"); code != 0 || !strings.Contains(errs, "no article") {
		t.Errorf("no hits: exit %d %q", code, errs)
	}
	if code, _, _ := runVigil(t, "", "search", "--db", db); code != 2 {
		t.Errorf("no query: exit %d, want 2", code)
	}
}

func TestArticleCommand(t *testing.T) {
	db, id := storeCmdDB(t)
	for _, ref := range []string{id, "https://news.example/roads"} {
		code, out, errs := runVigil(t, "", "article", "--db", db, ref)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", ref, code, errs)
		}
		for _, want := range []string{"Roads blown up", "2024-10-15", "Seoul accused Pyongyang", "KORGOV → PRKGOV 112", "057 (hypothetical)"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", ref, want, out)
			}
		}
	}
	code, out, _ := runVigil(t, "", "article", "--db", db, id, "--json")
	var d store.ArticleDetail
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || len(d.Sentences) != 3 || len(d.Sentences[1].Events) != 1 || d.Text != storeCmdText {
		t.Errorf("--json: exit %d\n%s", code, out)
	}
	if code, _, errs := runVigil(t, "", "article", "--db", db, "0000"); code != 1 || !strings.Contains(errs, "no article") {
		t.Errorf("unknown ID: exit %d %q", code, errs)
	}
	if code, _, errs := runVigil(t, "", "article", "--db", db, "https://elsewhere.example/"); code != 1 || !strings.Contains(errs, "no stored article") {
		t.Errorf("unknown URL: exit %d %q", code, errs)
	}
}

func TestStatsCommand(t *testing.T) {
	db, _ := storeCmdDB(t)
	code, out, errs := runVigil(t, "", "stats", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]float64{"articles": 1, "events": 3, "sources": 1, "flagged": 1, "sentences": 3} {
		if m[k] != want {
			t.Errorf("%s = %v, want %v", k, m[k], want)
		}
	}
	if m["backend"] != "sqlite" || m["first"] != "2024-10-15" {
		t.Errorf("stats %v", m)
	}
	code, out, _ = runVigil(t, "", "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "3 (1 negated or hypothetical)") || !strings.Contains(out, "2024-10-15 to 2024-11-09") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
}

func TestExportCommand(t *testing.T) {
	db, _ := storeCmdDB(t)
	code, out, errs := runVigil(t, "", "export", "--db", db, "--format", "gdelt", "--flagged")
	if code != 0 || !strings.Contains(errs, "3 events") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || len(strings.Split(lines[0], "\t")) != 61 || !strings.HasSuffix(lines[0], "\thttps://news.example/roads") {
		t.Errorf("gdelt:\n%s", out)
	}
	file := filepath.Join(t.TempDir(), "out.csv")
	code, out, errs = runVigil(t, "", "export", "--db", db, "--format", "csv", "--dyad", "PRK-KOR", "-o", file)
	if code != 0 || out != "" {
		t.Fatalf("-o: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil || len(strings.Split(strings.TrimSpace(string(b)), "\n")) != 3 || !strings.HasPrefix(string(b), "id,article,date") {
		t.Errorf("csv file: %v\n%s", err, b)
	}
	code, out, _ = runVigil(t, "", "export", "--db", db)
	if code != 0 || len(jsonLines[vigil.Event](t, out)) != 2 {
		t.Errorf("default jsonl: exit %d\n%s", code, out)
	}
	if code, _, _ := runVigil(t, "", "export", "--db", db, "--format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d, want 2", code)
	}
}

func TestStoreFlags(t *testing.T) {
	env := func(vars map[string]string) *env {
		return &env{Getenv: func(k string) string { return vars[k] }}
	}
	for _, tc := range []struct {
		db, dsn string
		vars    map[string]string
		want    string
		usage   bool
	}{
		{want: "vigil.db"},
		{db: "x.db", want: "x.db"},
		{vars: map[string]string{"VIGIL_DB": "env.db"}, want: "env.db"},
		{vars: map[string]string{"VIGIL_DB": "env.db", "VIGIL_DSN": "postgres://h/db"}, want: "postgres://h/db"},
		{db: "flag.db", vars: map[string]string{"VIGIL_DSN": "postgres://h/db"}, want: "flag.db"},
		{dsn: "postgres://h/db", want: "postgres://h/db"},
		{dsn: "mysql://h/db", usage: true},
		{db: "a.db", dsn: "postgres://h/db", usage: true},
	} {
		sf := &storeFlags{db: tc.db, dsn: tc.dsn}
		got, err := sf.target(env(tc.vars))
		if tc.usage {
			if _, ok := err.(usageError); !ok {
				t.Errorf("%+v: %v, want a usage error", tc, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%+v: %q %v, want %q", tc, got, err, tc.want)
		}
	}
}

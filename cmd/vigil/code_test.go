package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vigil "github.com/vigil-ews/vigil"
)

// writeFiles creates files under dir from a name → content map.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// eventLines decodes JSON Lines output into events.
func eventLines(t *testing.T, out string) []vigil.Event {
	t.Helper()
	var evs []vigil.Event
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var ev vigil.Event
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("output line %q is not an event: %v", line, err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// summaryArticles reads the article count from the summary line.
func summaryArticles(t *testing.T, stderr string) int {
	t.Helper()
	for _, line := range strings.Split(stderr, "\n") {
		var n, m int
		if _, err := fmt.Sscanf(line, "vigil code: %d articles, %d events", &n, &m); err == nil {
			return n
		}
	}
	t.Fatalf("no summary line in %q", stderr)
	return 0
}

const article1 = "North Korea blew up sections of two roads linking it to South Korea on Tuesday, the South Korean military said.\n"

func TestCodeJSONL(t *testing.T) {
	dir := t.TempDir()
	lines := `{"id": "a-1", "date": "2024-10-15", "text": "North Korea blew up two roads linking it to South Korea on Tuesday."}
{"id": "a-2", "date": "2024-10-14", "title": "Drills", "url": "https://example.org/2", "text": "China's military launched large-scale drills around Taiwan on Monday."}

{"date": "2024-06-19", "text": "Putin arrived in Pyongyang on Wednesday."}
{"id": "bad", "text": 
{"id": "empty", "text": "   "}
`
	writeFiles(t, dir, map[string]string{"stories.jsonl": lines})
	code, out, errs := runVigil(t, "", "code", filepath.Join(dir, "stories.jsonl"))
	if code != 1 {
		t.Errorf("exit %d with two bad lines, want 1; stderr %q", code, errs)
	}
	for _, want := range []string{"stories.jsonl:5: not a JSON article", `stories.jsonl:6: article has no "text"`, "2 input(s) could not be read"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if n := summaryArticles(t, errs); n != 3 {
		t.Errorf("%d articles coded, want 3", n)
	}
	ids := map[string]bool{"a-1": true, "a-2": true, vigil.ArticleID("Putin arrived in Pyongyang on Wednesday."): true}
	for _, ev := range eventLines(t, out) {
		if !ids[ev.Article] {
			t.Errorf("event of unknown article %q: %+v", ev.Article, ev)
		}
	}
}

func TestCodeStdin(t *testing.T) {
	code, out, errs := runVigil(t, article1, "code", "--date", "2024-10-15")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := summaryArticles(t, errs); n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
	for _, ev := range eventLines(t, out) {
		if ev.Article != vigil.ArticleID(article1) {
			t.Errorf("article %q, want the text's hash", ev.Article)
		}
	}
	// "-" explicitly, and as JSON Lines.
	if code, _, errs := runVigil(t, article1, "code", "-", "-q"); code != 0 || errs != "" {
		t.Errorf("code -: exit %d, stderr %q", code, errs)
	}
	in := `{"id": "s-1", "date": "2024-10-15", "text": "North Korea blew up roads."}` + "\n"
	code, out, errs = runVigil(t, in, "code", "--jsonl", "-")
	if code != 0 || summaryArticles(t, errs) != 1 {
		t.Errorf("--jsonl -: exit %d, stderr %q", code, errs)
	}
	for _, ev := range eventLines(t, out) {
		if ev.Article != "s-1" {
			t.Errorf("article %q, want s-1", ev.Article)
		}
	}
	if code, _, errs := runVigil(t, "", "code", "-", "-"); code != 2 || !strings.Contains(errs, "give it once") {
		t.Errorf("two stdins: exit %d, %q", code, errs)
	}
}

func TestCodeDirectoryAndBadInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt":                article1,
		"sub/b.md":             "---\ndate: 2024-10-14\ntitle: Drills\n---\n\n# Drills\n\nChina's military launched drills around Taiwan on Monday.\n",
		"sub/c.html":           "<!doctype html><html><head><title>Visit</title></head><body><article><h1>Visit</h1><p>Putin arrived in Pyongyang on Wednesday for his first visit in 24 years.</p></article></body></html>",
		"sub/d.jsonl":          `{"id": "d-1", "text": "Russia ratified the treaty."}` + "\n",
		"photo.jpg":            "\xff\xd8\xff\xe0 not read: other extension",
		".hidden/e.txt":        "not read: hidden",
		"broken.txt":           "PK\x03\x04\x14\x00\x00\x00binary zip content\x00\x00",
		"zz-last.txt":          "Japan protested to China.\n",
		"sub/deeper/empty.txt": "   \n",
	})
	code, out, errs := runVigil(t, "", "code", "--date", "2024-10-15", dir)
	if code != 1 {
		t.Errorf("exit %d with a binary file, want 1", code)
	}
	if !strings.Contains(errs, filepath.Join(dir, "broken.txt")) || !strings.Contains(errs, "not text") {
		t.Errorf("binary file error does not name the file and the reason:\n%s", errs)
	}
	if !strings.Contains(errs, filepath.Join(dir, "sub/deeper/empty.txt")) {
		t.Errorf("empty file not reported:\n%s", errs)
	}
	if strings.Contains(errs, "photo.jpg") || strings.Contains(errs, "hidden") {
		t.Errorf("skipped files reported:\n%s", errs)
	}
	// a.txt, b.md, c.html, d.jsonl (1 line), zz-last.txt: five articles.
	if n := summaryArticles(t, errs); n != 5 {
		t.Errorf("%d articles, want 5:\n%s", n, errs)
	}
	if !strings.Contains(errs, "1 files with other extensions skipped") {
		t.Errorf("summary does not count the skipped file:\n%s", errs)
	}
	_ = eventLines(t, out)

	// A named missing file and a binary file fail; the good file is coded.
	code, _, errs = runVigil(t, "", "code", filepath.Join(dir, "nope.txt"), filepath.Join(dir, "broken.txt"), filepath.Join(dir, "a.txt"))
	if code != 1 || summaryArticles(t, errs) != 1 || !strings.Contains(errs, "nope.txt") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	// Over the size cap.
	code, _, errs = runVigil(t, "", "code", "--max-size", "20", filepath.Join(dir, "a.txt"))
	if code != 1 || !strings.Contains(errs, "a.txt") || !strings.Contains(errs, "--max-size") {
		t.Errorf("size cap: exit %d, stderr:\n%s", code, errs)
	}
	// A binary file named .jsonl fails once, not once per "line".
	writeFiles(t, dir, map[string]string{"bin.jsonl": "\x00\x01\x02\n\x00\x00\n\x00\n"})
	code, _, errs = runVigil(t, "", "code", "-q", filepath.Join(dir, "bin.jsonl"))
	if code != 1 || strings.Count(errs, "bin.jsonl") != 1 || !strings.Contains(errs, "NUL byte") {
		t.Errorf("binary jsonl: exit %d, stderr:\n%s", code, errs)
	}
}

func TestCodeTSV(t *testing.T) {
	code, out, errs := runVigil(t, article1, "code", "--format", "tsv", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if lines[0] != strings.Join(tsvColumns, "\t") {
		t.Errorf("header %q", lines[0])
	}
	for _, l := range lines[1:] {
		if got := strings.Count(l, "\t"); got != len(tsvColumns)-1 {
			t.Errorf("line with %d tabs: %q", got, l)
		}
	}
	if code, _, errs := runVigil(t, "", "code", "--format", "xml"); code != 2 || !strings.Contains(errs, "jsonl or tsv") {
		t.Errorf("bad format: exit %d, %q", code, errs)
	}
	if code, _, _ := runVigil(t, "", "code", "--date", "15/10/2024"); code != 2 {
		t.Errorf("bad date: exit %d, want 2", code)
	}
}

func TestTSVField(t *testing.T) {
	var b bytes.Buffer
	w := newEventWriter(&b, "tsv")
	ev := vigil.Event{Article: "a", Source: "PRK", Code: "191", Quad: 4, Goldstein: -9.5, Offsets: [2]int{3, 40},
		Sentence: "North Korea\tblew up\nroads.", Pattern: "blow up"}
	if err := w.write(&ev); err != nil {
		t.Fatal(err)
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), b.String())
	}
	f := strings.Split(lines[1], "\t")
	if len(f) != len(tsvColumns) || f[len(f)-1] != "North Korea blew up roads." || f[8] != "4" || f[9] != "-9.5" || f[15] != "3" || f[16] != "40" {
		t.Errorf("fields %q", f)
	}
}

// TestCodeRunOrder checks the worker pool: articles finish in random order
// but events come out in input order, each with its article's id, and the
// window bounds the articles in flight.
func TestCodeRunOrder(t *testing.T) {
	var in strings.Builder
	const n = 300
	for i := range n {
		fmt.Fprintf(&in, `{"id": "n-%03d", "date": "2024-10-15", "text": "article %d"}`+"\n", i, i)
	}
	var out, errb bytes.Buffer
	e := &env{Stdin: strings.NewReader(in.String()), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	// codeOne sleeps a pseudo-random time, so later articles often
	// finish first, and returns two events naming the article.
	codeOne := func(a *vigil.Article) []vigil.Event {
		h := fnv.New32a()
		h.Write([]byte(a.ID))
		time.Sleep(time.Duration(h.Sum32()%300) * time.Microsecond)
		return []vigil.Event{{Article: a.ID, Code: "1"}, {Code: "2", Date: a.Date()}}
	}
	r := &codeRun{env: e, code: codeOne, forceJSONL: true, maxSize: 1 << 20, workers: 4, quiet: true}
	if err := r.run(context.Background(), []string{"-"}, newEventWriter(&out, "jsonl")); err != nil {
		t.Fatal(err)
	}
	evs := eventLines(t, out.String())
	if len(evs) != 2*n {
		t.Fatalf("%d events, want %d", len(evs), 2*n)
	}
	for i := range n {
		id := fmt.Sprintf("n-%03d", i)
		if evs[2*i].Article != id || evs[2*i+1].Article != id || evs[2*i].Code != "1" || evs[2*i+1].Date != "2024-10-15" {
			t.Fatalf("events %d, %d: %+v %+v; want article %s in order", 2*i, 2*i+1, evs[2*i], evs[2*i+1], id)
		}
	}
}

// failingWriter fails after a few writes, as a closed pipe does.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n--; f.n < 0 {
		return 0, errors.New("broken pipe")
	}
	return len(p), nil
}

func TestCodeRunStopsOnWriteError(t *testing.T) {
	var in strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&in, `{"id": "n-%d", "text": "article %d with some words to make the line longer than it needs to be"}`+"\n", i, i)
	}
	e := &env{Stdin: strings.NewReader(in.String()), Stdout: &failingWriter{n: 1}, Stderr: new(bytes.Buffer), Getenv: func(string) string { return "" }}
	many := func(a *vigil.Article) []vigil.Event {
		return []vigil.Event{{Article: a.ID, Sentence: strings.Repeat(a.Text, 20)}}
	}
	r := &codeRun{env: e, code: many, forceJSONL: true, maxSize: 1 << 20, workers: 2, quiet: true}
	done := make(chan error, 1)
	go func() { done <- r.run(context.Background(), []string{"-"}, newEventWriter(e.Stdout, "jsonl")) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "broken pipe") {
			t.Errorf("error %v, want the write error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after a write error")
	}
}

func TestCodeRunInterrupted(t *testing.T) {
	var in strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&in, `{"id": "n-%d", "text": "article %d"}`+"\n", i, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	slow := func(a *vigil.Article) []vigil.Event {
		calls++ // one worker: no race
		if calls == 10 {
			cancel()
		}
		time.Sleep(100 * time.Microsecond)
		return nil
	}
	e := &env{Stdin: strings.NewReader(in.String()), Stdout: new(bytes.Buffer), Stderr: new(bytes.Buffer), Getenv: func(string) string { return "" }}
	r := &codeRun{env: e, code: slow, forceJSONL: true, maxSize: 1 << 20, workers: 1, quiet: true}
	err := r.run(ctx, []string{"-"}, newEventWriter(e.Stdout, "jsonl"))
	if !errors.Is(err, context.Canceled) || calls > 100 {
		t.Errorf("err %v after %d articles; want an interruption soon after the 10th", err, calls)
	}
}

package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store/storetest"
)

func jsonUnmarshalStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// testWriter sends log lines to the test's log.
type testWriter struct {
	t  testing.TB
	mu *sync.Mutex
}

func (w testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func quietLog(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t, &sync.Mutex{}}, &slog.HandlerOptions{Level: slog.LevelError}))
}

// writeArchive writes the corpus as a JSON Lines file plus extra files
// and returns the directory.
func writeArchive(t testing.TB, corpus []*vigil.Article, extra map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	var b bytes.Buffer
	for _, a := range corpus {
		line, _ := json.Marshal(map[string]string{"date": a.Date(), "title": a.Title, "url": a.URL, "text": a.Text})
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "archive.jsonl"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, body := range extra {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// pngBlob is the start of a PNG image: a binary input no worker can read.
var pngBlob = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 255}, 200)...)

// badInputs are inputs that can never become articles, each with a word
// its dead letter's reason must hold.
var badInputs = map[string][]byte{
	"blob.png":   pngBlob,
	"empty.html": []byte("<html><head><title></title></head><body><script>var x=1;</script></body></html>"),
}

// publishGarbage publishes messages no producer of Vigil writes: invalid
// JSON, an article without text, a document without bytes.
func publishGarbage(t testing.TB, js jetstream.JetStream) []string {
	t.Helper()
	ctx := context.Background()
	garbage := []struct{ subject, name, data string }{
		{SubjectArticles, "garbage-json", `{"text": "unterminated`},
		{SubjectArticles, "no-text", `{"title": "An article without text", "text": "  "}`},
		{SubjectDocs, "no-body", `{"source": {"kind": "file", "path": "/etc/passwd"}}`},
	}
	var names []string
	for _, g := range garbage {
		m := nats.NewMsg(g.subject)
		m.Data = []byte(g.data)
		m.Header.Set(HeaderName, g.name)
		m.Header.Set(jetstream.MsgIDHeader, "garbage:"+g.name)
		if _, err := js.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
		names = append(names, g.name)
	}
	return names
}

// TestWorkerStoresArchive runs a backfill of an archive (JSON Lines
// articles, text files, bad inputs) through one in-process worker: every
// article is stored once with its events, each commit is announced on
// vigil.events, and only the bad inputs reach vigil.dead, with reasons.
func TestWorkerStoresArchive(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			st := b.Open(t)
			conn, _ := startQueue(t, testConfig)
			corpus := testCorpus(60)
			files := map[string][]byte{
				"notes/brief.txt":  []byte("Brief\n\nJapan protested to China over the detention of its citizens in Beijing on Monday.\n"),
				"notes/page.html":  []byte(`<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>The foreign minister of India met his counterpart from Pakistan in Geneva on Friday to discuss prisoners held on both sides.</p><p>Both sides agreed to meet again.</p></article></body></html>`),
				".hidden/skip.txt": []byte("A hidden file is not part of the archive."),
			}
			for n, body := range badInputs {
				files["bad/"+n] = body
			}
			dir := writeArchive(t, corpus, files)
			// A bad line is reported by the backfill, not sent.
			f, _ := os.OpenFile(filepath.Join(dir, "archive.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("{not json}\n")
			f.Close()

			var errs []string
			stats, err := Backfill(context.Background(), conn.JS, []string{dir}, BackfillOptions{
				OnError: func(name string, err error) { errs = append(errs, name+": "+err.Error()) },
			})
			if err != nil {
				t.Fatal(err)
			}
			wantQueued := len(corpus) + 2 + len(badInputs)
			if stats.Queued != wantQueued || stats.Failed != 1 || len(errs) != 1 || !strings.Contains(errs[0], "archive.jsonl:61") {
				t.Fatalf("backfill: %+v, errors %q; want %d queued and the bad line reported", stats, errs, wantQueued)
			}
			garbage := publishGarbage(t, conn.JS)

			var mu sync.Mutex
			actions := map[string]int{}
			startWorker(t, conn.JS, st, testConfig, func(o Outcome) {
				mu.Lock()
				actions[o.Action]++
				mu.Unlock()
			})
			waitFor(t, 60*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })

			// The corpus with its events, and the two notes.
			checkStored(t, st, corpus, 2, realCoder(t))

			dead := deadLetters(t, conn.JS)
			var deadNames []string
			for _, d := range dead {
				deadNames = append(deadNames, filepath.Base(d.Name))
				if d.Reason == "" {
					t.Errorf("dead letter %s has no reason", d.Name)
				}
			}
			wantDead := append([]string{"blob.png", "empty.html"}, garbage...)
			if !sameSet(deadNames, wantDead) {
				t.Errorf("dead letters %q, want exactly %q", deadNames, wantDead)
			}
			for _, d := range dead {
				t.Logf("dead: %s: %s", d.Name, d.Reason)
				if filepath.Base(d.Name) == "blob.png" && !strings.Contains(d.Reason, "not text") {
					t.Errorf("blob.png dead for %q, want a reason saying it is not text", d.Reason)
				}
			}

			ns := notices(t, conn.JS)
			announced := map[string]bool{}
			for _, n := range ns {
				if n.Article.Text != "" {
					t.Errorf("notice of %s carries the article text", n.Article.ID)
				}
				announced[n.Article.ID] = true
			}
			if len(announced) != len(corpus)+2 {
				t.Errorf("%d articles announced on %s, want %d", len(announced), SubjectEvents, len(corpus)+2)
			}
			mu.Lock()
			defer mu.Unlock()
			if actions[ActionStored] != len(corpus)+2 || actions[ActionDead] != len(wantDead) || actions[ActionRetry] != 0 {
				t.Errorf("actions %v", actions)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

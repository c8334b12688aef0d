package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/nats-io/nats.go"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/queue/natstest"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want failure
	}{
		{"connection refused", fmt.Errorf("storing: %w", &net.OpError{Op: "dial", Err: errors.New("refused")}), storeDown},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, storeDown},
		{"too many connections", &pgconn.PgError{Code: "53300"}, storeDown},
		{"deadlock", fmt.Errorf("x: %w", &pgconn.PgError{Code: "40P01"}), storeDown},
		{"connect error", &pgconn.ConnectError{}, storeDown},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), storeDown},
		{"sqlite busy", errors.New("database is locked (5) (SQLITE_BUSY)"), storeDown},
		{"NUL in text", &pgconn.PgError{Code: "22021"}, badData},
		{"unique violation", &pgconn.PgError{Code: "23505"}, badData},
		{"undefined table", &pgconn.PgError{Code: "42P01"}, unknownFailure},
		{"other", errors.New("something else"), unknownFailure},
	} {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s: classify = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestDecodeInput(t *testing.T) {
	doc := pipeline.Document{Source: pipeline.Source{Kind: pipeline.KindFile, Path: "a.html"},
		Body: bytes.Repeat([]byte("<p>North Korea accused South Korea of sending drones.</p>\n"), 3000)} // > 64 KiB: gzipped
	dm, err := DocumentMsg(doc)
	if err != nil {
		t.Fatal(err)
	}
	if dm.Header.Get(HeaderEncoding) != "gzip" || len(dm.Data) >= len(doc.Body) {
		t.Errorf("a large document is sent as %d bytes, encoding %q; want gzip", len(dm.Data), dm.Header.Get(HeaderEncoding))
	}
	a := &vigil.Article{Text: "Russia ratified the treaty.", Title: "Treaty"}
	am, err := ArticleMsg(a, "x.jsonl:3")
	if err != nil {
		t.Fatal(err)
	}
	if am.Header.Get("Nats-Msg-Id") != "article:"+vigil.ArticleID(a.Text) {
		t.Errorf("article message ID %q", am.Header.Get("Nats-Msg-Id"))
	}
	line := []byte(`{"date": "2011-01-03", "title": "Treaty", "url": "http://kcna.example/2011-01-03", "source": "KCNA", "text": "Russia ratified the treaty."}`)
	rec, err := ingest.ParseRecord(line)
	if err != nil {
		t.Fatal(err)
	}
	rm, err := RecordMsg(line, rec, "kcna.jsonl:7")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rm.Data, line) || rm.Header.Get("Nats-Msg-Id") != "article:"+vigil.ArticleID("Russia ratified the treaty.") {
		t.Errorf("record message %q, ID %q; want the line as read, with the article's ID", rm.Data, rm.Header.Get("Nats-Msg-Id"))
	}
	bigLine := []byte(`{"text": "` + strings.Repeat("Seoul protested. ", 5000) + `"}`)
	big, _ := ingest.ParseRecord(bigLine)
	bm, err := RecordMsg(bigLine, big, "")
	if err != nil {
		t.Fatal(err)
	}
	gz := nats.Header{}
	gz.Set(HeaderEncoding, "gzip")
	br := nats.Header{}
	br.Set(HeaderEncoding, "br")
	for _, tc := range []struct {
		name    string
		subject string
		data    []byte
		h       nats.Header
		wantErr string
		check   func(input) bool
	}{
		{"document", SubjectDocs, dm.Data, dm.Header, "", func(in input) bool { return bytes.Equal(in.doc.Body, doc.Body) && in.name == "a.html" }},
		{"article", SubjectArticles, am.Data, am.Header, "", func(in input) bool { return in.article.Title == "Treaty" && in.name == "x.jsonl:3" }},
		{"record", SubjectRecords, rm.Data, rm.Header, "", func(in input) bool {
			// The archive's URL is where the article was seen, not its identity.
			return in.article.Title == "Treaty" && in.article.Date() == "2011-01-03" && in.article.URL == "" &&
				len(in.article.Sources) == 1 && in.article.Sources[0].URL == "http://kcna.example/2011-01-03" && in.name == "kcna.jsonl:7"
		}},
		{"large record", SubjectRecords, bm.Data, bm.Header, "", func(in input) bool {
			return bm.Header.Get(HeaderEncoding) == "gzip" && len(bm.Data) < len(bigLine) && in.article.ID == big.ID
		}},
		{"record without text", SubjectRecords, []byte(`{"title": "T"}`), nil, `no "text"`, nil},
		{"record with a bad date", SubjectRecords, []byte(`{"date": "soon", "text": "x"}`), nil, "not a date", nil},
		{"invalid JSON", SubjectArticles, []byte(`{"text": `), nil, "not a JSON article", nil},
		{"no text", SubjectArticles, []byte(`{"text": " "}`), nil, "without text", nil},
		{"no kind", SubjectDocs, []byte(`{"body": "aGk="}`), nil, "without a source kind", nil},
		{"bad gzip", SubjectDocs, []byte("not gzip"), gz, "gzip", nil},
		{"unknown encoding", SubjectDocs, dm.Data, br, "unknown Content-Encoding", nil},
		{"other subject", "vigil.other", am.Data, nil, "unexpected subject", nil},
	} {
		in, err := decodeInput(tc.subject, tc.data, tc.h)
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.wantErr)
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.check != nil && !tc.check(in):
			t.Errorf("%s: decoded %+v", tc.name, in)
		}
	}
}

func TestStoredMsgsSplit(t *testing.T) {
	a := vigil.Article{ID: "a1", Text: strings.Repeat("text ", 1000)}
	var evs []vigil.Event
	for i := range 300 {
		var sb strings.Builder // words that do not compress away
		for j := range 30 {
			fmt.Fprintf(&sb, "w%x ", uint32(i*31+j)*2654435761)
		}
		evs = append(evs, vigil.Event{ID: fmt.Sprint(i), Article: "a1", Code: "112", Sentence: sb.String()})
	}
	for _, max := range []int{1 << 20, 16 << 10, 4 << 10} {
		msgs, err := storedMsgs(Stored{Article: a, Events: evs, Status: "new"}, max)
		if err != nil {
			t.Fatalf("max %d: %v", max, err)
		}
		if max < 1<<20 && len(msgs) < 2 {
			t.Errorf("max %d: one message; want the events split", max)
		}
		n := 0
		ids := map[string]bool{}
		for _, m := range msgs {
			if len(m.Data) > max {
				t.Errorf("max %d: a message of %d bytes", max, len(m.Data))
			}
			ids[m.Header.Get("Nats-Msg-Id")] = true
			b, _ := payload(m.Data, m.Header)
			var s Stored
			if err := jsonUnmarshalStrict(b, &s); err != nil {
				t.Fatal(err)
			}
			if s.Article.Text != "" {
				t.Error("the notice carries the text")
			}
			n += len(s.Events)
		}
		if n != len(evs) || len(ids) != len(msgs) {
			t.Errorf("max %d: %d events in %d messages (%d IDs), want %d", max, n, len(msgs), len(ids), len(evs))
		}
		t.Logf("max %d: %d messages", max, len(msgs))
	}
	if _, err := storedMsgs(Stored{Article: a, Events: evs[:1]}, 100); err == nil {
		t.Error("an event larger than a message: no error")
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"nats://user:secret@host:4222": "nats://***@host:4222",
		"nats://host:4222":             "nats://host:4222",
		"nats://a:4222,nats://b:4222":  "nats://a:4222,nats://b:4222",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBackfillTooLarge: inputs over the size cap or over what NATS takes
// are reported and skipped; a huge JSON line does not stop its file.
func TestBackfillTooLarge(t *testing.T) {
	s := natstest.StartWith(t, natstest.Options{MaxPayload: 64 << 10})
	conn, err := Connect(context.Background(), s.ClientURL(), ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := Setup(context.Background(), conn.JS, Config{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Random-looking text compresses badly: over 64 KiB even gzipped.
	var big bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&big, "w%x ", uint32(i)*2654435761)
	}
	os.WriteFile(filepath.Join(dir, "big.txt"), big.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "huge.txt"), bytes.Repeat([]byte("a "), 600<<10), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("Japan protested to China."), 0o644)
	os.WriteFile(filepath.Join(dir, "lines.jsonl"), []byte(`{"text": "`+strings.Repeat("x", 1<<20)+`"}`+"\n"+`{"text": "Russia ratified the treaty."}`+"\n"), 0o644)
	var errs []string
	st, err := Backfill(context.Background(), conn.JS, []string{dir, filepath.Join(dir, "missing.txt")}, BackfillOptions{
		MaxSize: 1 << 20,
		OnError: func(name string, err error) { errs = append(errs, filepath.Base(name)+": "+err.Error()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Queued != 2 || st.Failed != 4 {
		t.Errorf("stats %+v, errors %q; want ok.txt and one line queued, 4 failures", st, errs)
	}
	joined := strings.Join(errs, "\n")
	for _, want := range []string{"big.txt: ", "max_payload", "huge.txt", ingest.ErrTooLarge.Error(), "lines.jsonl:1", "missing.txt"} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors lack %q:\n%s", want, joined)
		}
	}
}

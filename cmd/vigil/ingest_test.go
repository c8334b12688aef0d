package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// fixtureSite serves the ingest package's own fixtures from loopback.
func fixtureSite(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join("..", "..", "ingest", "testdata", "site"))))
	t.Cleanup(srv.Close)
	return srv
}

func TestIngestCommand(t *testing.T) {
	srv := fixtureSite(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	feed := srv.URL + "/feeds/rss20.xml"

	// Without --allow-private the loopback server is refused, with a hint.
	code, _, errs := runVigil(t, "", "ingest", "--db", db, feed)
	if code != 1 || !strings.Contains(errs, "--allow-private") || !strings.Contains(errs, "1 of 1 sources failed (errors above); nothing was stored") {
		t.Errorf("guarded: exit %d, stderr %q", code, errs)
	}

	code, out, errs := runVigil(t, "", "ingest", "--db", db, "--allow-private", "--json", feed)
	// The missing page is kept from the item's text (not a failure).
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var sum struct {
		Sources, New, Duplicates, Fallback, Failed, Events, Feeds int
		Unchanged                                                 int `json:"unchanged_feeds"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if sum.Sources != 4 || sum.New != 2 || sum.Duplicates != 1 || sum.Fallback != 1 || sum.Failed != 0 || sum.Feeds != 1 {
		t.Errorf("first run: %+v", sum)
	}

	// Again: the feed is unchanged, nothing is fetched or stored.
	code, out, errs = runVigil(t, "", "ingest", "--db", db, "--allow-private", feed)
	if code != 0 || !strings.HasPrefix(out, "0 sources: 0 new articles") || !strings.Contains(out, "1 feeds (1 unchanged)") {
		t.Errorf("second run: exit %d, out %q, stderr %q", code, out, errs)
	}

	// Files, stdin and a list; one bad source fails the run (exit 1) but
	// the others are stored.
	list := filepath.Join(dir, "sources.txt")
	os.WriteFile(list, []byte("# sources\n"+filepath.Join("..", "..", "ingest", "testdata", "files", "front.md")+"\n\n"+srv.URL+"/news/talks.html\n"), 0o644)
	pdf := filepath.Join(dir, "report.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o644)
	code, out, errs = runVigil(t, "Northland and Southland signed a ceasefire on Monday.", "ingest", "--db", db, "--allow-private",
		"--date", "2024-10-30", "@"+list, "-", pdf, filepath.Join(dir, "missing.txt"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.HasPrefix(out, "5 sources: 3 new articles, 0 duplicates, 2 failed") {
		t.Errorf("summary %q", out)
	}
	if !strings.Contains(errs, "report.pdf") || !strings.Contains(errs, "PDF") || !strings.Contains(errs, "missing.txt") {
		t.Errorf("stderr does not name the failed sources: %q", errs)
	}

	if code, _, _ := runVigil(t, "", "ingest", "--db", db); code != 2 {
		t.Errorf("no sources: exit %d, want 2", code)
	}
	if code, _, _ := runVigil(t, "", "ingest", "--db", db, "--date", "15/10/2024", "x"); code != 2 {
		t.Errorf("bad date: exit %d, want 2", code)
	}
}

func TestFollowOnce(t *testing.T) {
	srv := fixtureSite(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	feeds := filepath.Join(dir, "feeds.yaml")
	os.WriteFile(feeds, []byte("feeds:\n  - url: "+srv.URL+"/feeds/atom.xml\n    interval: 1h\n  - url: "+srv.URL+"/feeds/feed.json\n"), 0o644)
	code, out, errs := runVigil(t, "", "follow", "--feeds", feeds, "--db", db, "--allow-private", "--once")
	if code != 0 || !strings.HasPrefix(out, "3 sources: 3 new articles, 0 duplicates, 0 failed") {
		t.Errorf("first: exit %d, out %q, stderr %s", code, out, errs)
	}
	code, out, _ = runVigil(t, "", "follow", "--feeds", feeds, "--db", db, "--allow-private", "--once")
	if code != 0 || !strings.HasPrefix(out, "0 sources") || !strings.Contains(out, "2 feeds (2 unchanged)") {
		t.Errorf("second: exit %d, out %q", code, out)
	}
	if code, _, errs := runVigil(t, "", "follow", "--db", db); code != 2 || !strings.Contains(errs, "--feeds") {
		t.Errorf("no --feeds: exit %d, %q", code, errs)
	}
	// A feed that cannot be read fails the run, with --json too (cron).
	guarded := filepath.Join(dir, "guarded.yaml")
	os.WriteFile(guarded, []byte("feeds:\n  - url: "+srv.URL+"/feeds/rss20.xml\n"), 0o644)
	code, out, errs = runVigil(t, "", "follow", "--feeds", guarded, "--db", db, "--once", "--json")
	var sum struct {
		Failed int
		Errors []struct{ Source, Error string }
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 1 || sum.Failed != 1 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0].Error, "--allow-private") {
		t.Errorf("unreadable feed: exit %d, %s (%v), stderr %s", code, out, err, errs)
	}
}

func TestImportGDELT(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vigil.db")
	plain := filepath.Join("..", "..", "ingest", "gdelt", "testdata", "20241016.export.CSV")
	zipped := plain + ".zip"
	code, out, errs := runVigil(t, "", "import", "gdelt", "--db", db, plain)
	if code != 0 || !strings.HasPrefix(out, "1 files, 7 rows: 3 events (3 new), 4 malformed rows skipped") || !strings.Contains(out, "line 3:") {
		t.Errorf("exit %d, out %q, stderr %q", code, out, errs)
	}
	// The zipped copy holds the same events: nothing new.
	code, out, _ = runVigil(t, "", "import", "gdelt", "--db", db, "--json", zipped)
	var sum importSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 || sum.Events != 3 || sum.New != 0 || sum.Bad != 0 {
		t.Errorf("zip: exit %d, %+v, %v", code, sum, err)
	}
	// The pages GDELT coded from are known by URL: the export gives them
	// back as SOURCEURL, and they are not counted as articles read.
	code, out, _ = runVigil(t, "", "export", "--db", db, "--format", "gdelt")
	var sourceURLs []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		sourceURLs = append(sourceURLs, f[0]+" "+f[len(f)-1])
	}
	want := []string{"1100000001 https://news.example/2024/10/15/roads", "1100000002 https://news.example/2024/10/15/roads",
		"1100000003 https://news.example/2024/10/16/treaty"}
	slices.Sort(sourceURLs)
	if code != 0 || !slices.Equal(sourceURLs, want) {
		t.Errorf("exported GLOBALEVENTID and SOURCEURL: %q, want %q", sourceURLs, want)
	}
	code, out, _ = runVigil(t, "", "stats", "--db", db, "--json")
	var st store.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != 0 || st.Articles != 0 || st.URLOnly != 2 || st.Events != 3 {
		t.Errorf("stats after import: %s (%v)", out, err)
	}
	if code, _, _ := runVigil(t, "", "import", "acled", "x"); code != 2 {
		t.Errorf("unknown format: exit %d", code)
	}
	if code, _, _ := runVigil(t, "", "import", "gdelt", "--db", db, "no-such-file.CSV"); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
}

// koreaFirst and koreaSecond are two reports of our own, in the manner of
// the October 2024 news: the first shows three steps of a pre-offensive
// posture, the second (days later) a fourth.
const (
	koreaFirst = `North Korea accused South Korea on Friday of sending drones over Pyongyang to drop propaganda leaflets.

North Korea threatened South Korea with military retaliation.

North Korea's army put its artillery units along the border with South Korea on full alert on Sunday.
`
	koreaSecond = `North Korean soldiers blew up sections of two roads linking North Korea to South Korea.

South Korea's army fired warning shots in response.
`
)

// TestIngestRunsTheWatch: ingestion judges events as they are stored, so
// a warning appears without a separate 'vigil watch', and a later article
// grows the same warning rather than starting another.
func TestIngestRunsTheWatch(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	first, second := filepath.Join(dir, "first.txt"), filepath.Join(dir, "second.txt")
	os.WriteFile(first, []byte(koreaFirst), 0o644)
	os.WriteFile(second, []byte(koreaSecond), 0o644)

	warnings := func() []vigil.Warning {
		t.Helper()
		code, out, errs := runVigil(t, "", "warnings", "--db", db, "--json", "--rule", "pre-offensive-posture")
		if code != 0 {
			t.Fatalf("warnings: exit %d, %s", code, errs)
		}
		var ws []vigil.Warning
		if err := json.Unmarshal([]byte(out), &ws); err != nil {
			t.Fatalf("warnings --json: %v\n%s", err, out)
		}
		return ws
	}

	// --no-watch stores without judging.
	nowatch := filepath.Join(dir, "nowatch.db")
	if code, _, errs := runVigil(t, "", "ingest", "--db", nowatch, "--no-watch", "--date", "2024-10-13", first); code != 0 {
		t.Fatalf("ingest --no-watch: exit %d, %s", code, errs)
	}
	if code, out, _ := runVigil(t, "", "warnings", "--db", nowatch, "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("--no-watch raised warnings: %s", out)
	}

	code, out, errs := runVigil(t, "", "ingest", "--db", db, "--date", "2024-10-13", "--json", first)
	if code != 0 {
		t.Fatalf("ingest: exit %d, %s", code, errs)
	}
	var sum struct{ Events, Warnings int }
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Events < 3 || sum.Warnings < 1 {
		t.Errorf("summary %s (%v): want events and a changed warning", out, err)
	}
	ws := warnings()
	if len(ws) != 1 || ws[0].Source != "PRK" || ws[0].Target != "KOR" || len(ws[0].Steps) < 3 || ws[0].Level != "warning" {
		t.Fatalf("after the first article: %+v; want one PRK→KOR warning with 3 steps", ws)
	}
	id := ws[0].ID

	// The second article, a separate run: the watch warms up on the stored
	// history and raises the same warning.
	if code, _, errs := runVigil(t, "", "ingest", "--db", db, "--date", "2024-10-15", second); code != 0 {
		t.Fatalf("second ingest: exit %d, %s", code, errs)
	}
	ws = warnings()
	if len(ws) != 1 || ws[0].ID != id || ws[0].Level != "alert" || len(ws[0].Steps) < 4 {
		t.Fatalf("after the second article: %+v; want warning %s raised to alert with 4 steps", ws, id)
	}
	if h := ws[0].History; len(h) != 2 || h[0].Change != "new" || h[1].Change != "raised" {
		t.Errorf("history %+v; want new, raised", h)
	} else if ws[0].AsOf != h[1].Date {
		t.Errorf("as_of %q; want the date of the last change, %s", ws[0].AsOf, h[1].Date)
	}
	if ex := ws[0].Exposure; ex == nil || ex.Date != ws[0].Last {
		t.Errorf("exposure %+v; want it dated at the latest evidence %s", ex, ws[0].Last)
	}

	// One run given the later article first (as a feed lists its items)
	// judges the events in date order: the same warning, the same history.
	both := filepath.Join(dir, "both.db")
	firstMD, secondMD := filepath.Join(dir, "first.md"), filepath.Join(dir, "second.md")
	os.WriteFile(firstMD, []byte("---\ndate: 2024-10-13\n---\n"+koreaFirst), 0o644)
	os.WriteFile(secondMD, []byte("---\ndate: 2024-10-15\n---\n"+koreaSecond), 0o644)
	if code, _, errs := runVigil(t, "", "ingest", "--db", both, "--workers", "1", secondMD, firstMD); code != 0 {
		t.Fatalf("ingest in reverse: exit %d, %s", code, errs)
	}
	db = both
	rev := warnings()
	if len(rev) != 1 || rev[0].ID != id || rev[0].Level != "alert" || len(rev[0].History) != 2 || rev[0].History[0].Change != "new" {
		t.Errorf("reverse order: %+v; want warning %s, new then raised, as in date order", rev, id)
	}
}

// gdeltRow is a GDELT 2.0 export row (61 tab-separated columns) with the
// fields the importer reads.
func gdeltRow(id int, date, src, tgt, code string, quad int, goldstein float64) string {
	f := make([]string, 61)
	f[0], f[1] = fmt.Sprint(id), date
	f[5], f[15] = src, tgt
	f[25], f[26], f[27], f[28] = "1", code, code, code[:2]
	f[29], f[30], f[32] = fmt.Sprint(quad), fmt.Sprint(goldstein), "3"
	f[60] = fmt.Sprintf("https://news.example/%s/%d", date, id)
	return strings.Join(f, "\t") + "\n"
}

func TestImportGDELTRunsTheWatch(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	file := filepath.Join(dir, "20241015000000.export.CSV")
	rows := gdeltRow(1, "20241009", "PRK", "KOR", "1381", 3, -7) +
		gdeltRow(2, "20241011", "PRK", "KOR", "1123", 3, -2) +
		gdeltRow(3, "20241012", "PRK", "KOR", "138", 3, -7) +
		gdeltRow(4, "20241013", "PRKMIL", "", "152", 4, -7.2) +
		gdeltRow(5, "20241015", "PRKMIL", "KOR", "191", 4, -9.5)
	os.WriteFile(file, []byte(rows), 0o644)
	code, out, errs := runVigil(t, "", "import", "gdelt", "--db", db, "--json", file)
	var sum importSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 || sum.New != 5 || sum.Warnings < 1 {
		t.Fatalf("import: exit %d, %s %s (%v)", code, out, errs, err)
	}
	code, out, _ = runVigil(t, "", "warnings", "--db", db, "--json", "--rule", "pre-offensive-posture")
	var ws []vigil.Warning
	if err := json.Unmarshal([]byte(out), &ws); err != nil || code != 0 || len(ws) != 1 || ws[0].Level != "alert" || ws[0].Source != "PRK" {
		t.Errorf("warnings after import: %s (%v)", out, err)
	}
}

// A JSON Lines archive is one article a line, streamed: each line is a
// source of its own, a bad line fails alone (named by file and line) and a
// record without a date takes --date.
func TestIngestJSONLArchive(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	archive := filepath.Join(dir, "archive.jsonl")
	lines := []string{
		`{"id":"a1","date":"2024-10-15","title":"Roads","url":"https://news.example/a1","text":"North Korea blew up roads linking it to South Korea on Tuesday."}`,
		``,
		`{"id":"a2","title":"Talks","text":"Japan and South Korea held talks in Tokyo on Monday."}`,
		`{"id":"a3","text":`,
		`{"id":"a4","date":"2024-10-16","text":"Russia's parliament ratified the treaty with North Korea on Wednesday."}`,
	}
	os.WriteFile(archive, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	code, out, errs := runVigil(t, "", "ingest", "--db", db, "--no-watch", "--date", "2024-10-14", "--json", archive)
	if code != 1 {
		t.Errorf("exit %d, want 1 (one bad line); stderr %s", code, errs)
	}
	var sum struct{ Sources, New, Failed, Events int }
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if sum.Sources != 4 || sum.New != 3 || sum.Failed != 1 || sum.Events == 0 {
		t.Errorf("summary %+v", sum)
	}
	if !strings.Contains(errs, "archive.jsonl:4") {
		t.Errorf("the bad line is not named by file and line: %q", errs)
	}
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.Article(t.Context(), "a2")
	if err != nil {
		t.Fatalf("article a2: %v", err)
	}
	if got := a.Published.Format("2006-01-02"); got != "2024-10-14" {
		t.Errorf("undated record published %s, want --date 2024-10-14", got)
	}
}

// TestProgressLogLines: off a terminal, a long run writes a log line every
// interval that says what it is and how far the run has got.
func TestProgressLogLines(t *testing.T) {
	for _, tc := range []struct {
		total int
		want  []string
	}{
		{total: -1, want: []string{"msg=progress", "done=3", "what=articles", "per_second="}},
		{total: 10, want: []string{"msg=progress", "done=3", "total=10", "what=articles"}},
	} {
		var buf bytes.Buffer
		p := newRunProgress(&buf, "articles", tc.total)
		p.every = time.Nanosecond
		p.lastLine = time.Time{}
		p.add(3)
		p.finish()
		line := buf.String()
		for _, w := range tc.want {
			if !strings.Contains(line, w) {
				t.Errorf("total %d: log line %q lacks %q", tc.total, line, w)
			}
		}
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if code != 1 || !strings.Contains(errs, "--allow-private") {
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
	if code, _, _ := runVigil(t, "", "import", "acled", "x"); code != 2 {
		t.Errorf("unknown format: exit %d", code)
	}
	if code, _, _ := runVigil(t, "", "import", "gdelt", "--db", db, "no-such-file.CSV"); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
}

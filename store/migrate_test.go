package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/vigil-ews/vigil"
)

// A store written by an older Vigil opens with this one: its migrations
// keep every article, source, sentence and event readable and searchable,
// and new writes work beside the old rows. Each backend's first schema is
// filled with plain SQL, as the Vigil of that schema wrote it.
func TestMigrateKeepsData(t *testing.T) {
	ctx := context.Background()
	const text = "North Korea blew up roads to the South. Seoul protested."
	id := vigil.ArticleID(text)
	v1 := []string{
		`INSERT INTO articles (id, url, canonical_url, source, title, published, lang, text, nsources, stored)
			VALUES ('` + id + `', 'https://news.example/a', 'https://news.example/a', 'News', 'Roads blown up',
			'2024-10-15T09:00:00+09:00', 'en', '` + text + `', 1, '2024-10-15T00:00:00.000000000Z')`,
		`INSERT INTO article_sources (article, url, source, outlet) VALUES ('` + id + `', 'https://news.example/a', 'News', 'News')`,
		`INSERT INTO sentences (article, start_off, end_off, text) VALUES ('` + id + `', 0, 39, 'North Korea blew up roads to the South.')`,
		`INSERT INTO sentences (article, start_off, end_off, text) VALUES ('` + id + `', 40, 56, 'Seoul protested.')`,
		`INSERT INTO events (id, article, date, source, target, source_country, target_country, code, root, quad, goldstein, sent_start, sent_end)
			VALUES ('e1', '` + id + `', '2024-10-15', 'PRKMIL', 'KOR', 'PRK', 'KOR', '191', '19', 4, -9.5, 0, 39)`,
		// A plan: dated after its article.
		`INSERT INTO events (id, article, date, source, target, source_country, target_country, code, root, quad, goldstein, sent_start, sent_end)
			VALUES ('e2', '` + id + `', '2024-11-05', 'PRKMIL', 'KOR', 'PRK', 'KOR', '154', '15', 4, -7.2, 40, 56)`,
		`INSERT INTO dyad_days (source_country, target_country, date, events, q1, q2, q3, q4, goldstein)
			VALUES ('PRK', 'KOR', '2024-10-15', 1, 0, 0, 0, 1, -9.5)`,
		`INSERT INTO dyads (source_country, target_country, events, goldstein, first, last) VALUES ('PRK', 'KOR', 1, -9.5, '2024-10-15', '2024-10-15')`,
	}
	for _, b := range []struct {
		name string
		open func(t *testing.T, version int) *db
	}{
		{"sqlite", func(t *testing.T, version int) *db {
			s, err := openSQLite(ctx, testSQLitePath(t), version)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"postgres", func(t *testing.T, version int) *db {
			s, err := openPostgres(ctx, testPostgresDSN(t), version)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
	} {
		t.Run(b.name, func(t *testing.T) {
			old := b.open(t, 1)
			for _, q := range v1 {
				if _, err := old.w.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := old.migrate(ctx); err != nil {
				t.Fatalf("migrating: %v", err)
			}
			defer old.Close()
			var s Store = old
			st, err := s.Stats(ctx)
			if err != nil || st.Schema != latestVersion(b.name) || st.Articles != 1 || st.Events != 2 || st.Sentences != 2 {
				t.Fatalf("after migrating: %+v %v", st, err)
			}
			d, err := s.ArticleDetail(ctx, id)
			if err != nil || len(d.Sentences) != 2 || len(d.Sentences[0].Events) != 1 || d.Sentences[1].Text != "Seoul protested." {
				t.Fatalf("article after migrating: %+v %v", d, err)
			}
			// The plan is counted on its article's date.
			var counted []string
			err = s.EachEvent(ctx, EventFilter{Order: ByReported, Until: "2024-10-15"}, func(e *vigil.Event) error {
				counted = append(counted, e.ID+" "+e.Reported)
				return nil
			})
			if err != nil || len(counted) != 2 || counted[1] != "e2 2024-10-15" {
				t.Errorf("by the date reported: %q %v", counted, err)
			}
			hits, err := s.Search(ctx, SearchQuery{Query: "roads"})
			if err != nil || len(hits.Items) != 1 {
				t.Errorf("search after migrating: %+v %v", hits, err)
			}
			p, err := s.Events(ctx, EventFilter{Text: "roads"})
			if err != nil || len(p.Items) != 1 || p.Items[0].Sources != 1 {
				t.Errorf("text filter after migrating: %+v %v", p, err)
			}
			// A second source of the old article counts, and a new article
			// goes in beside it.
			if ok, err := s.AddSource(ctx, id, vigil.ArticleSource{URL: "https://mirror.example/a"}); !ok || err != nil {
				t.Errorf("adding a source: %v %v", ok, err)
			}
			const text2 = "Seoul protested again."
			a2 := &vigil.Article{Text: text2, URL: "https://news.example/b", Published: time.Date(2024, 10, 16, 0, 0, 0, 0, time.UTC), Web: true}
			if _, err := s.Write(ctx, Entry{Article: a2, Events: []vigil.Event{{Date: "2024-10-16", Source: "KOR", Target: "PRK", Code: "111",
				Quad: 3, Sentence: text2, Offsets: [2]int{0, len(text2)}}}}); err != nil {
				t.Fatal(err)
			}
			p, err = s.Events(ctx, EventFilter{Dyad: &Dyad{A: "PRK", B: "KOR"}})
			if err != nil || len(p.Items) != 3 || p.Items[0].Sources != 2 {
				t.Errorf("events after migrating: %+v %v", p.Items, err)
			}
			if hits, err := s.Search(ctx, SearchQuery{Query: "protested"}); err != nil || len(hits.Items) != 2 {
				t.Errorf("search over old and new: %+v %v", hits, err)
			}
			if a, err := s.Article(ctx, vigil.ArticleID(text2)); err != nil || !a.Web || !strings.HasPrefix(a.URL, "https://") {
				t.Errorf("new article: %+v %v", a, err)
			}
		})
	}
}

func testSQLitePath(t *testing.T) string { return filepath.Join(t.TempDir(), "vigil.db") }

// testPostgresDSN is storetest.PostgresDSN (which this package's own
// tests cannot import): a schema of the test's own, dropped at its end.
func testPostgresDSN(t *testing.T) string {
	base := os.Getenv("VIGIL_TEST_DSN")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set VIGIL_TEST_DSN to a postgres:// URL (.ci/run starts a server and sets it)")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("vigil_test_m%d", time.Now().UnixNano())
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(ctx, base); err == nil {
			c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

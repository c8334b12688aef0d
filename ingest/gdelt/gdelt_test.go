package gdelt

import (
	"errors"
	"strings"
	"testing"

	vigil "github.com/vigil-ews/vigil"
)

func collect(t *testing.T, path string) ([]Row, Stats) {
	t.Helper()
	var rows []Row
	st, err := ReadFile(path, func(r Row) error { rows = append(rows, r); return nil })
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows, st
}

func TestReadFile(t *testing.T) {
	for _, path := range []string{"testdata/20241016.export.CSV", "testdata/20241016.export.CSV.zip"} {
		rows, st := collect(t, path)
		if len(rows) != 3 || st.Events != 3 {
			t.Fatalf("%s: %d events, stats %+v", path, len(rows), st)
		}
		got := rows[0].Event
		want := vigil.Event{
			ID: "gdelt-1100000001", Article: ArticleID("https://news.example/2024/10/15/roads"),
			Date: "2024-10-15", Source: "PRKMIL", SourceName: "NORTH KOREA", Target: "KOR", TargetName: "SOUTH KOREA",
			Code: "190", Root: "19", Quad: 4, Goldstein: -10, PLOVER: got.PLOVER, Mode: got.Mode,
			Confidence: 1, Location: "North Korea", Pattern: "gdelt", Sources: 3,
		}
		if got.PLOVER == "" {
			t.Errorf("PLOVER not filled from the CAMEO table")
		}
		if !eventsEqual(got, want) {
			t.Errorf("%s: event\n got %+v\nwant %+v", path, got, want)
		}
		if rows[0].SourceURL != "https://news.example/2024/10/15/roads" || rows[0].Event.Article != rows[1].Event.Article {
			t.Errorf("rows from one URL must share the article: %+v", rows[:2])
		}
		if rows[2].Event.Code != "057" || rows[2].Event.Goldstein != 8 || rows[2].Event.Quad != 1 {
			t.Errorf("third row %+v", rows[2].Event)
		}
	}
	_, st := collect(t, "testdata/20241016.export.CSV")
	if st.Rows != 7 || st.Bad != 4 || len(st.First) != 4 {
		t.Fatalf("stats %+v", st)
	}
	for i, want := range []struct {
		line   int
		reason string
	}{{3, "3 columns"}, {4, "GLOBALEVENTID"}, {6, "SQLDATE"}, {7, "CAMEO"}} {
		b := st.First[i]
		if b.Line != want.line || !strings.Contains(b.Reason, want.reason) {
			t.Errorf("bad row %d: %+v, want line %d and %q", i, b, want.line, want.reason)
		}
	}
}

func eventsEqual(a, b vigil.Event) bool {
	return a.ID == b.ID && a.Article == b.Article && a.Date == b.Date && a.Source == b.Source &&
		a.SourceName == b.SourceName && a.Target == b.Target && a.TargetName == b.TargetName &&
		a.Code == b.Code && a.Root == b.Root && a.Quad == b.Quad && a.Goldstein == b.Goldstein &&
		a.Confidence == b.Confidence && a.Location == b.Location && a.Pattern == b.Pattern && a.Sources == b.Sources
}

func TestReadBadInputs(t *testing.T) {
	long := strings.Repeat("x", 2<<20) + "\n"
	st, err := Read(strings.NewReader(long+"a\tb\n"), "long", func(Row) error { return nil })
	if err != nil || st.Bad != 2 || st.Rows != 2 {
		t.Errorf("long line: %v %+v", err, st)
	}
	stop := errors.New("stop")
	_, err = ReadFile("testdata/20241016.export.CSV", func(Row) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("callback error not returned: %v", err)
	}
	if _, err := ReadFile("testdata/missing.CSV", func(Row) error { return nil }); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := ReadFile("gdelt_test.go.zip", func(Row) error { return nil }); err == nil {
		t.Error("missing zip: no error")
	}
}

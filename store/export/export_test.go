package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest/gdelt"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/export"
	"github.com/vigil-ews/vigil/store/storetest"
)

var ctx = context.Background()

const text = "North Korea blew up roads to the South.\tThe UN condemned the move."

func fixture(t *testing.T) store.Store {
	s := storetest.SQLite(t)
	a := &vigil.Article{Text: text, URL: "https://news.example/a?x=1", CanonicalURL: "https://news.example/a", Title: "Roads"}
	s1, s2 := "North Korea blew up roads to the South.", "The UN condemned the move."
	_, err := s.Write(ctx, store.Entry{Article: a, Events: []vigil.Event{
		{Date: "2024-10-15", Source: "PRKMIL", SourceName: "North Korean army", Target: "KOR", TargetName: "South Korea",
			Code: "191", Root: "19", Quad: 4, Goldstein: -9.5, PLOVER: "restrict", Mode: "border", Confidence: 0.9,
			Location: "Gyeongui line", Sentence: s1, Offsets: [2]int{0, len(s1)}, Pattern: "blow up roads",
			Evidence: []vigil.Evidence{{Sentence: "again", Offsets: [2]int{1, 2}}}},
		{Date: "2024-10-16", Source: "IGOUNO", SourceName: "UN", Target: "PRK", TargetName: "North Korea",
			Code: "111", Root: "11", Quad: 3, Goldstein: -2, Sentence: s2, Offsets: [2]int{len(s1) + 1, len(text)}},
	}}, store.Entry{Events: []vigil.Event{{ID: "gdelt-1188888888", Article: "elsewhere", Date: "2024-10-17", Source: "KOR", Target: "PRK",
		Code: "0871", Root: "08", Quad: 2, Goldstein: 9, Sources: 3, Pattern: "gdelt"}}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJSONLIsTheEventContract(t *testing.T) {
	s := fixture(t)
	var out bytes.Buffer
	n, err := export.Run(ctx, s, store.EventFilter{}, "jsonl", &out)
	if err != nil || n != 3 {
		t.Fatalf("exported %d, %v", n, err)
	}
	want, err := s.Events(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	var got []vigil.Event
	for sc.Scan() {
		var e vigil.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, e)
	}
	if !reflect.DeepEqual(got, want.Items) {
		t.Errorf("JSONL export differs from the store's events:\n got  %+v\n want %+v", got, want.Items)
	}
}

func TestCSV(t *testing.T) {
	s := fixture(t)
	var out bytes.Buffer
	if _, err := export.Run(ctx, s, store.EventFilter{Roots: []string{"19", "11"}}, "csv", &out); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v", err)
	}
	if len(rows) != 3 || !reflect.DeepEqual(rows[0], export.CSVColumns) {
		t.Fatalf("rows %q", rows)
	}
	col := func(row []string, name string) string { return row[indexOf(export.CSVColumns, name)] }
	if col(rows[1], "code") != "191" || col(rows[1], "url") != "https://news.example/a" || col(rows[1], "goldstein") != "-9.5" ||
		col(rows[1], "sentence") != "North Korea blew up roads to the South." || col(rows[2], "source") != "IGOUNO" {
		t.Errorf("rows %q", rows[1:])
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	panic("no column " + x)
}

func TestGDELT(t *testing.T) {
	s := fixture(t)
	var out bytes.Buffer
	if n, err := export.Run(ctx, s, store.EventFilter{}, "gdelt", &out); err != nil || n != 3 {
		t.Fatalf("exported %d, %v", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	cols := map[string]string{}
	for i, f := range strings.Split(lines[0], "\t") {
		cols[export.GDELTColumns[i]] = f
	}
	if len(strings.Split(lines[0], "\t")) != 61 {
		t.Fatalf("%d columns, want 61", len(strings.Split(lines[0], "\t")))
	}
	for name, want := range map[string]string{
		"SQLDATE": "20241015", "MonthYear": "202410", "Year": "2024", "FractionDate": "2024.8630",
		"Actor1Code": "PRKMIL", "Actor1Name": "NORTH KOREAN ARMY", "Actor1CountryCode": "PRK", "Actor1Type1Code": "MIL",
		"Actor2Code": "KOR", "Actor2CountryCode": "KOR", "Actor2Type1Code": "",
		"EventCode": "191", "EventBaseCode": "191", "EventRootCode": "19", "QuadClass": "4", "GoldsteinScale": "-9.5",
		"NumMentions": "2", "NumSources": "1", "NumArticles": "1", "AvgTone": "",
		"ActionGeo_FullName": "Gyeongui line", "SOURCEURL": "https://news.example/a",
	} {
		if cols[name] != want {
			t.Errorf("%s = %q, want %q", name, cols[name], want)
		}
	}
	un := strings.Split(lines[1], "\t")
	if un[5] != "IGOUNO" || un[7] != "" || un[8] != "UNO" {
		t.Errorf("an IGO actor: code %q country %q known group %q", un[5], un[7], un[8])
	}
	// Our own GDELT importer reads the export back.
	var back []gdelt.Row
	st, err := gdelt.Read(strings.NewReader(out.String()), "export", func(r gdelt.Row) error { back = append(back, r); return nil })
	if err != nil || st.Bad != 0 || len(back) != 3 {
		t.Fatalf("re-import: %+v %v, %d rows", st, err, len(back))
	}
	if back[2].Event.ID != "gdelt-1188888888" || back[2].Event.Sources != 3 {
		t.Errorf("an imported GDELT event keeps its GLOBALEVENTID and sources: %+v", back[2].Event)
	}
	for i, e := range back {
		orig := []string{"191", "111", "0871"}[i]
		if e.Event.Code != orig || e.Event.Date == "" {
			t.Errorf("row %d re-imported as %+v", i, e.Event)
		}
	}
}

func TestBadFormat(t *testing.T) {
	if _, err := export.New("xml", &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "jsonl, csv, gdelt") {
		t.Errorf("unknown format: %v", err)
	}
}

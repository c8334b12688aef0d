package ingest

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	vigil "github.com/vigil-ews/vigil"
)

func TestParseRecord(t *testing.T) {
	for _, tc := range []struct {
		line    string
		wantErr string
		date    string
		source  string
	}{
		{`{"date": "2011-01-01", "title": "T", "url": "http://x/1", "source": "KCNA", "text": "Some text."}`, "", "2011-01-01", "KCNA"},
		{`{"text": "Undated text.", "extra": 1}`, "", "", ""},
		{`{"date": "yesterday-ish", "text": "x"}`, "not a date", "", ""},
		{`{"title": "no text"}`, `no "text"`, "", ""},
		{`{"text": "   "}`, `no "text"`, "", ""},
		{`[1, 2]`, "not a JSON article", "", ""},
		{`{"text": "cut`, "not a JSON article", "", ""},
	} {
		a, err := ParseRecord([]byte(tc.line))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want %q", tc.line, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		if a.Date() != tc.date || a.ID != vigil.ArticleID(a.Text) || a.Source != tc.source {
			t.Errorf("%s: date %q, id %q, source %q", tc.line, a.Date(), a.ID, a.Source)
		}
	}
	a, err := ParseRecord([]byte(`{"id": "given", "text": "x"}`))
	if err != nil || a.ID != "given" {
		t.Errorf("a record's own ID is kept: %+v, %v", a, err)
	}
}

func TestReadRecordLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"short\n" + strings.Repeat("x", 300) + "\nlast", "short,TOO LARGE,last"},
		{"a\r\nb\r\n", "a,b"},
		{strings.Repeat("y", 101) + "\n" + strings.Repeat("z", 100), "TOO LARGE," + strings.Repeat("z", 100)},
		{strings.Repeat("y", 500), "TOO LARGE"},
		{"", ""},
	} {
		// A small buffer makes long lines span several reads.
		br := bufio.NewReaderSize(strings.NewReader(tc.in), 16)
		var got []string
		for {
			b, err := ReadRecordLine(br, 100)
			if err != nil && !errors.Is(err, io.EOF) {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatal(err)
				}
				got = append(got, "TOO LARGE")
				continue
			}
			if len(b) > 0 {
				got = append(got, string(b))
			}
			if errors.Is(err, io.EOF) {
				break
			}
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%.20q: lines %q, want %q", tc.in, got, tc.want)
		}
	}
}

// EachRecordLine names every line by file and line, blank ones included;
// a line over the cap is reported and skipped, and the last line needs no
// newline.
func TestEachRecordLine(t *testing.T) {
	in := "{\"text\":\"a\"}\n\n" + strings.Repeat("x", 50) + "\n{\"text\":\"b\"}"
	var lines, bad []string
	err := EachRecordLine(t.Context(), strings.NewReader(in), "arc.jsonl", 20, func(name string, b []byte) error {
		lines = append(lines, name+"="+string(b))
		return nil
	}, func(name string, err error) {
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", name, err)
		}
		bad = append(bad, name)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`arc.jsonl:1={"text":"a"}`, "arc.jsonl:2=", `arc.jsonl:4={"text":"b"}`}
	if strings.Join(lines, "|") != strings.Join(want, "|") || strings.Join(bad, "|") != "arc.jsonl:3" {
		t.Errorf("lines %q, bad %q; want %q and [arc.jsonl:3]", lines, bad, want)
	}
	stop := errors.New("stop")
	if err := EachRecordLine(t.Context(), strings.NewReader(in), "arc.jsonl", 20, func(string, []byte) error { return stop }, func(string, error) {}); err != stop {
		t.Errorf("line's error: got %v", err)
	}
}

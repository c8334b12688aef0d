// Package gdelt reads GDELT 2.0 event export files (61 tab-separated
// columns, plain or zipped) into Vigil events, so Vigil's watch layer can
// run on GDELT data.
//
// GDELT codes events per article URL, with no sentence: imported events
// have an empty Sentence, Pattern "gdelt", the article ID derived from
// SOURCEURL (ArticleID), and ID "gdelt-" + GLOBALEVENTID.
package gdelt

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
)

// Columns is the number of columns of a GDELT 2.0 event export row.
const Columns = 61

// Column positions in a GDELT 2.0 event export row (0-based).
const (
	colID          = 0
	colSQLDate     = 1
	colActor1Code  = 5
	colActor1Name  = 6
	colActor2Code  = 15
	colActor2Name  = 16
	colIsRoot      = 25
	colEventCode   = 26
	colEventRoot   = 28
	colQuadClass   = 29
	colGoldstein   = 30
	colNumSources  = 32
	colActionGeo   = 52
	colSourceURL   = 60
	maxLineLength  = 1 << 20 // longer lines are malformed, not a reason to stop
	maxBadExamples = 10
)

// BadRow is one malformed row: where it is and what is wrong.
type BadRow struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Stats counts what a read saw.
type Stats struct {
	Rows   int      `json:"rows"`   // rows read (good and bad)
	Events int      `json:"events"` // rows turned into events
	Bad    int      `json:"bad"`    // malformed rows skipped
	First  []BadRow `json:"first_bad,omitempty"`
}

func (s *Stats) bad(file string, line int, reason string) {
	s.Bad++
	if len(s.First) < maxBadExamples {
		s.First = append(s.First, BadRow{file, line, reason})
	}
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Rows += o.Rows
	s.Events += o.Events
	s.Bad += o.Bad
	for _, b := range o.First {
		if len(s.First) < maxBadExamples {
			s.First = append(s.First, b)
		}
	}
}

// ArticleID is the article ID of an imported event: the content-hash
// scheme applied to its source URL, since GDELT gives no text.
func ArticleID(sourceURL string) string {
	if sourceURL == "" {
		return ""
	}
	return vigil.ArticleID("gdelt:" + strings.TrimSpace(sourceURL))
}

// ReadFile reads a GDELT export file (plain, or a .zip holding export
// files) and calls fn with each row's event. Malformed rows are counted in the
// Stats and skipped; an error from fn, or an unreadable file, stops the read.
func ReadFile(path string, fn func(Row) error) (Stats, error) {
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		return readZip(path, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	return Read(f, path, fn)
}

func readZip(path string, fn func(Row) error) (Stats, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return Stats{}, fmt.Errorf("%s: not a readable zip archive: %w", path, err)
	}
	defer zr.Close()
	var total Stats
	n := 0
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		n++
		rc, err := zf.Open()
		if err != nil {
			return total, fmt.Errorf("%s: %s: %w", path, zf.Name, err)
		}
		st, err := Read(rc, path+":"+zf.Name, fn)
		rc.Close()
		total.Add(st)
		if err != nil {
			return total, err
		}
	}
	if n == 0 {
		return total, fmt.Errorf("%s: the zip archive holds no files", path)
	}
	return total, nil
}

// Read reads GDELT 2.0 event rows from r; name labels bad rows and errors.
func Read(r io.Reader, name string, fn func(Row) error) (Stats, error) {
	var st Stats
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	for {
		raw, err := readLine(br)
		if len(raw) > 0 || err == nil {
			line++
			if s := strings.TrimRight(raw, "\r\n"); s != "" {
				st.Rows++
				row, reason := parseRow(s)
				if reason != "" {
					st.bad(name, line, reason)
				} else {
					st.Events++
					if ferr := fn(row); ferr != nil {
						return st, ferr
					}
				}
			}
		}
		if err == io.EOF {
			return st, nil
		}
		if errors.Is(err, errLongLine) {
			st.Rows++
			st.bad(name, line, "line longer than 1 MB")
			continue
		}
		if err != nil {
			return st, fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
}

var errLongLine = errors.New("line too long")

// readLine reads one line; a line over maxLineLength is skipped to its end
// and reported as errLongLine.
func readLine(br *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		chunk, err := br.ReadSlice('\n')
		if b.Len()+len(chunk) > maxLineLength {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return "", err
			}
			return "", errLongLine
		}
		b.Write(chunk)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return b.String(), err
	}
}

// Row is one imported event with the URL GDELT coded it from.
type Row struct {
	Event     vigil.Event
	SourceURL string
}

// parseRow turns one row into an event, or says why it cannot.
func parseRow(s string) (Row, string) {
	f := strings.Split(s, "\t")
	if len(f) != Columns {
		return Row{}, fmt.Sprintf("%d columns, want %d (is this a GDELT 2.0 event export, not a mentions or GKG file?)", len(f), Columns)
	}
	id := strings.TrimSpace(f[colID])
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return Row{}, fmt.Sprintf("GLOBALEVENTID %q is not a number", id)
	}
	date := strings.TrimSpace(f[colSQLDate])
	if len(date) != 8 {
		return Row{}, fmt.Sprintf("SQLDATE %q is not YYYYMMDD", date)
	}
	y, e1 := strconv.Atoi(date[:4])
	m, e2 := strconv.Atoi(date[4:6])
	d, e3 := strconv.Atoi(date[6:])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 || y < 1800 {
		return Row{}, fmt.Sprintf("SQLDATE %q is not a date", date)
	}
	code := strings.TrimSpace(f[colEventCode])
	if !cameo.Valid(code) {
		return Row{}, fmt.Sprintf("EventCode %q is not a CAMEO code", code)
	}
	src := strings.TrimSpace(f[colActor1Code])
	if src == "" {
		return Row{}, "no Actor1Code"
	}
	ev := vigil.Event{
		ID:         "gdelt-" + id,
		Date:       fmt.Sprintf("%04d-%02d-%02d", y, m, d),
		Source:     src,
		SourceName: strings.TrimSpace(f[colActor1Name]),
		Target:     strings.TrimSpace(f[colActor2Code]),
		TargetName: strings.TrimSpace(f[colActor2Name]),
		Code:       code,
		Location:   strings.TrimSpace(f[colActionGeo]),
		Pattern:    "gdelt",
		Confidence: 1,
		Sources:    1,
	}
	// PLOVER and mode come from our table; root, quad and Goldstein keep
	// GDELT's own values when present, so imported data stays as published.
	cameo.Fill(&ev)
	if r := strings.TrimSpace(f[colEventRoot]); r != "" {
		ev.Root = r
	}
	if q, err := strconv.Atoi(strings.TrimSpace(f[colQuadClass])); err == nil && q >= 1 && q <= 4 {
		ev.Quad = q
	}
	if g, err := strconv.ParseFloat(strings.TrimSpace(f[colGoldstein]), 64); err == nil && g >= -10 && g <= 10 {
		ev.Goldstein = g
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f[colNumSources])); err == nil && n > 0 {
		ev.Sources = n
	}
	url := strings.TrimSpace(f[colSourceURL])
	ev.Article = ArticleID(url)
	return Row{ev, url}, ""
}

// Package export writes events out of the store in formats other tools
// read: JSON Lines (the `vigil code` event contract), CSV with a header,
// and GDELT 2.0's 61-column tab-separated event layout, so that software
// written for GDELT can read Vigil's events.
//
// Export streams: events are read from the store in chunks and written as
// they come, so memory does not grow with the number of events.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// Formats lists the formats New accepts.
var Formats = []string{"jsonl", "csv", "gdelt"}

// GDELTColumns are the 61 columns of a GDELT 2.0 event export row, in
// order (GDELT Event Codebook V2.0). The files have no header line.
var GDELTColumns = []string{
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
	"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// CSVColumns is the header of the CSV format: the event contract's fields,
// flattened, and the article's URL.
var CSVColumns = []string{"id", "article", "date", "source", "source_name", "target", "target_name",
	"code", "root", "quad", "goldstein", "plover", "mode", "negated", "hypothetical", "confidence",
	"location", "sentence", "start", "end", "pattern", "evidence", "sources", "url"}

// Writer writes events in one format.
type Writer struct {
	format string
	bw     *bufio.Writer
	csv    *csv.Writer
	enc    *json.Encoder
	header bool
}

// New returns a Writer of format ("jsonl", "csv" or "gdelt") to w. Call
// Flush when done.
func New(format string, w io.Writer) (*Writer, error) {
	x := &Writer{format: format, bw: bufio.NewWriterSize(w, 64<<10)}
	switch format {
	case "jsonl":
		x.enc = json.NewEncoder(x.bw)
		x.enc.SetEscapeHTML(false)
	case "csv":
		x.csv = csv.NewWriter(x.bw)
	case "gdelt":
		x.csv = csv.NewWriter(x.bw)
		x.csv.Comma = '\t'
	default:
		return nil, fmt.Errorf("export format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	return x, nil
}

// Write writes one event; url is its article's URL ("" when unknown).
func (x *Writer) Write(e *vigil.Event, url string) error {
	switch x.format {
	case "jsonl":
		return x.enc.Encode(e)
	case "csv":
		if !x.header {
			x.header = true
			if err := x.csv.Write(CSVColumns); err != nil {
				return err
			}
		}
		return x.csv.Write(csvRow(e, url))
	default:
		// GDELT's own files are not quoted: tabs and newlines inside a
		// field would break its readers, so they become spaces.
		row := GDELTRow(e, url)
		for i, f := range row {
			row[i] = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, f)
		}
		_, err := x.bw.WriteString(strings.Join(row, "\t") + "\n")
		return err
	}
}

// Flush writes out what is buffered.
func (x *Writer) Flush() error {
	if x.csv != nil {
		x.csv.Flush()
		if err := x.csv.Error(); err != nil {
			return err
		}
	}
	return x.bw.Flush()
}

func csvRow(e *vigil.Event, url string) []string {
	evidence := ""
	if len(e.Evidence) > 0 {
		b, _ := json.Marshal(e.Evidence)
		evidence = string(b)
	}
	return []string{e.ID, e.Article, e.Date, e.Source, e.SourceName, e.Target, e.TargetName,
		e.Code, e.Root, strconv.Itoa(e.Quad), fmtFloat(e.Goldstein), e.PLOVER, e.Mode,
		strconv.FormatBool(e.Negated), strconv.FormatBool(e.Hypothetical), fmtFloat(e.Confidence),
		e.Location, e.Sentence, strconv.Itoa(e.Offsets[0]), strconv.Itoa(e.Offsets[1]), e.Pattern, evidence,
		strconv.Itoa(max(e.Sources, 1)), url}
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// GDELTRow returns the 61 GDELT 2.0 columns of an event. Columns Vigil
// has no value for (ethnicity, religion, tone, coordinates, ...) are empty.
//
// GLOBALEVENTID must be an integer: events imported from GDELT
// ("gdelt-N") keep theirs; others get the first 60 bits of their hex ID,
// which is as stable as the ID. NumMentions counts the event's sentences
// in its article (1 + evidence), NumSources and NumArticles the places
// the article was published.
func GDELTRow(e *vigil.Event, url string) []string {
	row := make([]string, len(GDELTColumns))
	row[0] = globalEventID(e.ID)
	if t, err := time.Parse(vigil.DateLayout, e.Date); err == nil {
		row[1] = t.Format("20060102")
		row[2] = t.Format("200601")
		row[3] = t.Format("2006")
		// GDELT's own approximation: (month*30 + day) / 365.
		row[4] = strconv.FormatFloat(float64(t.Year())+float64(int(t.Month())*30+t.Day())/365, 'f', 4, 64)
	}
	actor(row[5:15], e.Source, e.SourceName)
	actor(row[15:25], e.Target, e.TargetName)
	row[26] = e.Code
	if len(e.Code) >= 3 {
		row[27] = e.Code[:3]
	}
	row[28] = e.Root
	if e.Quad > 0 {
		row[29] = strconv.Itoa(e.Quad)
	}
	row[30] = strconv.FormatFloat(e.Goldstein, 'f', 1, 64)
	row[31] = strconv.Itoa(1 + len(e.Evidence))
	row[32] = strconv.Itoa(max(e.Sources, 1))
	row[33] = row[32]
	row[52] = e.Location // ActionGeo_FullName
	row[60] = url
	return row
}

// actor fills the ten actor columns from a Vigil actor code: CCC + role
// (PRKMIL: country PRK, type MIL) or IGO + organisation (IGOUNO: known
// group UNO).
func actor(cols []string, code, name string) {
	cols[0] = code
	if code == "" {
		return
	}
	cols[1] = strings.ToUpper(name)
	if strings.HasPrefix(code, "IGO") {
		cols[3] = code[3:]
		return
	}
	if len(code) >= 3 {
		cols[2] = code[:3]
	}
	if len(code) >= 6 {
		cols[7] = code[3:6] // Type1Code
	}
}

func globalEventID(id string) string {
	if n, ok := strings.CutPrefix(id, "gdelt-"); ok {
		if _, err := strconv.ParseUint(n, 10, 64); err == nil {
			return n
		}
	}
	if len(id) >= 15 {
		if v, err := strconv.ParseUint(id[:15], 16, 64); err == nil {
			return strconv.FormatUint(v, 10)
		}
	}
	return ""
}

// Run writes the events of s matching f to w in format, reading them in
// date order in chunks and looking up their articles' URLs a chunk at a
// time. It returns how many events it wrote.
func Run(ctx context.Context, s store.Store, f store.EventFilter, format string, w io.Writer) (int, error) {
	x, err := New(format, w)
	if err != nil {
		return 0, err
	}
	const chunk = 1000
	buf := make([]vigil.Event, 0, chunk)
	n := 0
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		seen := map[string]bool{}
		var ids []string
		for _, e := range buf {
			if e.Article != "" && !seen[e.Article] {
				seen[e.Article] = true
				ids = append(ids, e.Article)
			}
		}
		urls, err := s.ArticleURLs(ctx, ids)
		if err != nil {
			return err
		}
		for i := range buf {
			if err := x.Write(&buf[i], urls[buf[i].Article]); err != nil {
				return fmt.Errorf("writing event: %w", err)
			}
			n++
		}
		buf = buf[:0]
		return nil
	}
	err = s.EachEvent(ctx, f, func(e *vigil.Event) error {
		buf = append(buf, *e)
		if len(buf) == chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if ferr := x.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing events: %w", ferr)
	}
	return n, err
}

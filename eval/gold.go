package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
)

// Record is one hand-coded text of a gold file: a sentence or a whole
// article, its publication date and the events an expert coded from it.
type Record struct {
	ID   string `json:"id"`
	Date string `json:"date"` // publication date, YYYY-MM-DD; "" when undated
	Text string `json:"text"`
	// Events are the gold events. An empty list is meaningful: any event
	// coded from the text is a false positive.
	Events []GoldEvent `json:"events"`
}

// Published returns the record's date as a time (zero when undated).
func (r *Record) Published() time.Time {
	t, _ := time.Parse(vigil.DateLayout, r.Date)
	return t
}

// Article returns the record as the article a coder reads.
func (r *Record) Article() *vigil.Article {
	return &vigil.Article{ID: r.ID, Text: r.Text, Published: r.Published()}
}

// GoldEvent is one event of a gold record.
type GoldEvent struct {
	Source string `json:"source"`
	Target string `json:"target"` // "" when the text names no target: matches any
	Code   string `json:"code"`
	// Alt lists other codes an expert could defend; a prediction with any
	// of Code or Alt is right (see Score for how at each level).
	Alt []string `json:"alt,omitempty"`
	// Optional marks a defensible event that is neither required nor
	// penalised: matching it is not a true positive, missing it not a miss.
	Optional bool `json:"optional,omitempty"`
}

// MaxLine is the longest gold record ReadGold accepts (a whole article on
// one line fits many times over).
const MaxLine = 16 << 20

// ReadGold reads a gold file in JSON Lines (CODING.md, "Gold files"): one
// record per line, blank lines ignored. name labels errors ("dev.jsonl:12:
// ..."). It checks what scoring relies on: every record has an id, unique in
// the file, a valid date or none, and an "events" list; every event has a
// source and well-formed CAMEO codes (cameo.WellFormed: extension codes the
// table lacks are allowed). Unknown fields of a record are
// allowed (notes, titles); unknown fields of an event are not, because a
// misspelt "optional" or "alt" would silently change a score.
func ReadGold(r io.Reader, name string) ([]Record, error) {
	var recs []Record
	seen := map[string]int{}
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		b, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			rec, perr := parseRecord(b)
			if perr != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, perr)
			}
			if first, dup := seen[rec.ID]; dup {
				return nil, fmt.Errorf("%s:%d: id %q already used on line %d: ids must be unique", name, line, rec.ID, first)
			}
			seen[rec.ID] = line
			recs = append(recs, rec)
		}
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
	}
}

// ReadGoldFile reads the gold file at path (see ReadGold).
func ReadGoldFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadGold(f, path)
}

// readLine returns the next line without its newline, failing on lines
// longer than MaxLine rather than growing without bound.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > MaxLine {
			return nil, fmt.Errorf("line longer than %d bytes", MaxLine)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

func parseRecord(b []byte) (Record, error) {
	var raw struct {
		ID     string             `json:"id"`
		Date   string             `json:"date"`
		Text   string             `json:"text"`
		Events *[]json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return Record{}, fmt.Errorf("not a JSON record: %w", err)
	}
	rec := Record{ID: raw.ID, Date: raw.Date, Text: raw.Text}
	if strings.TrimSpace(rec.ID) == "" {
		return rec, errors.New(`record has no "id"`)
	}
	if rec.Date != "" {
		if _, err := time.Parse(vigil.DateLayout, rec.Date); err != nil {
			return rec, fmt.Errorf("record %s: date %q is not YYYY-MM-DD", rec.ID, rec.Date)
		}
	}
	if raw.Events == nil {
		return rec, fmt.Errorf(`record %s has no "events" (write "events": [] for a text with no event)`, rec.ID)
	}
	rec.Events = make([]GoldEvent, 0, len(*raw.Events))
	for i, m := range *raw.Events {
		var ev GoldEvent
		dec := json.NewDecoder(bytes.NewReader(m))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ev); err != nil {
			return rec, fmt.Errorf("record %s, event %d: %w (fields: source, target, code, alt, optional)", rec.ID, i+1, err)
		}
		if err := checkGoldEvent(ev); err != nil {
			return rec, fmt.Errorf("record %s, event %d: %w", rec.ID, i+1, err)
		}
		rec.Events = append(rec.Events, ev)
	}
	return rec, nil
}

func checkGoldEvent(ev GoldEvent) error {
	if len(ev.Source) < 3 {
		return fmt.Errorf("source %q: want an actor code of at least 3 characters (PRK, PRKMIL, IGOUNO)", ev.Source)
	}
	if ev.Target != "" && len(ev.Target) < 3 {
		return fmt.Errorf("target %q: want an actor code of at least 3 characters, or \"\" for none", ev.Target)
	}
	// Codes need the form of a CAMEO code, not a row in our table: an
	// expert may cite an extension code (1952, drone strike) as an
	// alternative, and scoring only compares roots and code strings.
	for _, c := range append([]string{ev.Code}, ev.Alt...) {
		if !cameo.WellFormed(c) {
			return fmt.Errorf("code %q is not a CAMEO code (2 to 4 digits under a root 01–20)", c)
		}
	}
	return nil
}

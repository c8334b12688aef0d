package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	vigil "github.com/vigil-ews/vigil"
)

// This file reads JSON Lines archives of articles, one article a line, as
// `vigil code`, `vigil bench` and `vigil backfill` take them (and as the
// KCNA corpus is written):
//
//	{"id": "...", "date": "2011-01-03", "title": "...", "url": "...", "source": "KCNA", "lang": "en", "text": "..."}

// record is one line of a JSON Lines archive.
type record struct {
	ID     string `json:"id"`
	Date   string `json:"date"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Source string `json:"source"`
	Lang   string `json:"lang"`
	Text   string `json:"text"`
}

// ParseRecord reads one JSON Lines article: {"id","date","title","url",
// "source","lang","text"}, text required, date as YYYY-MM-DD (or any form
// ParseDate reads). The ID is the text's hash when absent. Unknown fields
// are ignored.
func ParseRecord(b []byte) (*vigil.Article, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf(`not a JSON article {"id","date","title","url","text"}: %w`, err)
	}
	if strings.TrimSpace(r.Text) == "" {
		return nil, errors.New(`article has no "text"`)
	}
	a := &vigil.Article{ID: r.ID, Title: r.Title, URL: r.URL, Source: r.Source, Lang: r.Lang, Text: r.Text}
	if a.ID == "" {
		a.ID = vigil.ArticleID(a.Text)
	}
	if r.Date != "" {
		t, ok := ParseDate(r.Date)
		if !ok {
			return nil, fmt.Errorf("date %q is not a date (write YYYY-MM-DD)", r.Date)
		}
		a.Published = t
	}
	return a, nil
}

// ReadRecordLine returns the next line of br without its line end, and
// io.EOF with the last one. A line over max bytes is skipped to its end
// and reported as ErrTooLarge, so one huge line neither fills memory nor
// stops the file: the caller reports it and reads on.
func ReadRecordLine(br *bufio.Reader, max int64) ([]byte, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			line = append(line, chunk...)
			if int64(len(line)) > max+1 { // +1: the newline
				tooLong, line = true, nil
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong {
			if err == nil || errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("line %w of %d bytes (raise it with --max-size)", ErrTooLarge, max)
			}
			return nil, err
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

// EachRecordLine reads the JSON Lines archive r (named path in messages)
// line by line under a bufio reader, calling line with each line and its
// name ("path:12"), blank ones included. A line over max bytes goes to bad
// as ErrTooLarge and reading goes on; any other read error goes to bad and
// ends the file (EachRecordLine then returns nil). It returns ctx's error
// when ctx ends first, and line's error when line returns one.
func EachRecordLine(ctx context.Context, r io.Reader, path string, max int64, line func(name string, b []byte) error, bad func(name string, err error)) error {
	br := bufio.NewReaderSize(r, 256<<10)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		l, err := ReadRecordLine(br, max)
		name := fmt.Sprintf("%s:%d", path, n)
		if err != nil && !errors.Is(err, io.EOF) {
			bad(name, err)
			if !errors.Is(err, ErrTooLarge) {
				return nil
			}
			continue
		}
		if lerr := line(name, l); lerr != nil {
			return lerr
		}
		if err != nil { // io.EOF after the last line
			return nil
		}
	}
}

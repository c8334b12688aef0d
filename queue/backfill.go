package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
)

// BackfillOptions configure Backfill.
type BackfillOptions struct {
	// MaxSize caps one file, or one line of a JSON Lines file
	// (ingest.DefaultMaxSize when 0). Larger inputs are reported, not sent.
	MaxSize int64
	// JSONL reads every file as JSON Lines of articles; without it only
	// files named .jsonl or .ndjson are.
	JSONL bool
	// OnError, when set, sees every input that was not sent (unreadable
	// file, bad line, too large) or not stored by JetStream. Backfill goes
	// on after it.
	OnError func(name string, err error)
	// OnProgress, when set, is called after every settled input.
	OnProgress func(BackfillStats)
	// OnWait is Publisher.OnWait: the queue is full (true) or takes
	// inputs again (false).
	OnWait func(full bool)
}

// BackfillStats count a backfill's inputs.
type BackfillStats struct {
	Files      int   `json:"files"`
	Queued     int   `json:"queued"`     // stored in the work queue
	Duplicates int   `json:"duplicates"` // dropped by JetStream as repeats of a recent publish
	Failed     int   `json:"failed"`     // not sent: see OnError
	Bytes      int64 `json:"bytes"`      // of the inputs read
}

// Backfill enqueues an archive for the workers: files, directories
// (recursively, hidden files skipped) and JSON Lines files of articles
// ({"id","date","title","url","text"} per line, as `vigil code --jsonl`
// reads). A file becomes a document, its bytes as read: the workers
// extract it, and one that holds no text goes to vigil.dead. A JSON Lines
// line becomes an article; a line that is not one is reported (OnError)
// and skipped. Nothing is held in memory but the publishes in flight.
//
// It returns the counts, and an error only when ctx ends or publishing
// cannot go on.
func Backfill(ctx context.Context, js jetstream.JetStream, paths []string, opt BackfillOptions) (BackfillStats, error) {
	b := &backfill{opt: opt}
	if b.opt.MaxSize <= 0 {
		b.opt.MaxSize = ingest.DefaultMaxSize
	}
	b.pub = &Publisher{JS: js, OnWait: opt.OnWait, OnAck: b.onAck}
	for _, p := range paths {
		if err := b.path(ctx, p); err != nil {
			return b.st, err
		}
	}
	err := b.pub.Flush(ctx)
	return b.st, err
}

type backfill struct {
	opt BackfillOptions
	pub *Publisher
	st  BackfillStats
}

func (b *backfill) onAck(name string, dup bool, err error) {
	switch {
	case err != nil:
		b.fail(name, err)
		return
	case dup:
		b.st.Duplicates++
	default:
		b.st.Queued++
	}
	if b.opt.OnProgress != nil {
		b.opt.OnProgress(b.st)
	}
}

func (b *backfill) fail(name string, err error) {
	b.st.Failed++
	if b.opt.OnError != nil {
		b.opt.OnError(name, err)
	}
	if b.opt.OnProgress != nil {
		b.opt.OnProgress(b.st)
	}
}

func (b *backfill) path(ctx context.Context, root string) error {
	st, err := os.Stat(root)
	if err != nil {
		b.fail(root, err)
		return nil
	}
	if !st.IsDir() {
		return b.file(ctx, root)
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			b.fail(path, err)
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return b.file(ctx, path)
	})
}

func (b *backfill) file(ctx context.Context, path string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.st.Files++
	f, err := os.Open(path)
	if err != nil {
		b.fail(path, err)
		return nil
	}
	defer f.Close()
	if b.opt.JSONL || isJSONLName(path) {
		return b.jsonl(ctx, f, path)
	}
	body, err := io.ReadAll(io.LimitReader(f, b.opt.MaxSize+1))
	if err != nil {
		b.fail(path, err)
		return nil
	}
	if int64(len(body)) > b.opt.MaxSize {
		b.fail(path, fmt.Errorf("%w of %d bytes (raise it with --max-size)", ingest.ErrTooLarge, b.opt.MaxSize))
		return nil
	}
	b.st.Bytes += int64(len(body))
	doc := pipeline.Document{
		Source:  pipeline.Source{Kind: pipeline.KindFile, Path: path},
		Body:    body,
		Fetched: time.Now().UTC(),
	}
	m, err := DocumentMsg(doc)
	if err != nil {
		b.fail(path, err)
		return nil
	}
	return b.send(ctx, path, m)
}

// send publishes one input; an input the server cannot take is reported
// and skipped.
func (b *backfill) send(ctx context.Context, name string, m *nats.Msg) error {
	err := b.pub.Publish(ctx, m)
	if errors.Is(err, ErrTooLarge) {
		b.fail(name, err)
		return nil
	}
	return err
}

func isJSONLName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".jsonl" || ext == ".ndjson"
}

// maxLineErrors is how many bad lines of one file are reported one by
// one; the rest are counted.
const maxLineErrors = 20

func (b *backfill) jsonl(ctx context.Context, r io.Reader, path string) error {
	bad := 0
	err := ingest.EachRecordLine(ctx, r, path, b.opt.MaxSize, func(name string, l []byte) error {
		b.st.Bytes += int64(len(l))
		if len(bytes.TrimSpace(l)) == 0 {
			return nil
		}
		a, err := ingest.ParseRecord(l)
		if err != nil {
			bad++
			b.lineError(name, err, bad)
			return nil
		}
		m, err := RecordMsg(l, a, name)
		if err != nil {
			b.fail(name, err)
			return nil
		}
		return b.send(ctx, name, m)
	}, func(name string, err error) {
		if !errors.Is(err, ingest.ErrTooLarge) {
			b.fail(name, err)
			return
		}
		bad++
		b.lineError(name, err, bad)
	})
	if err != nil {
		return err
	}
	if bad > maxLineErrors && b.opt.OnError != nil {
		b.opt.OnError(path, fmt.Errorf("%d more bad lines not shown (%d in all)", bad-maxLineErrors, bad))
	}
	return nil
}

func (b *backfill) lineError(name string, err error, bad int) {
	if bad <= maxLineErrors {
		b.fail(name, err)
		return
	}
	b.st.Failed++
}

// asProvenance keeps a record's URL as the place the article was seen,
// not as its identity: in an archive several records may share one URL
// (a day's bulletin page, as in the KCNA archive), and the pipeline would
// take every record after the first for a copy of it. Records are told
// apart by their text (same text, or a near-duplicate) instead.
func asProvenance(a *vigil.Article) {
	if a.URL == "" {
		return
	}
	a.Sources = append(a.Sources, vigil.ArticleSource{URL: a.URL, Source: a.Source, Title: a.Title})
	a.URL, a.CanonicalURL = "", ""
}

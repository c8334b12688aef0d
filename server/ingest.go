package server

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/pipeline"
)

// PipelineIngester ingests through the same pipeline as `vigil ingest`:
// fetch (behind its SSRF guard), extract, de-duplicate, code, store, and
// the pipeline's OnStored hook (the watch) after the write.
type PipelineIngester struct {
	Pipeline *pipeline.Pipeline
	Metrics  *Metrics // optional: stage latencies and fetch errors
}

// IngestURL fetches one page and stores what it holds.
func (pi *PipelineIngester) IngestURL(ctx context.Context, url string) (*IngestResult, error) {
	ctx, changed := withWarningsChanged(ctx)
	start := time.Now()
	res := pi.Pipeline.Process(ctx, pipeline.Source{Kind: pipeline.KindURL, URL: url})
	pi.observe("ingest_url", start)
	if res.Status == pipeline.StatusFailed && pi.Metrics != nil {
		pi.Metrics.FetchError()
	}
	return pi.result(res, changed)
}

// IngestArticle codes and stores an article given as text.
func (pi *PipelineIngester) IngestArticle(ctx context.Context, a *vigil.Article) (*IngestResult, error) {
	ctx, changed := withWarningsChanged(ctx)
	src := pipeline.Source{Kind: pipeline.KindStdin}
	start := time.Now()
	c := pi.Pipeline.Code(src, pipeline.Document{Source: src}, a)
	pi.observe("code", start)
	start = time.Now()
	res := pi.Pipeline.Commit(ctx, c)
	pi.observe("store", start)
	return pi.result(res, changed)
}

// warningsChangedKey marks the context of one ingest request.
type warningsChangedKey struct{}

// warningIDs collects the IDs of the warnings one ingest request changed.
type warningIDs struct {
	mu  sync.Mutex
	ids []string
}

func withWarningsChanged(ctx context.Context) (context.Context, *warningIDs) {
	c := &warningIDs{}
	return context.WithValue(ctx, warningsChangedKey{}, c), c
}

// WarningsChanged tells the ingest request whose context ctx is (if it is
// one) which warnings the watch raised or changed for what it stored, so
// that POST /api/ingest answers with their IDs. A pipeline's OnStored hook
// calls it with what the watch returned; the pipeline hands the hook the
// request's context. Elsewhere it does nothing.
func WarningsChanged(ctx context.Context, ws []vigil.Warning) {
	c, ok := ctx.Value(warningsChangedKey{}).(*warningIDs)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range ws {
		if !slices.Contains(c.ids, w.ID) {
			c.ids = append(c.ids, w.ID)
		}
	}
}

func (pi *PipelineIngester) observe(stage string, start time.Time) {
	// A pipeline that reports its own stages (Pipeline.OnStage) is not
	// counted twice.
	if pi.Metrics != nil && pi.Pipeline.OnStage == nil {
		pi.Metrics.ObserveStage(stage, time.Since(start))
	}
}

func (pi *PipelineIngester) result(res pipeline.Result, changed *warningIDs) (*IngestResult, error) {
	if res.Status == pipeline.StatusFailed {
		if res.Err != nil {
			return nil, res.Err
		}
		return nil, errors.New(res.Error)
	}
	changed.mu.Lock()
	out := &IngestResult{Events: res.Events, Warnings: append([]string{}, changed.ids...)}
	changed.mu.Unlock()
	if res.Article != "" {
		out.Articles = []string{res.Article}
	}
	switch res.Status {
	case pipeline.StatusNew, pipeline.StatusFallback:
		out.New = 1
		if pi.Metrics != nil {
			pi.Metrics.Ingested(1, res.Events)
		}
	case pipeline.StatusDuplicate:
		// res.Article is the stored article; res.DuplicateOf says how it
		// was recognised ("text", "url", "near").
		out.Message = "already stored"
		if res.DuplicateOf != "" {
			out.Message += " (same " + res.DuplicateOf + ")"
		}
	}
	return out, nil
}

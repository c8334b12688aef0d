package server

import (
	"context"
	"errors"
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
	start := time.Now()
	res := pi.Pipeline.Process(ctx, pipeline.Source{Kind: pipeline.KindURL, URL: url})
	pi.observe("ingest_url", start)
	if res.Status == pipeline.StatusFailed && pi.Metrics != nil {
		pi.Metrics.FetchError()
	}
	return pi.result(res)
}

// IngestArticle codes and stores an article given as text.
func (pi *PipelineIngester) IngestArticle(ctx context.Context, a *vigil.Article) (*IngestResult, error) {
	src := pipeline.Source{Kind: pipeline.KindStdin}
	start := time.Now()
	c := pi.Pipeline.Code(src, pipeline.Document{Source: src}, a)
	pi.observe("code", start)
	start = time.Now()
	res := pi.Pipeline.Commit(ctx, c)
	pi.observe("store", start)
	return pi.result(res)
}

func (pi *PipelineIngester) observe(stage string, start time.Time) {
	// A pipeline that reports its own stages (Pipeline.OnStage) is not
	// counted twice.
	if pi.Metrics != nil && pi.Pipeline.OnStage == nil {
		pi.Metrics.ObserveStage(stage, time.Since(start))
	}
}

func (pi *PipelineIngester) result(res pipeline.Result) (*IngestResult, error) {
	if res.Status == pipeline.StatusFailed {
		if res.Err != nil {
			return nil, res.Err
		}
		return nil, errors.New(res.Error)
	}
	out := &IngestResult{Events: res.Events, Warnings: []string{}}
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
		out.Message = "already stored"
		if res.DuplicateOf != "" {
			out.Articles = []string{res.DuplicateOf}
		}
	}
	return out, nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
)

func init() {
	var (
		sf    *storeFlags
		kf    *knowledgeFlags
		ff    *fetchFlags
		wf    *liveWatchFlags
		feeds string
		once  bool
		jsonO bool
	)
	register(&command{
		Name:  "follow",
		Args:  "--feeds FILE [--once] [--allow-private] [--db FILE|--dsn URL] [--json]",
		Short: "poll feeds on their schedules and ingest new items as they appear",
		Long: `The feeds file is YAML:

  feeds:
    - url: https://example.org/world/rss.xml
      interval: 15m          # default 15m, at least 1m
      tags: [world]
    - url: https://example.org/asia/atom.xml
      interval: 1h

Each feed is polled on its own interval, spread by a random ±10% so feeds do
not stay in step, and fetched conditionally (ETag, Last-Modified): an unchanged
feed costs one request. After an error a feed waits twice as long each time
(up to 6 hours). New items are fetched, extracted, de-duplicated, coded and
stored as by 'vigil ingest'; pages that could not be fetched are kept from the
item's text and retried with growing delays. The watch runs on every stored
article, as with 'vigil ingest', so warnings rise as the news comes in
('vigil warnings', or 'vigil serve' beside it, show them). The feeds' state (validators, seen
items, next fetch, retries) lives in the store, so a restart neither refetches
nor misses anything.

Logs go to standard error. Stop with Ctrl-C; what was stored stays stored.

Examples:
  vigil follow --feeds feeds.yaml
  vigil follow --feeds feeds.yaml --once --json     poll everything once (cron)
  vigil follow --feeds feeds.yaml --dsn postgres://vigil@db/vigil`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			kf = addKnowledgeFlags(fs)
			ff = addFetchFlags(fs)
			wf = addLiveWatchFlags(fs)
			fs.StringVar(&feeds, "feeds", "", "YAML `FILE` listing the feeds (url, interval, tags)")
			fs.BoolVar(&once, "once", false, "poll every feed and the due retries once, then exit")
			fs.BoolVar(&jsonO, "json", false, "with --once, print the summary as one JSON object")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("follow takes no arguments (did you mean 'vigil ingest %s'?)", strings.Join(args, " "))
			}
			if feeds == "" {
				return usagef("give the feeds file with --feeds FILE")
			}
			cfg, err := pipeline.LoadFeeds(feeds)
			if err != nil {
				return err
			}
			st, err := sf.open(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			cd, err := kf.coder()
			if err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(e.Stderr, nil))
			p := &pipeline.Pipeline{
				Store: st, Fetcher: ff.fetcher(), Coder: cd, Workers: ff.workers, Log: log,
				File: ingest.FileOptions{MaxSize: ff.maxSize},
			}
			sum := &ingestSummary{}
			w, err := wf.start(ctx, st, log)
			if err != nil {
				return err
			}
			if w != nil {
				p.OnStored = sum.watching(w, log)
			}
			f := &pipeline.Follower{
				Pipeline: p,
				Feeds:    cfg,
				OnResult: func(r pipeline.Result) {
					sum.add(r)
					switch r.Status {
					case pipeline.StatusFailed:
						log.Warn("failed", "source", r.Source.Name(), "error", r.Error)
					case pipeline.StatusFallback:
						log.Info("kept item text, page queued for retry", "url", r.Source.URL, "error", r.Error)
					default:
						log.Debug(r.Status, "source", r.Source.Name(), "article", r.Article, "events", r.Events)
					}
				},
				OnPoll: func(pl pipeline.Poll, err error) {
					sum.mu.Lock()
					sum.Feeds++
					if pl.NotModified {
						sum.Unchanged++
					}
					sum.mu.Unlock()
					if err != nil {
						// A feed that cannot be read is a failed source, as in
						// 'vigil ingest': it shows in the summary and the exit status.
						sum.fail(pl.URL, err)
						log.Warn("feed failed", "feed", pl.URL, "error", err)
						return
					}
					log.Info("feed polled", "feed", pl.URL, "title", pl.Title, "not_modified", pl.NotModified,
						"items", pl.Items, "new", len(pl.Sources), "known", len(pl.Known))
				},
			}
			log.Info("following feeds", "feeds", len(cfg), "once", once)
			if err := f.Run(ctx, once); err != nil && ctx.Err() == nil {
				return err
			}
			if !once {
				log.Info("stopped", "new", sum.New, "duplicates", sum.Duplicates, "failed", sum.Failed, "events", sum.Events, "warnings_changed", sum.Warnings)
				return nil
			}
			if jsonO {
				if err := sum.writeJSON(e.Stdout); err != nil {
					return err
				}
			} else {
				sum.print(e.Stdout)
			}
			// As 'vigil ingest': a cron job sees failures in the exit status,
			// with --json too.
			if sum.Failed > 0 {
				return fmt.Errorf("%d of %d sources failed (see the log above); %s", sum.Failed, sum.Sources, othersStored(sum.Failed, sum.Sources))
			}
			return nil
		},
	})
}

package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/queue"
	"github.com/vigil-ews/vigil/server"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

// listFlag collects a repeatable string flag (--webhook URL --webhook URL).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// serveFlags are the flags vigil serve and vigil demo share.
type serveFlags struct {
	addr          string
	token         string
	webhooks      listFlag
	webhookSecret string
	webhookCursor string
	webhookState  string // deprecated: the store keeps the place (webhookCursor)
	rules         string // extra indicator rules for the watch, as --rules of 'vigil watch'
	treaties      string // extra treaties for the register, as --treaties of 'vigil watch'
}

func addServeFlags(fs *flag.FlagSet, defaultAddr string) *serveFlags {
	f := &serveFlags{}
	fs.StringVar(&f.addr, "addr", defaultAddr, "`HOST:PORT` to listen on; a non-loopback address needs --token")
	fs.StringVar(&f.token, "token", "", "bearer `TOKEN` for writes (POST /api/ingest), and for reads off loopback (or $VIGIL_TOKEN)")
	fs.Var(&f.webhooks, "webhook", "`URL` to POST warning changes to, signed with HMAC-SHA256 (repeatable)")
	fs.StringVar(&f.webhookSecret, "webhook-secret", "", "shared `SECRET` of the webhook signature (or $VIGIL_WEBHOOK_SECRET)")
	fs.StringVar(&f.webhookCursor, "webhook-cursor", server.DefaultWebhookCursor, "`NAME` under which the store keeps which warning changes were sent (servers sharing a store and a name send each change once)")
	fs.StringVar(&f.webhookState, "webhook-state", "", "deprecated, no effect: the store keeps which warning changes were sent (see --webhook-cursor)")
	fs.StringVar(&f.rules, "rules", "", "directory of extra indicator rule `files` (*.yaml) for the watch, as for 'vigil watch'")
	fs.StringVar(&f.treaties, "treaties", "", "directory of extra treaty `files` (*.yaml) to add to the embedded register")
	return f
}

// countryNames returns a function naming country codes from the actor
// knowledge base ("PRK" → "North Korea"), or nil when it cannot load.
func countryNames(log *slog.Logger) func(string) string {
	kb, err := actor.Default()
	if err != nil {
		log.Warn("country names unavailable; the dashboard shows codes", "err", err)
		return nil
	}
	return func(code string) string {
		if len(code) > 3 && !strings.HasPrefix(code, "IGO") {
			code = code[:3]
		}
		n, _ := kb.CountryName(code)
		return n
	}
}

// newServer builds the server for st with the watcher wired to the
// pipeline: every stored article's events go through the watch, and the
// live stream is told at once.
type served struct {
	srv       *server.Server
	pipeline  *pipeline.Pipeline
	watcher   *watch.Watcher
	register  *alliance.Register
	ruleTitle func(string) string // the titles of the rules the watcher runs
}

// Options, when given, adjust the server's configuration last (vigil
// serve --nats adds the queue's metrics).
func newServed(e *env, st store.Store, sf *serveFlags, p *pipeline.Pipeline, log *slog.Logger, options ...func(*server.Config)) (*served, error) {
	reg, err := alliance.Load(sf.treaties)
	if err != nil {
		return nil, fmt.Errorf("loading the treaty register: %w", err)
	}
	rules, err := watch.LoadRules(sf.rules)
	if err != nil {
		return nil, fmt.Errorf("loading the watch rules: %w", err)
	}
	w, err := watch.New(watch.Options{Rules: rules, Register: reg, Sink: st, Logger: log, Names: sentenceNames()})
	if err != nil {
		return nil, fmt.Errorf("loading the watch rules: %w", err)
	}
	token := sf.token
	if token == "" {
		token = e.Getenv("VIGIL_TOKEN")
	}
	secret := sf.webhookSecret
	if secret == "" {
		secret = e.Getenv("VIGIL_WEBHOOK_SECRET")
	}
	m := server.NewMetrics()
	var wh *server.Webhooks
	if len(sf.webhooks) > 0 {
		if secret == "" {
			log.Warn("webhooks are sent unsigned: set --webhook-secret or VIGIL_WEBHOOK_SECRET so receivers can check them")
		}
		wh, err = server.NewWebhooks(server.WebhookConfig{URLs: sf.webhooks, Secret: secret, Logger: log, Metrics: m, UserAgent: "vigil/" + version})
		if err != nil {
			return nil, usagef("%v", err)
		}
	}
	s := &served{pipeline: p, watcher: w, register: reg, ruleTitle: ruleTitles(rules)}
	cfg := server.Config{
		Store: st, Alliances: server.RegisterAlliances(reg, st), Indices: server.WatchIndices(st),
		Token: token, Webhooks: wh, Metrics: m, Names: countryNames(log), Logger: log, Version: version,
		RuleTitle: s.ruleTitle,
	}
	if wh != nil {
		cfg.WebhookCursor = sf.webhookCursor
	}
	if sf.webhookState != "" {
		log.Warn("--webhook-state is deprecated and has no effect: the store now keeps which warning changes were sent (cursor --webhook-cursor), on SQLite and PostgreSQL alike; remove the flag and its file", "file", sf.webhookState)
	}
	for _, o := range options {
		o(&cfg)
	}
	if p != nil {
		cfg.Ingester = &server.PipelineIngester{Pipeline: p, Metrics: m}
		p.OnStage = m.ObserveStage // fetch, extract, code and store latencies in /metrics
		p.OnStored = func(ctx context.Context, a *vigil.Article, events []vigil.Event) {
			start := time.Now()
			ws, err := w.ObserveArticle(ctx, a, events)
			if err != nil {
				log.Error("watch", "article", a.ID, "err", err)
			}
			server.WarningsChanged(ctx, ws) // POST /api/ingest names them

			m.ObserveStage("watch", time.Since(start))
			if s.srv != nil {
				s.srv.Notify()
			}
		}
	}
	s.srv, err = server.New(cfg)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// warmUp readies the watcher for the events the server will store: the
// treaty status changes the store learnt from earlier news go into the
// register, and the stored events of the last watch.Lookback days before
// the latest one are replayed without saving (watch.Warm), so that new
// events are judged against their history (rule windows, baselines, the
// warnings already raised) at a cost that does not grow with the store.
func (s *served) warmUp(ctx context.Context, st store.Store, log *slog.Logger) error {
	start := time.Now()
	stats, err := warmWatch(ctx, s.watcher, s.register, st)
	if err != nil {
		return err
	}
	log.Info("watch warmed up on stored events", "events", stats.Events, "since", stats.First, "until", stats.Last,
		"active_warnings", stats.Active, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func init() {
	var (
		sf    *storeFlags
		kf    *knowledgeFlags
		ff    *fetchFlags
		srvf  *serveFlags
		qf    *queueFlags
		feeds string
	)
	register(&command{
		Name:  "serve",
		Args:  "[--addr HOST:PORT] [--db FILE | --dsn URL] [--feeds FILE] [--token TOKEN] [--webhook URL]... [--nats URL]",
		Short: "serve the API, the live dashboard and webhooks (and follow feeds)",
		Long: `Serves what the store holds: the dashboard at /, the JSON API under /api/
(described at /api/openapi.json), a live stream of new events and warnings
(/api/stream, server-sent events), Prometheus metrics at /metrics and a health
check at /healthz. With --feeds it also follows those feeds as 'vigil follow'
does, codes what they bring and runs the watch on it, so warnings appear on
the dashboard as the news arrives.

Security: it listens on 127.0.0.1 by default, where reads are open. Writes
(POST /api/ingest) need the token, always. On any other address every request
needs the token and the server will not start without one; a browser opens the
dashboard once with ?token=TOKEN and keeps it in a cookie.

Webhooks: every new, raised or lowered warning is POSTed as JSON to each
--webhook URL, signed in the X-Vigil-Signature header (sha256=HMAC-SHA256 of
the body under --webhook-secret), retried with exponential backoff, and never
holds up ingestion: when receivers are down and the queue (1024) is full,
deliveries are dropped and counted in /metrics. The store remembers which
changes were sent (a cursor in the store's log of warning changes, named by
--webhook-cursor), so after a restart the server sends the changes made
meanwhile by 'vigil ingest', 'vigil watch' or workers, and only those; servers
sharing one store and cursor name send each change once between them. A
receiver de-duplicates by the X-Vigil-Delivery header.

Scale-out: with --nats (or $VIGIL_NATS) the server does not code what the
feeds bring. It fetches the pages (one process keeps the per-host limits) and
publishes them on NATS JetStream for 'vigil worker' processes, which extract,
code and commit them to the shared PostgreSQL store (--dsn); it runs the watch
on the workers' notices of what they stored (vigil.events), skipping those its
start-up warm-up already read from the store, and adds the queue's lag,
redeliveries and dead letters to /metrics. See queue/README.md.

Ctrl-C (SIGTERM) stops it gracefully: in-flight requests and writes finish,
queued webhooks get a last chance.

Examples:
  vigil serve                                   dashboard of vigil.db on http://127.0.0.1:8080/
  vigil serve --feeds feeds.yaml --token s3cret follow feeds, accept POST /api/ingest
  vigil serve --addr 0.0.0.0:8080 --token s3cret --dsn postgres://vigil@db/vigil
  vigil serve --webhook https://hooks.example/vigil --webhook-secret k3y
  vigil serve --nats nats://nats:4222 --dsn postgres://vigil@db/vigil --feeds feeds.yaml
  curl -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/json' \
       -d '{"url":"https://example.org/news/1"}' http://127.0.0.1:8080/api/ingest`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			kf = addKnowledgeFlags(fs)
			ff = addFetchFlags(fs)
			srvf = addServeFlags(fs, "127.0.0.1:8080")
			qf = addQueueFlags(fs)
			fs.StringVar(&feeds, "feeds", "", "YAML `FILE` of feeds to follow while serving (as vigil follow)")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("serve takes no arguments")
			}
			var feedCfg []pipeline.FeedConfig
			if feeds != "" {
				var err error
				if feedCfg, err = pipeline.LoadFeeds(feeds); err != nil {
					return err
				}
			}
			log := slog.New(slog.NewTextHandler(e.Stderr, nil))
			st, err := sf.open(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			cd, err := kf.coder()
			if err != nil {
				return err
			}
			p := &pipeline.Pipeline{Store: st, Fetcher: ff.fetcher(), Coder: cd, Workers: ff.workers, Log: log,
				File: ingest.FileOptions{MaxSize: ff.maxSize}}
			// With --nats, workers extract, code and store (vigil worker):
			// this server fetches the feeds' pages for them and runs the
			// watch on what they stored.
			var conn *queue.Conn
			var opts []func(*server.Config)
			natsURL := qf.urlOrEnv(e)
			if natsURL != "" {
				if t, err := sf.target(e); err == nil && !store.IsPostgres(t) {
					log.Warn("the store is a SQLite file: only workers on this machine can share it; use --dsn postgres://... to scale out")
				}
				if conn, err = queue.Connect(ctx, natsURL, queue.ConnectOptions{Name: "vigil serve", Credentials: qf.creds, Log: log}); err != nil {
					return err
				}
				defer conn.Close()
				if err := queue.Setup(ctx, conn.JS, qf.config()); err != nil {
					return err
				}
				opts = append(opts, func(c *server.Config) { c.ExtraMetrics = queue.MetricsFunc(conn.JS, log) })
			}
			s, err := newServed(e, st, srvf, p, log, opts...)
			if err != nil {
				return err
			}
			ln, err := server.Listen(ctx, srvf.addr, false)
			if err != nil {
				return err
			}
			if err := srvf.refuseOpenWithoutToken(e, ln); err != nil {
				return err
			}
			warmed := time.Now() // the warm-up reads every commit announced before this
			if err := s.warmUp(ctx, st, log); err != nil {
				ln.Close()
				return err
			}
			var wg sync.WaitGroup
			var work func(context.Context, <-chan pipeline.Source, func(pipeline.Result))
			if conn != nil {
				work = (&queue.Feeder{JS: conn.JS, Pipeline: p, Workers: ff.workers, Log: log}).Run
				onStored := queue.HookFunc(p.OnStored)
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := queue.Watch(ctx, conn.JS, queue.WatchOptions{Log: log, Since: warmed}, func(ctx context.Context, n queue.Stored) error {
						articles := 1
						if n.Part > 1 { // one article announced in parts counts once
							articles = 0
						}
						s.srv.Metrics().Ingested(articles, len(n.Events))
						return onStored(ctx, n)
					})
					if err != nil {
						log.Error("watching what the workers store stopped", "err", err)
					}
				}()
				log.Info("distributed mode: feeds' pages go to the workers over NATS", "nats", natsURL)
			}
			if len(feedCfg) > 0 {
				f := &pipeline.Follower{Pipeline: p, Feeds: feedCfg, Work: work, OnResult: func(r pipeline.Result) {
					if r.Status == pipeline.StatusFailed {
						s.srv.Metrics().FetchError()
						log.Warn("failed", "source", r.Source.Name(), "error", r.Error)
					}
					if r.Status == pipeline.StatusFallback {
						// The item's text was kept, but its page could not be had.
						s.srv.Metrics().FetchError()
					}
					if r.Status == pipeline.StatusNew || r.Status == pipeline.StatusFallback {
						s.srv.Metrics().Ingested(1, r.Events)
					}
				}, OnPoll: func(poll pipeline.Poll, err error) {
					if err != nil && ctx.Err() == nil {
						s.srv.Metrics().FetchError() // the feed itself could not be read
						log.Warn("feed failed", "feed", poll.URL, "error", err)
					}
				}}
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := f.Run(ctx, false); err != nil && ctx.Err() == nil {
						log.Error("following feeds stopped", "err", err)
					}
				}()
				log.Info("following feeds", "feeds", len(feedCfg))
			}
			fmt.Fprintf(e.Stdout, "Vigil is serving %s on %s (Ctrl-C to stop)\n", storeLabel(sf, e), dashboardURL(ln.Addr()))
			err = s.srv.Serve(ctx, ln)
			wg.Wait()
			return err
		},
	})
}

// refuseOpenWithoutToken fails, before anything is printed or served,
// when the listener can be reached from other machines and no token guards
// the store (server.Serve refuses it too, but only after the banner said
// the server was up).
func (f *serveFlags) refuseOpenWithoutToken(e *env, ln net.Listener) error {
	if server.IsLoopback(ln.Addr()) || f.token != "" || e.Getenv("VIGIL_TOKEN") != "" {
		return nil
	}
	ln.Close()
	return usagef("--addr %s is not a loopback address and no token is set: anyone who can reach it could read the store; set --token or VIGIL_TOKEN, or listen on 127.0.0.1", f.addr)
}

func storeLabel(sf *storeFlags, e *env) string {
	t, err := sf.target(e)
	if err != nil {
		return "the store"
	}
	if store.IsPostgres(t) {
		return "PostgreSQL"
	}
	return t
}

// dashboardURL is the address a person types: 127.0.0.1 rather than
// 0.0.0.0 when listening everywhere.
func dashboardURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

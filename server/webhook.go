package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Webhook headers. The signature is GitHub's scheme: HMAC-SHA256 of the
// raw body under the shared secret, hex encoded, prefixed "sha256=".
// Receivers recompute it over the bytes they received and compare in
// constant time (VerifySignature), and de-duplicate by X-Vigil-Delivery:
// a retried delivery has the same ID, body and signature.
const (
	SignatureHeader = "X-Vigil-Signature"
	EventHeader     = "X-Vigil-Event"
	DeliveryHeader  = "X-Vigil-Delivery"
)

// WebhookPayload is the JSON body POSTed to every webhook URL.
type WebhookPayload struct {
	ID     string    `json:"id"`   // delivery ID, the same on every attempt
	Type   string    `json:"type"` // "warning.new", "warning.raised", "warning.lowered"
	SentAt time.Time `json:"sent_at"`
	WarningNotice
}

// WebhookConfig configures webhook delivery.
type WebhookConfig struct {
	URLs   []string
	Secret string // shared secret of the HMAC signature; empty sends unsigned
	// QueueSize bounds deliveries waiting (queued or between retries);
	// beyond it new ones are dropped and counted, never blocking the
	// pipeline (default 1024).
	QueueSize int
	Workers   int // concurrent deliveries (default 2)
	// MaxAttempts is how many times one delivery is tried (default 8).
	MaxAttempts int
	// Backoff is the wait before the first retry; it doubles per attempt,
	// with jitter, up to MaxBackoff (defaults 1s and 5m). A Retry-After
	// header from the receiver wins when it is longer.
	Backoff, MaxBackoff time.Duration
	Timeout             time.Duration // per attempt (default 10s)
	Client              *http.Client
	UserAgent           string
	Logger              *slog.Logger
	Metrics             *Metrics
}

// Webhooks delivers warning changes to the configured URLs. Notify never
// blocks; delivery runs on its own goroutines once Start is called.
type Webhooks struct {
	cfg   WebhookConfig
	queue chan *delivery
	log   *slog.Logger
	m     *Metrics

	mu      sync.Mutex
	pending int // queued + waiting to retry
	closed  bool
	idle    *sync.Cond

	start  sync.Once
	ctx    context.Context // ends when Close gives up
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type delivery struct {
	url     string
	id      string
	event   string
	body    []byte
	attempt int
}

// NewWebhooks checks the URLs and returns a dispatcher (not yet started).
func NewWebhooks(cfg WebhookConfig) (*Webhooks, error) {
	for _, u := range cfg.URLs {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, fmt.Errorf("webhook %q is not an http(s) URL", u)
		}
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1024
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 5 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "vigil-webhook/1"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics()
	}
	w := &Webhooks{cfg: cfg, queue: make(chan *delivery, cfg.QueueSize), log: cfg.Logger, m: cfg.Metrics}
	w.idle = sync.NewCond(&w.mu)
	w.ctx, w.cancel = context.WithCancel(context.Background())
	return w, nil
}

// Start starts the delivery workers (once).
func (w *Webhooks) Start() {
	w.start.Do(func() {
		for range w.cfg.Workers {
			w.wg.Add(1)
			go w.worker()
		}
	})
}

// webhookTypes are the warning changes sent; "updated" (more evidence at
// the same level) is not. A decay is a lowering.
var webhookTypes = map[string]string{
	"new": "warning.new", "raised": "warning.raised", "lowered": "warning.lowered", "decayed": "warning.lowered",
}

// Notify queues n for every URL, if it is a change receivers want. It
// never blocks: when the queue is full the delivery is dropped and counted
// (vigil_webhook_deliveries_total{result="dropped"}).
func (w *Webhooks) Notify(n WarningNotice) {
	typ, ok := webhookTypes[n.Change.Change]
	if !ok || len(w.cfg.URLs) == 0 {
		return
	}
	h := sha256.Sum256([]byte(n.Warning.ID + "\x00" + n.Change.At.UTC().Format(time.RFC3339Nano) + "\x00" + n.Change.Change))
	id := hex.EncodeToString(h[:12])
	body, err := json.Marshal(WebhookPayload{ID: id, Type: typ, SentAt: time.Now().UTC(), WarningNotice: n})
	if err != nil {
		w.log.Error("webhook payload", "err", err)
		return
	}
	for _, u := range w.cfg.URLs {
		w.enqueue(&delivery{url: u, id: id, event: typ, body: body})
	}
}

func (w *Webhooks) enqueue(d *delivery) {
	w.mu.Lock()
	if w.closed || w.pending >= w.cfg.QueueSize {
		w.mu.Unlock()
		w.m.webhook("dropped")
		w.log.Warn("webhook dropped: queue full or closing", "url", d.url, "delivery", d.id)
		return
	}
	w.pending++
	w.mu.Unlock()
	w.queue <- d // pending ≤ QueueSize = cap(queue): never blocks
}

// requeue puts a delivery back after its backoff; its slot stays counted.
func (w *Webhooks) requeue(d *delivery, after time.Duration) {
	time.AfterFunc(after, func() {
		select {
		case w.queue <- d:
		case <-w.ctx.Done():
			w.finish()
		}
	})
}

func (w *Webhooks) finish() {
	w.mu.Lock()
	w.pending--
	if w.pending == 0 {
		w.idle.Broadcast()
	}
	w.mu.Unlock()
}

func (w *Webhooks) worker() {
	defer w.wg.Done()
	for {
		select {
		case d := <-w.queue:
			w.attempt(d)
		case <-w.ctx.Done():
			return
		}
	}
}

// errPermanent marks a failure not worth retrying (the receiver said no).
var errPermanent = errors.New("permanent")

func (w *Webhooks) attempt(d *delivery) {
	d.attempt++
	retryAfter, err := w.post(d)
	switch {
	case err == nil:
		w.m.webhook("ok")
		w.finish()
	case errors.Is(err, errPermanent) || d.attempt >= w.cfg.MaxAttempts || w.ctx.Err() != nil:
		w.m.webhook("failed")
		w.log.Warn("webhook failed; giving up", "url", d.url, "delivery", d.id, "attempts", d.attempt, "err", err)
		w.finish()
	default:
		w.m.webhook("retry")
		wait := w.backoff(d.attempt)
		if retryAfter > wait && retryAfter <= w.cfg.MaxBackoff {
			wait = retryAfter
		}
		w.log.Info("webhook failed; retrying", "url", d.url, "delivery", d.id, "attempt", d.attempt, "in", wait, "err", err)
		w.requeue(d, wait)
	}
}

// backoff is Backoff·2^(attempt-1), capped, with up to 25% jitter so many
// failing deliveries do not retry in lockstep.
func (w *Webhooks) backoff(attempt int) time.Duration {
	d := w.cfg.Backoff
	for i := 1; i < attempt && d < w.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.cfg.MaxBackoff)
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}

func (w *Webhooks) post(d *delivery) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(w.ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errPermanent, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", w.cfg.UserAgent)
	req.Header.Set(EventHeader, d.event)
	req.Header.Set(DeliveryHeader, d.id)
	if w.cfg.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(w.cfg.Secret, d.body))
	}
	resp, err := w.cfg.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return 0, nil
	}
	var ra time.Duration
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		ra = time.Duration(s) * time.Second
	}
	err = fmt.Errorf("receiver answered %s", resp.Status)
	if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
		err = fmt.Errorf("%w: %v", errPermanent, err)
	}
	return ra, err
}

// Close stops taking new deliveries and waits until every queued one is
// delivered or given up, or ctx ends; then it stops the workers. It
// returns an error saying how many were left undelivered.
func (w *Webhooks) Close(ctx context.Context) error {
	w.Start() // deliveries queued before Start still go out
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	done := make(chan struct{})
	go func() {
		w.mu.Lock()
		for w.pending > 0 && w.ctx.Err() == nil {
			w.idle.Wait()
		}
		w.mu.Unlock()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		w.mu.Lock()
		n := w.pending
		w.mu.Unlock()
		err = fmt.Errorf("%d webhook deliveries abandoned: %w", n, ctx.Err())
	}
	w.cancel()
	w.mu.Lock()
	w.idle.Broadcast()
	w.mu.Unlock()
	w.wg.Wait()
	return err
}

// Sign returns the X-Vigil-Signature value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature reports whether header is the signature of body under
// secret. Receivers written in Go can use it as is.
func VerifySignature(secret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sum, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(sum, m.Sum(nil))
}

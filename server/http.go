package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vigil-ews/vigil/store"
)

// access is who may call a route.
type access int

const (
	public access = iota // always open (health, metrics on loopback too)
	read                 // open on loopback; token off loopback
	write                // token in the Authorization header, always
)

// route is one entry of the server's routing table. The OpenAPI test
// checks the table against the document, both ways.
type route struct {
	Method  string
	Pattern string // Go 1.22 ServeMux pattern without the method
	Access  access
	// API marks JSON endpoints documented in openapi.json; pages, static
	// files and /metrics are not part of the API document.
	API     bool
	Handler http.HandlerFunc
	// Stream marks long-lived responses (SSE), which get no write deadline.
	Stream bool
}

func (s *Server) routeTable() []route {
	return []route{
		{Method: "GET", Pattern: "/healthz", Access: public, API: true, Handler: s.healthz},
		{Method: "GET", Pattern: "/metrics", Access: read, Handler: s.metricsHandler},
		{Method: "GET", Pattern: "/api/openapi.json", Access: public, API: true, Handler: s.openapi},
		{Method: "GET", Pattern: "/api/stats", Access: read, API: true, Handler: s.apiStats},
		{Method: "GET", Pattern: "/api/articles", Access: read, API: true, Handler: s.apiArticles},
		{Method: "GET", Pattern: "/api/articles/{id}", Access: read, API: true, Handler: s.apiArticle},
		{Method: "GET", Pattern: "/api/events", Access: read, API: true, Handler: s.apiEvents},
		{Method: "GET", Pattern: "/api/dyads", Access: read, API: true, Handler: s.apiDyads},
		{Method: "GET", Pattern: "/api/dyads/{a}/{b}/series", Access: read, API: true, Handler: s.apiSeries},
		{Method: "GET", Pattern: "/api/warnings", Access: read, API: true, Handler: s.apiWarnings},
		{Method: "GET", Pattern: "/api/warnings/{id}", Access: read, API: true, Handler: s.apiWarning},
		{Method: "GET", Pattern: "/api/treaties", Access: read, API: true, Handler: s.apiTreaties},
		{Method: "GET", Pattern: "/api/treaties/{id}", Access: read, API: true, Handler: s.apiTreaty},
		{Method: "GET", Pattern: "/api/exposure", Access: read, API: true, Handler: s.apiExposure},
		{Method: "GET", Pattern: "/api/search", Access: read, API: true, Handler: s.apiSearch},
		{Method: "POST", Pattern: "/api/ingest", Access: write, API: true, Handler: s.apiIngest},
		{Method: "GET", Pattern: "/api/stream", Access: read, API: true, Handler: s.apiStream, Stream: true},

		{Method: "GET", Pattern: "/{$}", Access: read, Handler: s.pageWarnings},
		{Method: "GET", Pattern: "/dyad/{pair}", Access: read, Handler: s.pageDyad},
		{Method: "GET", Pattern: "/events", Access: read, Handler: s.pageEvents},
		{Method: "GET", Pattern: "/alliances", Access: read, Handler: s.pageAlliances},
		{Method: "GET", Pattern: "/articles", Access: read, Handler: s.pageArticles},
		{Method: "GET", Pattern: "/articles/{id}", Access: read, Handler: s.pageArticle},
		{Method: "GET", Pattern: "/search", Access: read, Handler: s.pageSearch},
		{Method: "GET", Pattern: "/static/{file}", Access: public, Handler: s.static},
	}
}

// contentSecurityPolicy allows only our own script, styles and
// connections: no inline script, no other host. Inline SVG is markup, not
// script, and uses classes and presentation attributes only.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure sets the headers every response carries.
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// tokenCookie keeps a browser's token once it presented ?token=.
const tokenCookie = "vigil_token"

// instrument wraps a route with access control, the body limit, a write
// deadline and metrics.
func (s *Server) instrument(rt route) http.Handler {
	name := rt.Method + " " + rt.Pattern
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			s.metrics.observeHTTP(name, sw.status, time.Since(start))
		}()
		if !rt.Stream {
			// A slow reader cannot hold a handler forever; streams renew
			// their own deadline per message.
			_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(60 * time.Second))
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(sw, r.Body, s.cfg.MaxBodyBytes)
		}
		switch rt.Access {
		case write:
			if s.cfg.Token == "" {
				s.apiError(sw, http.StatusForbidden, "writes are disabled: start the server with --token or VIGIL_TOKEN and send it as 'Authorization: Bearer TOKEN'")
				return
			}
			if !s.bearerOK(r) {
				sw.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
				s.apiError(sw, http.StatusUnauthorized, "missing or wrong bearer token: send 'Authorization: Bearer TOKEN'")
				return
			}
		case read:
			if s.readsNeedToken() && !s.bearerOK(r) && !s.cookieOK(r) {
				if t := r.URL.Query().Get("token"); t != "" && s.tokenEqual(t) && !strings.HasPrefix(r.URL.Path, "/api/") {
					// A browser's first visit with ?token=: keep it in a
					// cookie and drop it from the address bar and history.
					http.SetCookie(sw, &http.Cookie{Name: tokenCookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
					q := r.URL.Query()
					q.Del("token")
					u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
					http.Redirect(sw, r, u.String(), http.StatusSeeOther)
					return
				}
				sw.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
				s.apiError(sw, http.StatusUnauthorized, "this server is not on loopback: reads need the token ('Authorization: Bearer TOKEN', or open any page once with ?token=TOKEN)")
				return
			}
		}
		rt.Handler(sw, r)
	})
}

func (s *Server) tokenEqual(t string) bool {
	return s.cfg.Token != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.cfg.Token)) == 1
}

func (s *Server) bearerOK(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	t, ok := strings.CutPrefix(h, "Bearer ")
	return ok && s.tokenEqual(strings.TrimSpace(t))
}

func (s *Server) cookieOK(r *http.Request) bool {
	c, err := r.Cookie(tokenCookie)
	return err == nil && s.tokenEqual(c.Value)
}

// statusWriter records the status for metrics. It passes Flush and the
// deadline calls through (Unwrap), which the stream needs.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// apiErrorBody is the JSON body of every API error.
type apiErrorBody struct {
	Error string `json:"error"`
}

func (s *Server) apiError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiErrorBody{Error: msg})
}

// storeError maps a store error to a status: not found → 404, a cancelled
// request → 499-like 503, anything else → 500 (logged).
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, what string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.apiError(w, http.StatusNotFound, what+" not found")
	case errors.Is(err, errBadRequest), errors.Is(err, store.ErrBadCursor):
		s.apiError(w, http.StatusBadRequest, err.Error())
	case r.Context().Err() != nil:
		s.apiError(w, http.StatusServiceUnavailable, "request cancelled")
	default:
		s.log.Error("store", "what", what, "err", err)
		s.apiError(w, http.StatusInternalServerError, "reading "+what+" failed: "+err.Error())
	}
}

var errBadRequest = errors.New("bad request")

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

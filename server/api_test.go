package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// openAPI is the part of the document the tests read.
type openAPI struct {
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	Parameters []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return &doc
}

// validate checks v against an OpenAPI schema (the subset the document
// uses: $ref, type, required, properties, items, enum, min/maxItems,
// format date).
func (doc *openAPI) validate(schema map[string]any, v any, where string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		s, ok := doc.Components.Schemas[name]
		if !ok {
			return []string{where + ": unknown schema " + ref}
		}
		return doc.validate(s, v, where)
	}
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, where+": "+fmt.Sprintf(format, a...)) }
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("want object, got %T", v)
			return errs
		}
		for _, r := range asList(schema["required"]) {
			if _, ok := m[r.(string)]; !ok {
				bad("missing required %q", r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, pv := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if props != nil {
					bad("property %q is not documented", k)
				}
				continue
			}
			errs = append(errs, doc.validate(ps, pv, where+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			bad("want array, got %T", v)
			return errs
		}
		if n, ok := schema["minItems"].(float64); ok && len(a) < int(n) {
			bad("%d items, want at least %v", len(a), n)
		}
		if n, ok := schema["maxItems"].(float64); ok && len(a) > int(n) {
			bad("%d items, want at most %v", len(a), n)
		}
		if is, ok := schema["items"].(map[string]any); ok {
			for i, x := range a {
				errs = append(errs, doc.validate(is, x, fmt.Sprintf("%s[%d]", where, i))...)
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			bad("want string, got %T", v)
			return errs
		}
		if schema["format"] == "date" {
			if _, err := time.Parse(vigil.DateLayout, s); err != nil {
				bad("%q is not a date", s)
			}
		}
		if schema["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				bad("%q is not a date-time", s)
			}
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			bad("want integer, got %v", v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			bad("want number, got %T", v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("want boolean, got %T", v)
		}
	}
	if enum := asList(schema["enum"]); enum != nil && !slices.Contains(enum, v) {
		bad("%v is not one of %v", v, enum)
	}
	return errs
}

func asList(v any) []any { l, _ := v.([]any); return l }

// TestOpenAPIMatchesRoutes: every API route is documented with its method,
// and every documented operation is routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	f := newFixture(t)
	routed := map[string]bool{}
	for _, r := range f.srv.routes {
		if !r.API {
			continue
		}
		key := strings.ToLower(r.Method) + " " + r.Pattern
		routed[key] = true
		ops, ok := doc.Paths[r.Pattern]
		if !ok {
			t.Errorf("route %s %s is not in openapi.json", r.Method, r.Pattern)
			continue
		}
		if _, ok := ops[strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s: openapi.json documents the path but not the method", r.Method, r.Pattern)
		}
	}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			if !routed[m+" "+p] {
				t.Errorf("openapi.json documents %s %s, which is not routed", strings.ToUpper(m), p)
			}
			// Path parameters named in the path are declared, and vice versa.
			inPath := regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(p, -1)
			declared := map[string]bool{}
			for _, prm := range op.Parameters {
				if prm.In == "path" {
					declared[prm.Name] = true
				}
			}
			if len(inPath) != len(declared) {
				t.Errorf("%s %s: %d path parameters in the path, %d declared", m, p, len(inPath), len(declared))
			}
			for _, ip := range inPath {
				if !declared[ip[1]] {
					t.Errorf("%s %s: path parameter %s not declared", m, p, ip[1])
				}
			}
		}
	}
}

// TestAPIEndpoints calls every endpoint and checks the status, and the
// body against the schema the document gives for that status.
func TestAPIEndpoints(t *testing.T) {
	doc := loadOpenAPI(t)
	f := newFixture(t)
	ev := f.events["191"]
	auth := []string{"Authorization", "Bearer " + f.token, "Content-Type", "application/json"}
	type check func(t *testing.T, body any)
	cases := []struct {
		name, method, path, op, body string
		header                       []string
		status                       int
		check                        check
	}{
		{name: "health", method: "GET", path: "/healthz", op: "/healthz", status: 200},
		{name: "openapi", method: "GET", path: "/api/openapi.json", op: "/api/openapi.json", status: 200},
		{name: "stats", method: "GET", path: "/api/stats", op: "/api/stats", status: 200, check: func(t *testing.T, b any) {
			if n := b.(map[string]any)["events"].(float64); n != 4 {
				t.Errorf("events %v, want 4", n)
			}
		}},
		{name: "article", method: "GET", path: "/api/articles/" + f.roads, op: "/api/articles/{id}", status: 200, check: func(t *testing.T, b any) {
			sents := b.(map[string]any)["sentences"].([]any)
			if len(sents) < 2 {
				t.Errorf("%d sentences", len(sents))
			}
		}},
		{name: "article missing", method: "GET", path: "/api/articles/0123456789abcdef", op: "/api/articles/{id}", status: 404},
		{name: "articles", method: "GET", path: "/api/articles", op: "/api/articles", status: 200, check: func(t *testing.T, b any) {
			items := b.(map[string]any)["items"].([]any)
			if len(items) != 3 || items[0].(map[string]any)["id"] != f.roads || items[0].(map[string]any)["events"] != 2.0 {
				t.Errorf("articles, newest first: %v", items)
			}
		}},
		{name: "articles page", method: "GET", path: "/api/articles?limit=2&since=2024-10-11&until=2024-10-12", op: "/api/articles", status: 200, check: func(t *testing.T, b any) {
			m := b.(map[string]any)
			if items := m["items"].([]any); len(items) != 2 || items[0].(map[string]any)["id"] != f.hostile || m["next"] != nil {
				t.Errorf("articles of October 11–12: %v", m)
			}
		}},
		{name: "articles tag", method: "GET", path: "/api/articles?tag=sport", op: "/api/articles", status: 200, check: countItems(0)},
		{name: "articles bad date", method: "GET", path: "/api/articles?since=soon", op: "/api/articles", status: 400},
		{name: "articles bad cursor", method: "GET", path: "/api/articles?cursor=nonsense", op: "/api/articles", status: 400},
		{name: "article bad id", method: "GET", path: "/api/articles/%3Cscript%3E", op: "/api/articles/{id}", status: 400},
		{name: "events all", method: "GET", path: "/api/events", op: "/api/events", status: 200, check: countItems(4)},
		{name: "events dyad either way", method: "GET", path: "/api/events?dyad=PRK-KOR", op: "/api/events", status: 200, check: countItems(3)},
		{name: "events dyad directed", method: "GET", path: "/api/events?dyad=PRK-KOR&directed=true", op: "/api/events", status: 200, check: countItems(2)},
		{name: "events root", method: "GET", path: "/api/events?root=19", op: "/api/events", status: 200, check: countItems(1)},
		{name: "events code list", method: "GET", path: "/api/events?code=191,112", op: "/api/events", status: 200, check: countItems(2)},
		{name: "events quad", method: "GET", path: "/api/events?quad=4", op: "/api/events", status: 200, check: countItems(1)},
		{name: "events country", method: "GET", path: "/api/events?country=RUS", op: "/api/events", status: 200, check: countItems(1)},
		{name: "events actor", method: "GET", path: "/api/events?actor=PRKMIL", op: "/api/events", status: 200, check: countItems(1)},
		{name: "events dates", method: "GET", path: "/api/events?since=2024-10-12&until=2024-10-14", op: "/api/events", status: 200, check: countItems(1)},
		{name: "events text", method: "GET", path: "/api/events?q=drones", op: "/api/events", status: 200, check: countItems(1)},
		{name: "events article", method: "GET", path: "/api/events?article=" + f.roads, op: "/api/events", status: 200, check: countItems(2)},
		{name: "events tag", method: "GET", path: "/api/events?tag=sport", op: "/api/events", status: 200, check: countItems(0)},
		{name: "events order date", method: "GET", path: "/api/events?order=date&limit=1", op: "/api/events", status: 200, check: func(t *testing.T, b any) {
			items := b.(map[string]any)["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["date"] != "2024-10-11" {
				t.Errorf("oldest first: %v", items)
			}
		}},
		{name: "events bad date", method: "GET", path: "/api/events?since=yesterday", op: "/api/events", status: 400},
		{name: "events bad quad", method: "GET", path: "/api/events?quad=7", op: "/api/events", status: 400},
		{name: "events bad order", method: "GET", path: "/api/events?order=random", op: "/api/events", status: 400},
		{name: "events bad limit", method: "GET", path: "/api/events?limit=0", op: "/api/events", status: 400},
		{name: "events bad cursor", method: "GET", path: "/api/events?cursor=nonsense", op: "/api/events", status: 400},
		{name: "dyads", method: "GET", path: "/api/dyads", op: "/api/dyads", status: 200, check: func(t *testing.T, b any) {
			if n := len(b.([]any)); n != 3 { // PRK→KOR, KOR→PRK, RUS→UKR
				t.Errorf("%d dyads, want 3", n)
			}
		}},
		{name: "series", method: "GET", path: "/api/dyads/PRK/KOR/series", op: "/api/dyads/{a}/{b}/series", status: 200, check: func(t *testing.T, b any) {
			m := b.(map[string]any)
			if m["until"] != "2024-10-15" || len(m["days"].([]any)) != 2 {
				t.Errorf("series ends %v with %d days, want 2024-10-15 and 2", m["until"], len(m["days"].([]any)))
			}
		}},
		{name: "series range", method: "GET", path: "/api/dyads/prk/kor/series?since=2024-10-14&until=2024-10-20", op: "/api/dyads/{a}/{b}/series", status: 200, check: func(t *testing.T, b any) {
			if n := len(b.(map[string]any)["days"].([]any)); n != 1 {
				t.Errorf("%d days, want 1", n)
			}
		}},
		{name: "series bad side", method: "GET", path: "/api/dyads/P!/KOR/series", op: "/api/dyads/{a}/{b}/series", status: 400},
		{name: "warnings", method: "GET", path: "/api/warnings", op: "/api/warnings", status: 200, check: func(t *testing.T, b any) {
			ws := b.([]any)
			if len(ws) != 1 || len(ws[0].(map[string]any)["steps"].([]any)) != 2 {
				t.Errorf("warnings %v", ws)
			}
		}},
		{name: "warnings filtered out", method: "GET", path: "/api/warnings?country=USA", op: "/api/warnings", status: 200, check: func(t *testing.T, b any) {
			if len(b.([]any)) != 0 {
				t.Error("USA has no warning")
			}
		}},
		{name: "warnings by level", method: "GET", path: "/api/warnings?level=watch", op: "/api/warnings", status: 200},
		{name: "warnings bad level", method: "GET", path: "/api/warnings?level=severe", op: "/api/warnings", status: 400},
		{name: "warning", method: "GET", path: "/api/warnings/" + f.warning.ID, op: "/api/warnings/{id}", status: 200},
		{name: "warning missing", method: "GET", path: "/api/warnings/nope", op: "/api/warnings/{id}", status: 404},
		{name: "treaties", method: "GET", path: "/api/treaties?date=2024-10-15", op: "/api/treaties", status: 200, check: func(t *testing.T, b any) {
			for _, x := range b.([]any) {
				tr := x.(map[string]any)
				if tr["id"] == "rus-prk-2024" {
					if tr["status"] != "signed" || tr["in_force"] != false {
						t.Errorf("rus-prk-2024 on 2024-10-15: %v %v", tr["status"], tr["in_force"])
					}
					return
				}
			}
			t.Error("rus-prk-2024 missing")
		}},
		{name: "treaty", method: "GET", path: "/api/treaties/rus-prk-2024?date=2024-12-05", op: "/api/treaties/{id}", status: 200, check: func(t *testing.T, b any) {
			if tr := b.(map[string]any); tr["status"] != "in_force" || len(tr["history"].([]any)) < 3 {
				t.Errorf("rus-prk-2024 on 2024-12-05: %v, %d history entries", tr["status"], len(tr["history"].([]any)))
			}
		}},
		{name: "treaty missing", method: "GET", path: "/api/treaties/nope", op: "/api/treaties/{id}", status: 404},
		{name: "exposure", method: "GET", path: "/api/exposure?a=PRK&b=KOR&date=2024-10-15", op: "/api/exposure", status: 200, check: func(t *testing.T, b any) {
			states := map[string]bool{}
			for _, o := range b.(map[string]any)["bound"].([]any) {
				states[o.(map[string]any)["state"].(string)] = true
			}
			if !states["RUS"] || !states["CHN"] || !states["USA"] {
				t.Errorf("bound states %v, want RUS, CHN and USA", states)
			}
		}},
		{name: "exposure no sides", method: "GET", path: "/api/exposure?a=PRK", op: "/api/exposure", status: 400},
		{name: "exposure same country", method: "GET", path: "/api/exposure?a=PRKMIL&b=prk", op: "/api/exposure", status: 400},
		{name: "search", method: "GET", path: "/api/search?q=roads", op: "/api/search", status: 200, check: countItems(1)},
		{name: "search empty", method: "GET", path: "/api/search?q=", op: "/api/search", status: 400},
		{name: "ingest no token", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"text":"x"}`, header: []string{"Content-Type", "application/json"}, status: 401},
		{name: "ingest wrong token", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"text":"x"}`, header: []string{"Authorization", "Bearer nope", "Content-Type", "application/json"}, status: 401},
		{name: "ingest not json", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `text`, header: []string{"Authorization", "Bearer " + f.token}, status: 415},
		{name: "ingest bad body", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"texte":"x"}`, header: auth, status: 400},
		{name: "ingest both", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"text":"x","url":"https://a.example/"}`, header: auth, status: 400},
		{name: "ingest bad url", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"url":"file:///etc/passwd"}`, header: auth, status: 400},
		{name: "ingest private url", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"url":"http://127.0.0.1:1/x"}`, header: auth, status: 422, check: func(t *testing.T, b any) {
			// Refused by the fetcher's guard, not by a failed connection.
			if e := b.(map[string]any)["error"].(string); !strings.Contains(e, "private") && !strings.Contains(e, "loopback") {
				t.Errorf("error %q does not say the address is refused", e)
			}
		}},
		{name: "ingest text", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"text":"Japan protested to China over a new air defence zone.","date":"2024-11-01","title":"Protest"}`, header: auth, status: 201},
		{name: "ingest again", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"text":"Japan protested to China over a new air defence zone.","date":"2024-11-01"}`, header: auth, status: 200},
		{name: "ingest too large", method: "POST", path: "/api/ingest", op: "/api/ingest", body: `{"text":"` + strings.Repeat("a", 2<<20) + `"}`, header: auth, status: 413},
		{name: "ingest GET", method: "GET", path: "/api/ingest", status: 405},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.do(t, tc.method, tc.path, tc.body, tc.header...)
			if resp.StatusCode != tc.status {
				t.Fatalf("%s %s: status %d, want %d: %.300s", tc.method, tc.path, resp.StatusCode, tc.status, body)
			}
			if tc.op == "" {
				return
			}
			op, ok := doc.Paths[tc.op][strings.ToLower(tc.method)]
			if !ok {
				t.Fatalf("%s %s not documented", tc.method, tc.op)
			}
			r, ok := op.Responses[fmt.Sprint(tc.status)]
			if !ok {
				t.Fatalf("%s %s: status %d is not documented", tc.method, tc.op, tc.status)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
			}
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			if c, ok := r.Content["application/json"]; ok {
				for _, e := range doc.validate(c.Schema, v, "body") {
					t.Error(e)
				}
			}
			if tc.check != nil {
				tc.check(t, v)
			}
		})
	}
	_ = ev
}

func countItems(n int) func(t *testing.T, b any) {
	return func(t *testing.T, b any) {
		t.Helper()
		if got := len(b.(map[string]any)["items"].([]any)); got != n {
			t.Errorf("%d items, want %d", got, n)
		}
	}
}

// TestEventsCursorPagination pages through every event one at a time and
// gets each exactly once.
func TestEventsCursorPagination(t *testing.T) {
	f := newFixture(t)
	seen := map[string]bool{}
	cursor := ""
	for i := 0; i < 10; i++ {
		q := url.Values{"limit": {"1"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		_, body := f.get(t, "/api/events?"+q.Encode())
		var p struct {
			Items []vigil.Event `json:"items"`
			Next  string        `json:"next"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			if seen[e.ID] {
				t.Fatalf("event %s twice", e.ID)
			}
			seen[e.ID] = true
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if len(seen) != 4 {
		t.Errorf("paged through %d events, want 4", len(seen))
	}
}

// TestWritesNeedAToken: without a configured token, writes are refused
// outright.
func TestWritesNeedAToken(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Token = "" })
	resp, body := f.do(t, "POST", "/api/ingest", `{"text":"x"}`, "Authorization", "Bearer ", "Content-Type", "application/json")
	if resp.StatusCode != 403 || !strings.Contains(body, "VIGIL_TOKEN") {
		t.Errorf("status %d %s, want 403 naming VIGIL_TOKEN", resp.StatusCode, body)
	}
}

// TestReadsNeedATokenOffLoopback: the server behind a non-loopback
// listener asks for the token on reads too, accepts it as a header, and
// lets a browser trade ?token= for a cookie once.
func TestReadsNeedATokenOffLoopback(t *testing.T) {
	f := newFixture(t)
	f.srv.RequireTokenForReads(true)
	if resp, _ := f.get(t, "/api/events"); resp.StatusCode != 401 {
		t.Errorf("read without token: %d, want 401", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/api/events", "Authorization", "Bearer "+f.token); resp.StatusCode != 200 {
		t.Errorf("read with token: %d", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/healthz"); resp.StatusCode != 200 {
		t.Errorf("health check needs no token: %d", resp.StatusCode)
	}
	// A browser: ?token= → cookie and a redirect to the same page without it.
	client := f.ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Get(f.ts.URL + "/events?root=19&token=" + f.token)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/events?root=19" {
		t.Fatalf("token visit: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == tokenCookie && c.HttpOnly && c.SameSite == http.SameSiteStrictMode {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		t.Fatal("no HttpOnly SameSite=Strict token cookie")
	}
	if resp, _ := f.get(t, "/events", "Cookie", cookie); resp.StatusCode != 200 {
		t.Errorf("page with cookie: %d", resp.StatusCode)
	}
	// The cookie never authorises a write: a cross-site form cannot post.
	if resp, _ := f.do(t, "POST", "/api/ingest", `{"text":"x"}`, "Cookie", cookie, "Content-Type", "application/json"); resp.StatusCode != 401 {
		t.Errorf("write with cookie only: %d, want 401", resp.StatusCode)
	}
}

// TestIngestNamesChangedWarnings: POST /api/ingest answers with the IDs of
// the warnings the watch raised or changed for the stored article (each
// once), which the pipeline's OnStored hook reports with WarningsChanged;
// outside an ingest request WarningsChanged does nothing.
func TestIngestNamesChangedWarnings(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		p := c.Ingester.(*PipelineIngester).Pipeline
		p.OnStored = func(ctx context.Context, a *vigil.Article, events []vigil.Event) {
			WarningsChanged(ctx, []vigil.Warning{{ID: "w-new"}, {ID: "w-raised"}})
			WarningsChanged(ctx, []vigil.Warning{{ID: "w-new"}})
		}
	})
	WarningsChanged(context.Background(), []vigil.Warning{{ID: "nowhere"}}) // no request: no effect, no panic
	auth := []string{"Authorization", "Bearer " + f.token, "Content-Type", "application/json"}
	var stored []string
	for _, tc := range []struct {
		body   string
		status int
		want   []string
	}{
		{`{"text":"Japan protested to China over a new air defence zone.","date":"2024-11-01"}`, 201, []string{"w-new", "w-raised"}},
		{`{"text":"Japan protested to China over a new air defence zone.","date":"2024-11-01"}`, 200, []string{}}, // already stored: nothing watched
	} {
		resp, body := f.do(t, "POST", "/api/ingest", tc.body, auth...)
		if resp.StatusCode != tc.status {
			t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
		}
		var res IngestResult
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Warnings, tc.want) {
			t.Errorf("warnings %q, want %q", res.Warnings, tc.want)
		}
		// The copy names the stored article (not how it was recognised).
		if len(res.Articles) != 1 || (stored != nil && !slices.Equal(res.Articles, stored)) {
			t.Errorf("articles %q, want the stored article %q", res.Articles, stored)
		}
		stored = res.Articles
	}
}

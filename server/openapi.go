package server

import (
	_ "embed"
	"net/http"
)

// openapiDoc is the API's OpenAPI 3.1 document, written by hand next to
// the handlers. TestOpenAPIMatchesRoutes checks it against the routing
// table both ways and checks responses against its schemas, so it cannot
// drift from what the server does.
//
//go:embed openapi/openapi.json
var openapiDoc []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*") // a public description, for API tools
	_, _ = w.Write(openapiDoc)
}

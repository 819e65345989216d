package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
)

// The edge tests keep helpers of their own (edge*), so they do not depend
// on the route tests' helpers while those are reworked.

// edgeBackends are the databases the edge tests run against: SQLite
// always, PostgreSQL when QUARRY_TEST_POSTGRES_URL is set (a NUL byte or
// invalid UTF-8 that reached it used to end as a 503).
var edgeBackends = []struct {
	name string
	url  func(t *testing.T, dir string) string
}{
	{"SQLite", func(_ *testing.T, dir string) string { return filepath.Join(dir, "q.db") }},
	{"PostgreSQL", func(t *testing.T, _ string) string { return pgtest.SchemaURL(t) }},
}

// edgeServer builds the whole service on a temp data folder and dbURL
// ("" for SQLite in the folder).
func edgeServer(t *testing.T, dbURL func(*testing.T, string) string, mutate func(*config.Config)) (*app.App, *httptest.Server) {
	t.Helper()
	cfg, err := config.FromLookup(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg.DataDir, cfg.DatabaseURL, cfg.BlobURL = dir, filepath.Join(dir, "q.db"), filepath.Join(dir, "blobs")
	if dbURL != nil {
		cfg.DatabaseURL = dbURL(t, dir)
	}
	if mutate != nil {
		mutate(&cfg)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(a.Server.Handler())
	t.Cleanup(func() { ts.Close(); a.Close(context.Background()) })
	return a, ts
}

type edgeResponse struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// detail returns the problem's detail and its field errors as one string.
func (r edgeResponse) detail() string {
	out := ""
	if d, ok := r.body["detail"].(string); ok {
		out = d
	}
	if ext, ok := r.body["extensions"].(map[string]any); ok {
		b, _ := json.Marshal(ext)
		out += " " + string(b)
	}
	return out
}

// edgeDo is do (the shared request helper, wire-schema check included)
// with the edge tests' view of the answer.
func edgeDo(t *testing.T, ts *httptest.Server, method, path, contentType string, body io.Reader, hdr map[string]string) edgeResponse {
	t.Helper()
	return edgeResponse(do(t, ts, method, path, contentType, body, hdr))
}

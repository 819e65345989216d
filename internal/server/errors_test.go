package server_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/server"
)

// internals are what a problem detail must never show: Go type and
// package names from decoder errors, and socket addresses.
var internals = []*regexp.Regexp{
	regexp.MustCompile(`api\.`), regexp.MustCompile(`\[\]`), regexp.MustCompile(`json:`), regexp.MustCompile(`Go `),
	regexp.MustCompile(`multipart:`), regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}:\d+`), regexp.MustCompile(`\]:\d+`),
}

func assertNoInternals(t *testing.T, r edgeResponse) {
	t.Helper()
	for _, re := range internals {
		if m := re.FindString(r.detail()); m != "" {
			t.Errorf("problem shows %q: %.500s", m, r.raw)
		}
	}
}

func TestMalformedBodiesAreExplainedInTheCallersTerms(t *testing.T) {
	t.Parallel()
	_, ts := edgeServer(t, nil, nil)
	file := edgeFiles("a.txt")
	cases := []struct {
		name, body string
		// path and says must appear in the problem.
		path, says string
	}{
		{name: "FilesNotArray", body: `{"files":"inv.pdf"}`, path: "files", says: "expected a JSON array, got a string"},
		{name: "FileEntryNotObject", body: `{"files":[1]}`, path: "files", says: "expected a JSON object, got a number"},
		{name: "FilenameNumber", body: `{"files":[{"filename":5}]}`, path: "filename", says: "expected a JSON string, got a number"},
		{name: "DocumentTypesObject", body: `{"files":` + file + `,"document_types":{}}`, path: "document_types", says: "expected a JSON array, got an object"},
		{name: "FieldsString", body: `{"files":` + file + `,"document_types":[{"id":"x","field_groups":[{"name":"g","fields":"total"}]}]}`,
			path: "fields", says: "expected a JSON array, got a string"},
		{name: "MinimumString", body: `{"files":` + file + `,"document_types":[{"id":"x","field_groups":[{"name":"g","fields":[{"name":"n","minimum":"1"}]}]}]}`,
			path: "minimum", says: "expected a JSON number, got a string"},
		{name: "MinSharedTokensFraction", body: `{"files":` + file + `,"options":{"transformations":[{"type":"entity_resolution","target_group":"g","min_shared_tokens":1.5}]}}`,
			path: "min_shared_tokens", says: "expected a JSON integer, got a number (1.5)"},
		{name: "OptionsArray", body: `{"files":` + file + `,"options":[]}`, path: "options", says: "expected a JSON object, got an array"},
		{name: "StageToggleString", body: `{"files":` + file + `,"options":{"stages":{"judge":"yes"}}}`, path: "judge", says: "expected true or false, got a string"},
		{name: "MetadataArray", body: `{"files":` + file + `,"metadata":[1]}`, path: "metadata", says: "expected a JSON object, got an array"},
		{name: "SyntaxError", body: `{"files": [,]}`, path: "body", says: "malformed JSON at byte"},
		{name: "Truncated", body: `{"files": [`, path: "body", says: "unexpected end of input"},
		{name: "TrailingData", body: `{"files":` + file + `} {}`, path: "body", says: "unexpected data after the JSON document"},
	}
	for _, c := range cases {
		for _, route := range []string{"/api/v1/extract", "/api/v1/extract:validate"} {
			t.Run(c.name+route[len("/api/v1/extract"):], func(t *testing.T) {
				t.Parallel()
				r := edgeDo(t, ts, "POST", route, "application/json", strings.NewReader(c.body), nil)
				if r.status != 400 || r.body["code"] != "invalid_request" {
					t.Fatalf("got %d %v: %s", r.status, r.body["code"], r.raw)
				}
				if d := r.detail(); !strings.Contains(d, c.path) || !strings.Contains(d, c.says) {
					t.Errorf("detail does not say %q at %q: %s", c.says, c.path, r.raw)
				}
				assertNoInternals(t, r)
			})
		}
	}

	t.Run("MultipartWithoutClosingBoundary", func(t *testing.T) {
		t.Parallel()
		body := "--b\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n{}\r\n--c--\r\n"
		r := edgeDo(t, ts, "POST", "/api/v1/extract", "multipart/form-data; boundary=b", strings.NewReader(body), nil)
		if r.status != 400 || !strings.Contains(r.detail(), "closing boundary") {
			t.Fatalf("got %d: %s", r.status, r.raw)
		}
		assertNoInternals(t, r)
	})
	t.Run("MultipartPartHeaderTooLarge", func(t *testing.T) {
		t.Parallel()
		// A 10 MB file name passes mime/multipart's 10 MiB header limit.
		body := "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + strings.Repeat("a", 10<<20) +
			".pdf\"\r\n\r\nx\r\n--b--\r\n"
		for _, route := range []string{"/api/v1/extract", "/api/v1/pii:redact"} {
			r := edgeDo(t, ts, "POST", route, "multipart/form-data; boundary=b", strings.NewReader(body), nil)
			if r.status != 413 || r.body["code"] != "limit_exceeded" || !strings.Contains(r.detail(), "part header is too large") ||
				strings.Contains(r.detail(), "malformed") {
				t.Fatalf("%s: got %d: %.600s", route, r.status, r.raw)
			}
			if ext, _ := r.body["extensions"].(map[string]any); ext["limit_bytes"] != float64(10<<20) {
				t.Fatalf("%s: extensions do not give the limit: %.600s", route, r.raw)
			}
			assertNoInternals(t, r)
		}
	})
	t.Run("MultipartFileOptionsWrongType", func(t *testing.T) {
		t.Parallel()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormField("file_options")
		w.Write([]byte(`{"a.txt":[1]}`))
		mw.Close()
		r := edgeDo(t, ts, "POST", "/api/v1/extract", mw.FormDataContentType(), &buf, nil)
		if r.status != 400 || !strings.Contains(r.detail(), "file_options.") || !strings.Contains(r.detail(), "expected a JSON object") {
			t.Fatalf("got %d: %s", r.status, r.raw)
		}
		assertNoInternals(t, r)
	})
}

// failingResolver answers every lookup the way a real resolver does when
// a name does not exist, naming its own address.
type failingResolver struct{}

func (failingResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	return nil, &net.DNSError{Err: "no such host", Name: host, Server: "10.255.255.53:53", IsNotFound: true}
}

func TestUnresolvableCallbackHidesTheResolver(t *testing.T) {
	t.Parallel()
	a, _ := edgeServer(t, nil, nil)
	srv := server.New(server.Deps{Config: a.Config, Store: a.Store, Blobs: a.Blobs, Engine: a.Engine, Resolver: failingResolver{}})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	r := edgeDo(t, ts, "POST", "/api/v1/extractions", "application/json",
		strings.NewReader(`{"files":`+edgeFiles("a.txt")+`,"callback_url":"https://hooks.nowhere.example/q"}`), nil)
	if r.status != 422 || r.body["code"] != "validation_failed" {
		t.Fatalf("got %d: %s", r.status, r.raw)
	}
	if d := r.detail(); !strings.Contains(d, `could not resolve host \"hooks.nowhere.example\"`) || strings.Contains(d, "10.255.255.53") || strings.Contains(d, "lookup") {
		t.Fatalf("detail: %s", r.raw)
	}
	assertNoInternals(t, r)
}

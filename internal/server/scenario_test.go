package server_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Scenario is one HTTP request and what its answer must show. Route tests
// of this package are tables of scenarios, so a new case is one more row
// rather than one more hand-written request and if-chain. Every request
// goes through do(), which also checks the body against the contract's
// wire schema when the schema describes the route.
type Scenario struct {
	Name    string
	Method  string // GET when empty
	URL     string // path and query, relative to the test server
	Headers map[string]string
	// Body is sent as is; Content-Type comes from Headers (JSON bodies
	// default to application/json, see Run).
	Body string

	// ExpectedStatus is the HTTP status; 0 leaves it unchecked (for
	// scenarios that only look at headers).
	ExpectedStatus int
	// ExpectedCode is the problem code of the body's "code"; "" leaves it
	// unchecked.
	ExpectedCode string
	// ExpectedContent must each appear in the raw body, NotExpectedContent
	// must not.
	ExpectedContent    []string
	NotExpectedContent []string

	// Before runs before the request (to arrange state the request needs).
	Before func(t *testing.T)
	// After runs on the answer for what the fields above cannot say.
	After func(t *testing.T, r response)
}

// Run sends the scenario's request to ts and checks the answer. It returns
// the response so a test that chains requests (submit, then fetch by id)
// can read what the first one created.
func (s Scenario) Run(t *testing.T, ts *httptest.Server) response {
	t.Helper()
	if s.Before != nil {
		s.Before(t)
	}
	method := s.Method
	if method == "" {
		method = "GET"
	}
	hdr := map[string]string{}
	for k, v := range s.Headers {
		hdr[k] = v
	}
	contentType := hdr["Content-Type"]
	delete(hdr, "Content-Type")
	// A body without a declared type is JSON, the API's default; an
	// explicit Content-Type (multipart, text/plain) is kept as given.
	if contentType == "" && s.Body != "" {
		contentType = "application/json"
	}
	var r response
	if s.Body != "" {
		r = do(t, ts, method, s.URL, contentType, strings.NewReader(s.Body), hdr)
	} else {
		r = do(t, ts, method, s.URL, contentType, nil, hdr)
	}
	if s.ExpectedStatus != 0 && r.status != s.ExpectedStatus {
		t.Fatalf("%s %s: status %d, want %d: %.500s", method, s.URL, r.status, s.ExpectedStatus, r.raw)
	}
	if s.ExpectedCode != "" && r.body["code"] != s.ExpectedCode {
		t.Fatalf("%s %s: code %v, want %s: %.500s", method, s.URL, r.body["code"], s.ExpectedCode, r.raw)
	}
	for _, want := range s.ExpectedContent {
		if !strings.Contains(string(r.raw), want) {
			t.Errorf("%s %s: body lacks %s", method, s.URL, want)
		}
	}
	for _, unwanted := range s.NotExpectedContent {
		if strings.Contains(string(r.raw), unwanted) {
			t.Errorf("%s %s: body holds %s", method, s.URL, unwanted)
		}
	}
	if s.After != nil {
		s.After(t, r)
	}
	return r
}

// runScenarios runs each scenario as a named subtest, in order: rows of
// one table may build on each other (cancel, then cancel again), so they
// share ts and are not parallel among themselves.
func runScenarios(t *testing.T, ts *httptest.Server, scenarios []Scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) { s.Run(t, ts) })
	}
}

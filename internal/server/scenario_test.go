package server_test

import (
	"fmt"
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
	fatal, soft := s.mismatches(method, r)
	for _, m := range soft {
		t.Error(m)
	}
	if len(fatal) > 0 {
		t.Fatal(strings.Join(fatal, "\n"))
	}
	if s.After != nil {
		s.After(t, r)
	}
	return r
}

// mismatches compares an answer with the expectations: a wrong status or
// code is fatal (the body is then some other document and After would
// only add noise), missing or unwanted content is reported and the
// checks go on.
func (s Scenario) mismatches(method string, r response) (fatal, soft []string) {
	if s.ExpectedStatus != 0 && r.status != s.ExpectedStatus {
		fatal = append(fatal, fmt.Sprintf("%s %s: status %d, want %d: %.500s", method, s.URL, r.status, s.ExpectedStatus, r.raw))
	}
	if s.ExpectedCode != "" && r.body["code"] != s.ExpectedCode {
		fatal = append(fatal, fmt.Sprintf("%s %s: code %v, want %s: %.500s", method, s.URL, r.body["code"], s.ExpectedCode, r.raw))
	}
	for _, want := range s.ExpectedContent {
		if !strings.Contains(string(r.raw), want) {
			soft = append(soft, fmt.Sprintf("%s %s: body lacks %s", method, s.URL, want))
		}
	}
	for _, unwanted := range s.NotExpectedContent {
		if strings.Contains(string(r.raw), unwanted) {
			soft = append(soft, fmt.Sprintf("%s %s: body holds %s", method, s.URL, unwanted))
		}
	}
	return fatal, soft
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

// TestScenarioMismatches: the helper every route test relies on must
// report each kind of mismatch, or a wrong answer would pass silently.
func TestScenarioMismatches(t *testing.T) {
	t.Parallel()
	answer := response{status: 422, body: map[string]any{"code": "validation_failed"}, raw: []byte(`{"code":"validation_failed","detail":"callback_url"}`)}
	cases := []struct {
		name        string
		s           Scenario
		fatal, soft int
	}{
		{"AllMatch", Scenario{ExpectedStatus: 422, ExpectedCode: "validation_failed", ExpectedContent: []string{"callback_url"}, NotExpectedContent: []string{"panic"}}, 0, 0},
		{"NothingExpected", Scenario{}, 0, 0},
		{"WrongStatus", Scenario{ExpectedStatus: 200}, 1, 0},
		{"WrongCode", Scenario{ExpectedCode: "invalid_request"}, 1, 0},
		{"MissingContent", Scenario{ExpectedContent: []string{"callback_url", "absent"}}, 0, 1},
		{"UnwantedContent", Scenario{NotExpectedContent: []string{"detail"}}, 0, 1},
		{"Everything", Scenario{ExpectedStatus: 200, ExpectedCode: "x", ExpectedContent: []string{"absent"}, NotExpectedContent: []string{"code"}}, 2, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fatal, soft := c.s.mismatches("POST", answer)
			if len(fatal) != c.fatal || len(soft) != c.soft {
				t.Fatalf("fatal %q, soft %q; want %d and %d", fatal, soft, c.fatal, c.soft)
			}
		})
	}
}

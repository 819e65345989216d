package server_test

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// requestSeries returns the label sets of quarry_http_requests_total.
func requestSeries(t *testing.T, h http.Handler) []string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/actuator/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics = %d", rec.Code)
	}
	var out []string
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "quarry_http_requests_total{"); ok {
			out = append(out, rest[:strings.IndexByte(rest, '}')])
		}
	}
	return out
}

func TestMetricsLabelsAreBounded(t *testing.T) {
	t.Parallel()
	a, _ := testApp(t, nil)
	h := a.Server.Handler()
	before := len(requestSeries(t, h))

	// Fixed seed: the test must fail the same way every time it fails.
	rng := rand.New(rand.NewPCG(11, 11))
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
	word := func(n int) string {
		b := make([]byte, 1+rng.IntN(n))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	prefixes := []string{"/", "/api/", "/api/v1/", "/api/v1/extractions/", "/actuator/", "/docs/x/"}
	methods := []string{"GET", "POST", "DELETE", "PATCH"}
	for i := 0; i < 1000; i++ {
		method := strings.ToUpper(word(12))
		if i%4 == 0 {
			method = methods[rng.IntN(len(methods))] // some real methods reach real routes
		}
		path := prefixes[rng.IntN(len(prefixes))] + word(20)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	}

	series := requestSeries(t, h)
	// Random methods collapse to "other" and random paths to the few
	// patterns they can match (or "unmatched"); the bound is the product
	// of those small sets, far below the 1,000 distinct inputs.
	if added := len(series) - before; added > 24 {
		t.Fatalf("1,000 random requests added %d series:\n%s", added, strings.Join(series, "\n"))
	}
	allowedMethods := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
		"DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true, "other": true}
	var sawOther, sawUnmatched bool
	for _, s := range series {
		m := s[strings.Index(s, `method="`)+len(`method="`):]
		m = m[:strings.IndexByte(m, '"')]
		if !allowedMethods[m] {
			t.Errorf("method label %q outside the closed set (%s)", m, s)
		}
		sawOther = sawOther || m == "other"
		sawUnmatched = sawUnmatched || strings.Contains(s, `route="unmatched"`)
	}
	if !sawOther || !sawUnmatched {
		t.Fatalf("want other and unmatched labels, got:\n%s", strings.Join(series, "\n"))
	}
}

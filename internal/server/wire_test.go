package server_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api/wiretest"
)

// wireRoutes maps each /api/v1 answer the contract's schema describes to
// its definition. do() validates every matching response body, so every
// scenario of this package checks the wire as the reference's clients
// parse it. The catalogue routes (validators, PII types, pii:detect) are
// Quarry additions the schema does not describe.
var wireRoutes = []struct {
	method string
	path   *regexp.Regexp
	status int
	def    string
}{
	{"POST", regexp.MustCompile(`^/api/v1/extract$`), 200, "ExtractionResult"},
	{"POST", regexp.MustCompile(`^/api/v1/extract:validate$`), 200, "ValidationResponse"},
	{"POST", regexp.MustCompile(`^/api/v1/extractions$`), 202, "Extraction"},
	{"POST", regexp.MustCompile(`^/api/v1/extractions$`), 200, "Extraction"}, // idempotent replay
	{"GET", regexp.MustCompile(`^/api/v1/extractions$`), 200, "ExtractionListResponse"},
	{"GET", regexp.MustCompile(`^/api/v1/extractions/[^/]+$`), 200, "Extraction"},
	{"DELETE", regexp.MustCompile(`^/api/v1/extractions/[^/]+$`), 200, "Extraction"},
	{"GET", regexp.MustCompile(`^/api/v1/extractions/[^/]+/result$`), 200, "ExtractionResultEnvelope"},
	{"GET", regexp.MustCompile(`^/api/v1/version$`), 200, "VersionInfo"},
}

// wireDef returns the schema definition of a response, or "".
func wireDef(method, path string, status int) string {
	path, _, _ = strings.Cut(path, "?")
	for _, r := range wireRoutes {
		if r.method == method && r.status == status && r.path.MatchString(path) {
			return r.def
		}
	}
	return ""
}

// validateWire checks a response body against the wire schema when the
// schema describes the route.
func validateWire(t *testing.T, method, path string, status int, body []byte) {
	t.Helper()
	if def := wireDef(method, path, status); def != "" {
		wiretest.Validate(t, def, body)
	}
}

func TestWireDefCoversContractRoutes(t *testing.T) {
	t.Parallel()
	// A route the table forgets would go unchecked silently.
	cases := []struct {
		name, method, path string
		status             int
		want               string
	}{
		{"SyncExtract", "POST", "/api/v1/extract", 200, "ExtractionResult"},
		{"Validate", "POST", "/api/v1/extract:validate", 200, "ValidationResponse"},
		{"Submit", "POST", "/api/v1/extractions", 202, "Extraction"},
		{"List", "GET", "/api/v1/extractions?status=queued&limit=5", 200, "ExtractionListResponse"},
		{"Get", "GET", "/api/v1/extractions/ext_01", 200, "Extraction"},
		{"Cancel", "DELETE", "/api/v1/extractions/ext_01", 200, "Extraction"},
		{"Result", "GET", "/api/v1/extractions/ext_01/result?wait_for_bboxes=true", 200, "ExtractionResultEnvelope"},
		{"Version", "GET", "/api/v1/version", 200, "VersionInfo"},
		{"ProblemNotValidated", "GET", "/api/v1/extractions/ext_01", 404, ""},
		{"CatalogueNotInSchema", "GET", "/api/v1/validators", 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := wireDef(c.method, c.path, c.status); got != c.want {
				t.Fatalf("wireDef(%s %s %d) = %q, want %q", c.method, c.path, c.status, got, c.want)
			}
		})
	}
}

package server_test

import (
	"encoding/base64"
	"strings"
	"testing"
)

// edgeText is a small valid text file for requests that must get past
// decoding.
var edgeText = base64.StdEncoding.EncodeToString([]byte("Invoice 42 from Acme, total 12.50 EUR"))

// edgeFiles renders a files list with one text file called name.
func edgeFiles(name string) string {
	return `[{"filename":` + jsonString(name) + `,"content_base64":"` + edgeText + `"}]`
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestRequestStringsAreCheckedAtTheEdge: strings a database cannot keep
// (NUL, invalid UTF-8) and strings past their documented length are 400
// invalid_request naming the header or field, on every backend, before
// anything is stored.
func TestRequestStringsAreCheckedAtTheEdge(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name, method, path string
		hdr                map[string]string
		body               string
		// names is what the problem must name (header or field path).
		names string
	}{
		{name: "TenantIDNotASCII", method: "POST", path: "/api/v1/extractions", hdr: map[string]string{"X-Tenant-Id": "acme\xff"},
			body: `{"files":` + edgeFiles("a.txt") + `}`, names: "X-Tenant-Id"},
		{name: "TenantIDTooLong", method: "GET", path: "/api/v1/version", hdr: map[string]string{"X-Tenant-Id": long(129)}, names: "X-Tenant-Id"},
		{name: "CorrelationIDTooLong", method: "GET", path: "/api/v1/version", hdr: map[string]string{"X-Correlation-Id": long(129)}, names: "X-Correlation-Id"},
		{name: "IdempotencyKeyNotUTF8", method: "POST", path: "/api/v1/extractions", hdr: map[string]string{"Idempotency-Key": "key-\xff\xfe"},
			body: `{"files":` + edgeFiles("a.txt") + `}`, names: "Idempotency-Key"},
		{name: "IdempotencyKeyControlChar", method: "POST", path: "/api/v1/extractions", hdr: map[string]string{"Idempotency-Key": "a\tb"},
			body: `{"files":` + edgeFiles("a.txt") + `}`, names: "Idempotency-Key"},
		{name: "IdempotencyKeyTooLong", method: "POST", path: "/api/v1/extractions", hdr: map[string]string{"Idempotency-Key": long(256)},
			body: `{"files":` + edgeFiles("a.txt") + `}`, names: "Idempotency-Key"},
		{name: "ListIdempotencyKeyNotUTF8", method: "GET", path: "/api/v1/extractions?idempotency_key=%FF%FE", names: "idempotency_key"},
		{name: "MetadataValueNUL", method: "POST", path: "/api/v1/extractions",
			body: `{"files":` + edgeFiles("a.txt") + `,"metadata":{"tenant_id":"ac\u0000me"}}`, names: `metadata[\"tenant_id\"]`},
		{name: "MetadataKeyNUL", method: "POST", path: "/api/v1/extractions",
			body: `{"files":` + edgeFiles("a.txt") + `,"metadata":{"a\u0000b":"x"}}`, names: `metadata[\"a\\x00b\"] (key)`},
		{name: "MetadataNestedNUL", method: "POST", path: "/api/v1/extractions",
			body: `{"files":` + edgeFiles("a.txt") + `,"metadata":{"ref":{"ids":["ok","b\u0000"]}}}`, names: `metadata[\"ref\"][\"ids\"][1]`},
		{name: "MetadataKeyTooLong", method: "POST", path: "/api/v1/extractions",
			body: `{"files":` + edgeFiles("a.txt") + `,"metadata":{"` + long(257) + `":"x"}}`, names: "(key)"},
		{name: "MetadataValueTooLong", method: "POST", path: "/api/v1/extractions",
			body: `{"files":` + edgeFiles("a.txt") + `,"metadata":{"k":"` + long(4097) + `"}}`, names: `metadata[\"k\"]`},
		{name: "FilenameTooLong", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles(long(252)+".txt") + `}`, names: "files[0].filename"},
		{name: "FilenameControlChar", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles("a\nb.txt") + `}`, names: "files[0].filename"},
		{name: "FilenameNUL", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles("a\x00.txt") + `}`, names: "files[0].filename"},
		{name: "IntentionTooLong", method: "POST", path: "/api/v1/extract", body: `{"intention":"` + long(4097) + `","files":` + edgeFiles("a.txt") + `}`, names: "intention"},
		{name: "PredicateTooLong", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles("a.txt") + `,"rules":[{"id":"r","predicate":"` + long(4097) + `"}]}`,
			names: "rules[0].predicate"},
		{name: "DescriptionTooLong", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles("a.txt") +
			`,"document_types":[{"id":"invoice","description":"` + long(4097) + `","field_groups":[{"name":"g","fields":[{"name":"total"}]}]}]}`,
			names: "document_types[0].description"},
		{name: "FieldDescriptionNUL", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles("a.txt") +
			`,"document_types":[{"id":"invoice","field_groups":[{"name":"g","fields":[{"name":"total","description":"x\u0000"}]}]}]}`,
			names: "document_types[0].field_groups[0].fields[0].description"},
		{name: "DocumentTypeIDTooLong", method: "POST", path: "/api/v1/extract", body: `{"files":` + edgeFiles("a.txt") +
			`,"document_types":[{"id":"` + long(1025) + `","field_groups":[{"name":"g","fields":[{"name":"total"}]}]}]}`,
			names: "document_types[0].id"},
		{name: "ValidateSeesTheSameLimits", method: "POST", path: "/api/v1/extract:validate", body: `{"files":[{"filename":"a.txt"}],"intention":"x\u0000"}`,
			names: "intention"},
	}
	for _, be := range edgeBackends {
		t.Run(be.name, func(t *testing.T) {
			t.Parallel()
			_, ts := edgeServer(t, be.url, nil)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					var body *strings.Reader
					if c.body != "" {
						body = strings.NewReader(c.body)
					}
					var r edgeResponse
					if body == nil {
						r = edgeDo(t, ts, c.method, c.path, "", nil, c.hdr)
					} else {
						r = edgeDo(t, ts, c.method, c.path, "application/json", body, c.hdr)
					}
					if r.status != 400 || r.body["code"] != "invalid_request" {
						t.Fatalf("got %d %v, want 400 invalid_request: %.300s", r.status, r.body["code"], r.raw)
					}
					if !strings.Contains(r.detail(), c.names) {
						t.Fatalf("problem does not name %s: %.400s", c.names, r.raw)
					}
				})
			}
			// A request inside every limit, with non-ASCII text, is taken.
			r := edgeDo(t, ts, "POST", "/api/v1/extractions", "application/json",
				strings.NewReader(`{"files":`+edgeFiles("Fatura-ğüşiöç.txt")+`,"metadata":{"müşteri":"Çağrı","n":1}}`),
				map[string]string{"Idempotency-Key": "ключ-1", "X-Tenant-Id": "acme"})
			if r.status != 202 {
				t.Fatalf("valid submit = %d %.300s", r.status, r.raw)
			}
		})
	}
}

package pipeline

import (
	"encoding/json"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
)

// FuzzCheck feeds arbitrary JSON through request decoding and both
// validators: whatever a client sends, Check answers nil or a 4xx problem
// and never panics.
func FuzzCheck(f *testing.F) {
	seeds := []string{
		`{"files":[{"filename":"a.pdf","expected_type":"x"}]}`,
		`{"files":[{"filename":"a"}],"document_types":[{"id":"t","field_groups":[{"name":"g","fields":[{"name":"f","type":"array","items":{"type":"object","fields":[{"name":"m","pattern":"(a"}]}}]}]}]}`,
		`{"files":[{"filename":"a"}],"rules":[{"id":"a","predicate":"p","parents":[{"kind":"rule","rule":"a"}]}]}`,
		`{"files":[{"filename":"a"}],"options":{"pii":{"mask":"token","types":["email"]},"stages":{"rule_engine":true}}}`,
		`{"files":[],"document_types":[{"id":"","field_groups":[]}]}`,
		`{"files":[{"filename":"a"}],"rules":[{"id":"r","predicate":"fields.invoice.iban.matches('^DE[0-9]{2}') && days_since(fields.invoice.issue_date) < 9"}]}`,
		`{"files":[{"filename":"a"}],"document_types":[{"id":"t","field_groups":[{"name":"g","fields":[{"name":"f","type":"array","items":{"type":"object","fields":[{"name":"m","type":"number"}]}}]}]}],"rules":[{"id":"r","predicate":"sum(fields.t.f.map(x, x.m)) > 0"}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req api.ExtractRequest
		if json.Unmarshal(body, &req) != nil {
			return
		}
		err := Check(&req)
		if err == nil {
			return
		}
		p, ok := problem.As(err)
		if !ok || p.Status < 400 || p.Status >= 500 {
			t.Fatalf("Check returned %v", err)
		}
	})
}

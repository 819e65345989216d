package validate

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
)

// issues renders a report as "code@path" lines, errors then warnings.
func issues(r api.ValidationReport) string {
	var out []string
	for _, is := range append(append([]api.ValidationIssue{}, r.Errors...), r.Warnings...) {
		out = append(out, is.Code+"@"+is.Path)
	}
	return strings.Join(out, "\n")
}

const passportDoc = `{"id":"passport","field_groups":[{"name":"holder","fields":[
	{"name":"name"},
	{"name":"dni","validators":[{"name":"nif"}]},
	{"name":"address","type":"object","fields":[{"name":"city"},{"name":"zip","validators":[{"name":"postal_code"}]}]},
	{"name":"line_items","type":"array","items":{"type":"object","fields":[{"name":"quantity","type":"number"}]}}]}],
	"visual_checks":[{"name":"photo_present"}]}`

func TestSemantic(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, body, want string }{
		{"clean request", `{"files":[{"filename":"a","expected_type":"passport"}],"document_types":[` + passportDoc + `]}`, ""},
		{"unknown expected_type on files and file_options", `{"files":[{"filename":"a"},{"filename":"b"},{"filename":"c","expected_type":"utility_bill"}],
			"document_types":[` + passportDoc + `],"file_options":{"z.pdf":{"expected_type":"nope"},"a.pdf":{"expected_type":"passport"},"b.pdf":{"expected_type":"x"}}}`,
			"document_type_unknown@files[2].expected_type\n" +
				`document_type_unknown@file_options["b.pdf"].expected_type` + "\n" +
				`document_type_unknown@file_options["z.pdf"].expected_type`},
		{"built-in types allowed without document_types", `{"files":[{"filename":"a","expected_type":"utility_bill"},{"filename":"b","expected_type":"dni"}]}`,
			"document_type_unknown@files[1].expected_type"},
		{"built-in types not allowed once types are declared", `{"files":[{"filename":"a","expected_type":"invoice"}],"document_types":[` + passportDoc + `]}`,
			"document_type_unknown@files[0].expected_type"},
		{"empty groups, empty group, duplicate type", `{"files":[{"filename":"a"}],"document_types":[` + passportDoc + `,
			{"id":"cover","field_groups":[]},{"id":"passport","field_groups":[{"name":"g","fields":[]}]}]}`,
			"empty_field_groups@document_types[1]\nduplicate_document_type@document_types[2]\nempty_field_group@document_types[2].field_groups[0]"},
		{"duplicate field names in a group and in an object", `{"files":[{"filename":"a"}],"document_types":[{"id":"d","field_groups":[
			{"name":"g","fields":[{"name":"a"},{"name":"b"},{"name":"a"},
				{"name":"o","type":"object","fields":[{"name":"x"},{"name":"x"}]}]},
			{"name":"h","fields":[{"name":"a"}]}]}]}`,
			"duplicate_field_name@document_types[0].field_groups[0].fields[2]\nduplicate_field_name@document_types[0].field_groups[0].fields[3].fields[1]"},
		{"unknown validator and invalid pattern, at any depth", `{"files":[{"filename":"a"}],"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","pattern":"(","validators":[{"name":"iban"},{"name":"ibann"}]},
			{"name":"l","type":"array","items":{"type":"string","pattern":"[z-a]"}}]}]}]}`,
			"invalid_pattern@document_types[0].field_groups[0].fields[0].pattern\n" +
				"unknown_validator@document_types[0].field_groups[0].fields[0].validators[1]\n" +
				"invalid_pattern@document_types[0].field_groups[0].fields[1].items.pattern"},
		{"pattern longer than MaxPatternBytes", `{"files":[{"filename":"a"}],"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","pattern":"` + strings.Repeat("a", MaxPatternBytes+1) + `"},{"name":"b","pattern":"` + strings.Repeat("b", MaxPatternBytes) + `"}]}]}]}`,
			"invalid_pattern@document_types[0].field_groups[0].fields[0].pattern"},
		{"duplicate rule id", `{"files":[{"filename":"a"}],"rules":[{"id":"r","predicate":"p"},{"id":"r","predicate":"q"}]}`,
			"duplicate_rule_id@rules[1]"},
		{"rule references: doctype, field, validator", `{"files":[{"filename":"a"}],"document_types":[` + passportDoc + `],"rules":[
			{"id":"r0","predicate":"p","parents":[
				{"kind":"field","document_type":"passport","fields":["name","nif","address.zip","holder.address.city","line_items[].quantity","line_items.quantity","holder","zip"]},
				{"kind":"field","document_type":"invoice","fields":["total"]},
				{"kind":"validator","document_type":"passport","validator":"photo_present"},
				{"kind":"validator","document_type":"passport","validator":"postal_code"},
				{"kind":"validator","document_type":"passport","validator":"iban"},
				{"kind":"field","document_type":"passport","fields":["address.country"]}]}]}`,
			"rule_unknown_field@rules[0]\nrule_unknown_doctype@rules[0].parents[1]\nrule_unknown_validator@rules[0].parents[4]\nrule_unknown_field@rules[0]"},
		{"built-in doctype in a rule without document_types is not checked further", `{"files":[{"filename":"a"}],"rules":[
			{"id":"r","predicate":"p","parents":[{"kind":"field","document_type":"invoice","fields":["anything"]},
			{"kind":"validator","document_type":"receipt","validator":"anything"}]}]}`, ""},
		{"self reference and unknown parent", `{"files":[{"filename":"a"}],"rules":[
			{"id":"a","predicate":"p","parents":[{"kind":"rule","rule":"a"},{"kind":"rule","rule":"ghost"}]}]}`,
			"rule_self_reference@rules[0].parents[0]\nrule_unknown_parent@rules[0].parents[1]"},
		{"warnings", `{"files":[{"filename":"a"}],"options":{"stages":{"rule_engine":true,"visual_authenticity":true,"splitter":true}}}`,
			"rule_engine_no_rules@options.stages.rule_engine\nvisual_authenticity_no_validators@options.stages.visual_authenticity\nsplitter_single_doc@options.stages.splitter"},
		{"no warnings when the stages have work", `{"files":[{"filename":"a"}],"document_types":[` + passportDoc + `,{"id":"other","field_groups":[{"name":"g","fields":[{"name":"f"}]}]}],
			"rules":[{"id":"r","predicate":"p"}],"options":{"stages":{"rule_engine":true,"visual_authenticity":true,"splitter":true}}}`, ""},
		{"stages off by default", `{"files":[{"filename":"a"}]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := Semantic(decode(t, c.body))
			if got := issues(r); got != c.want {
				t.Fatalf("issues:\n got:\n%s\nwant:\n%s", got, c.want)
			}
			if r.OK != (len(r.Errors) == 0) || r.ErrorCount != len(r.Errors) || r.WarningCount != len(r.Warnings) {
				t.Fatalf("counts do not match: %+v", r)
			}
		})
	}
}

func TestSemanticMessagesFollowTheReference(t *testing.T) {
	t.Parallel()
	r := Semantic(decode(t, `{"files":[{"filename":"a"},{"filename":"b"},{"filename":"c","expected_type":"utility_bill"}],
		"document_types":[`+passportDoc+`],
		"rules":[{"id":"kyc_complete","predicate":"p","parents":[{"kind":"field","document_type":"passport","fields":["nif"]}]}]}`))
	want := []api.ValidationIssue{
		{Severity: "error", Code: "document_type_unknown", Path: "files[2].expected_type",
			Message: "expected_type 'utility_bill' is not declared in document_types[]."},
		{Severity: "error", Code: "rule_unknown_field", Path: "rules[0]",
			Message: "Rule 'kyc_complete' references field 'nif' which is not declared on document_type 'passport'."},
	}
	if len(r.Errors) != len(want) {
		t.Fatalf("got %+v", r.Errors)
	}
	for i := range want {
		if r.Errors[i] != want[i] {
			t.Errorf("issue %d:\n got %+v\nwant %+v", i, r.Errors[i], want[i])
		}
	}
}

func TestSemanticEmptyReportShape(t *testing.T) {
	t.Parallel()
	r := Semantic(&api.ExtractRequest{Files: []api.FileInput{{Filename: "a"}}})
	if !r.OK || r.Errors == nil || r.Warnings == nil {
		t.Fatalf("clean report must be ok with empty (non-null) lists: %+v", r)
	}
	if n := Semantic(nil); !n.OK {
		t.Fatal("nil request")
	}
}

// ruleChain declares rules r0..r{n-1}; edges[i] lists the parents of ri.
func ruleChain(edges map[int][]int, n int) *api.ExtractRequest {
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "a"}}}
	for i := 0; i < n; i++ {
		r := api.RuleSpec{ID: fmt.Sprintf("r%d", i), Predicate: "p"}
		for _, p := range edges[i] {
			r.Parents = append(r.Parents, api.RuleParent{Kind: "rule", Rule: fmt.Sprintf("r%d", p)})
		}
		req.Rules = append(req.Rules, r)
	}
	return req
}

func TestRuleCycles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edges map[int][]int
		n     int
		want  []string // path: message
	}{
		{"acyclic diamond", map[int][]int{1: {0}, 2: {0}, 3: {1, 2}}, 4, nil},
		{"two rules", map[int][]int{0: {1}, 1: {0}}, 2,
			[]string{"rules[0]: Rules form a cycle: 'r0' -> 'r1' -> 'r0'."}},
		{"three rules entered from the middle", map[int][]int{0: {3}, 1: {2}, 2: {3}, 3: {1}}, 4,
			[]string{"rules[1]: Rules form a cycle: 'r1' -> 'r2' -> 'r3' -> 'r1'."}},
		{"two disjoint cycles", map[int][]int{0: {1}, 1: {0}, 2: {3}, 3: {2}}, 4,
			[]string{"rules[0]: Rules form a cycle: 'r0' -> 'r1' -> 'r0'.", "rules[2]: Rules form a cycle: 'r2' -> 'r3' -> 'r2'."}},
		{"two cycles sharing a rule", map[int][]int{0: {1, 2}, 1: {0}, 2: {0}}, 3,
			[]string{"rules[0]: Rules form a cycle: 'r0' -> 'r1' -> 'r0'.", "rules[0]: Rules form a cycle: 'r0' -> 'r2' -> 'r0'."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := Semantic(ruleChain(c.edges, c.n))
			var got []string
			for _, is := range r.Errors {
				if is.Code != CodeRuleCycle {
					t.Fatalf("unexpected %s", is.Code)
				}
				got = append(got, is.Path+": "+is.Message)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestLongRuleChainAndCycle(t *testing.T) {
	t.Parallel()
	const n = 5000
	edges := map[int][]int{}
	for i := 1; i < n; i++ {
		edges[i] = []int{i - 1}
	}
	if r := Semantic(ruleChain(edges, n)); !r.OK {
		t.Fatalf("a chain is acyclic: %+v", r.Errors[0])
	}
	edges[0] = []int{n - 1}
	r := Semantic(ruleChain(edges, n))
	if r.ErrorCount != 1 || r.Errors[0].Code != CodeRuleCycle || r.Errors[0].Path != "rules[0]" {
		t.Fatalf("closing the chain gives one cycle: %d issues", r.ErrorCount)
	}
}

// hugeRequest declares 50 document types, each with 19 flat fields and one
// field nested 20 levels deep (1,950 fields in all), and a rule per type
// with field, validator and rule parents.
func hugeRequest() *api.ExtractRequest {
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "a", ExpectedType: "d0"}}}
	for d := 0; d < 50; d++ {
		var fields []api.Field
		for f := 0; f < 19; f++ {
			fields = append(fields, api.Field{Name: fmt.Sprintf("f%d", f), Pattern: ptr(fmt.Sprintf(`[A-Z]{%d}\d+`, f+1)),
				Validators: []api.ValidatorSpec{{Name: "iban", Severity: "warning"}}})
		}
		deep := nested(20)
		fields = append(fields, deep)
		id := fmt.Sprintf("d%d", d)
		req.DocumentTypes = append(req.DocumentTypes, api.DocumentTypeSpec{ID: id,
			FieldGroups: []api.FieldGroup{{Name: "g", Fields: fields}}})
		req.Rules = append(req.Rules, api.RuleSpec{ID: "r" + id, Predicate: "p", Parents: []api.RuleParent{
			{Kind: "field", DocumentType: id, Fields: []string{"f3", "leaf", "g.f7"}},
			{Kind: "validator", DocumentType: id, Validator: "iban"},
		}})
		if d > 0 {
			req.Rules[d].Parents = append(req.Rules[d].Parents, api.RuleParent{Kind: "rule", Rule: fmt.Sprintf("rd%d", d-1)})
		}
	}
	return req
}

func TestSemanticHugeSchemaIsFast(t *testing.T) {
	t.Parallel()
	req := hugeRequest()
	start := time.Now()
	sr := Structure(req)
	r := Semantic(req)
	elapsed := time.Since(start)
	if len(sr) != 0 || !r.OK {
		t.Fatalf("huge request should be valid: %v %+v", sr, r.Errors)
	}
	// Well under 100 ms on a laptop; the bound leaves room for a loaded CI box.
	if elapsed > 2*time.Second {
		t.Fatalf("Structure+Semantic took %v for 1,000 fields", elapsed)
	}
}

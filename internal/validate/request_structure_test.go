package validate

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// decode builds a request from JSON, the way the HTTP layer would.
func decode(t testing.TB, body string) *api.ExtractRequest {
	t.Helper()
	var req api.ExtractRequest
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatalf("test body: %v", err)
	}
	return &req
}

func paths(t testing.TB, req *api.ExtractRequest) string {
	t.Helper()
	var out []string
	for _, e := range Structure(req) {
		if e.Message == "" {
			t.Errorf("%s: empty message", e.Path)
		}
		out = append(out, e.Path)
	}
	return strings.Join(out, " ")
}

const okFile = `"files":[{"filename":"a.pdf","content_base64":"!!not base64!!"}]`

func TestStructure(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body, want string
	}{
		{"valid minimal (base64 is not checked here)", `{` + okFile + `}`, ""},
		{"no files", `{"files":[]}`, "files"},
		{"files missing", `{}`, "files"},
		{"file without filename", `{"files":[{"filename":"a"},{"filename":" "}]}`, "files[1].filename"},
		{"empty document type id", `{` + okFile + `,"document_types":[{"id":"","field_groups":[]}]}`, "document_types[0].id"},
		{"group and field names", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"","fields":[{"name":""}]}]}]}`,
			"document_types[0].field_groups[0].name document_types[0].field_groups[0].fields[0].name"},
		{"unknown type and format", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","type":"text"},{"name":"b","format":"phone"}]}]}]}`,
			"document_types[0].field_groups[0].fields[0].type document_types[0].field_groups[0].fields[1].format"},
		{"validator severity and name", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","validators":[{"name":"iban","severity":"fatal"},{"name":""}]}]}]}]}`,
			"document_types[0].field_groups[0].fields[0].validators[0].severity document_types[0].field_groups[0].fields[0].validators[1].name"},
		{"minimum above maximum", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","type":"number","minimum":5,"maximum":1},{"name":"b","type":"number","minimum":1,"maximum":1}]}]}]}`,
			"document_types[0].field_groups[0].fields[0].minimum"},
		{"array shapes", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","type":"array"},
			{"name":"b","type":"array","items":{"type":"string"},"fields":[{"name":"x"}]}]}]}]}`,
			"document_types[0].field_groups[0].fields[0].items document_types[0].field_groups[0].fields[1].fields"},
		{"object shapes", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","type":"object"},
			{"name":"b","type":"object","fields":[{"name":"x"}],"items":{"type":"string"}}]}]}]}`,
			"document_types[0].field_groups[0].fields[0].fields document_types[0].field_groups[0].fields[1].items"},
		{"primitive shapes", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"a","items":{"type":"string"}},{"name":"b","type":"number","fields":[{"name":"x"}]}]}]}]}`,
			"document_types[0].field_groups[0].fields[0].items document_types[0].field_groups[0].fields[1].fields"},
		{"errors inside items are reported with the items path", `{` + okFile + `,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[
			{"name":"x"},{"name":"y"},
			{"name":"lines","type":"array","items":{"type":"object","fields":[{"name":"q","type":"float"}]}}]},
			{"name":"h","fields":[]}]}]}`,
			"document_types[0].field_groups[0].fields[2].items.fields[0].type"},
		{"rule id and parents", `{` + okFile + `,"rules":[{"id":"","predicate":"p","parents":[
			{"kind":"doc"},{"kind":""},{"kind":"field","document_type":"d"},{"kind":"validator"},{"kind":"rule"}],
			"output":{"type":"string"}}]}`,
			"rules[0].id rules[0].parents[0].kind rules[0].parents[1].kind rules[0].parents[2].fields " +
				"rules[0].parents[3].document_type rules[0].parents[3].validator rules[0].parents[4].rule rules[0].output.type"},
		{"transformations", `{` + okFile + `,"options":{"transformations":[
			{"type":"merge","target_group":"g"},
			{"type":"entity_resolution","target_group":"g","scope":"global"},
			{"type":"llm","target_group":"","intention":"short"}]}}`,
			"options.transformations[0].type options.transformations[1].scope options.transformations[1].match_by " +
				"options.transformations[2].target_group options.transformations[2].intention"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := paths(t, decode(t, c.body)); got != c.want {
				t.Fatalf("paths:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestStructureNilRequest(t *testing.T) {
	t.Parallel()
	if errs := Structure(nil); len(errs) != 1 {
		t.Fatalf("got %+v", errs)
	}
}

func TestStructureEnumErrorCarriesValue(t *testing.T) {
	t.Parallel()
	errs := Structure(decode(t, `{`+okFile+`,"document_types":[{"id":"d","field_groups":[{"name":"g","fields":[{"name":"a","type":"text"}]}]}]}`))
	if len(errs) != 1 || errs[0].Value != "text" || !strings.Contains(errs[0].Message, "string, number") {
		t.Fatalf("got %+v", errs)
	}
}

// nested builds a group whose single field nests depth levels deep,
// alternating objects and arrays so both recursion paths are used.
func nested(depth int) api.Field {
	f := api.Field{Name: "leaf"}
	for d := depth - 1; d >= 1; d-- {
		inner := f
		if d%2 == 0 {
			f = api.Field{Name: "arr", Type: "array", Items: &inner}
		} else {
			f = api.Field{Name: "obj", Type: "object", Fields: []api.Field{f}}
		}
	}
	return f
}

func requestWith(fields ...api.Field) *api.ExtractRequest {
	return &api.ExtractRequest{
		Files:         []api.FileInput{{Filename: "a.pdf"}},
		DocumentTypes: []api.DocumentTypeSpec{{ID: "d", FieldGroups: []api.FieldGroup{{Name: "g", Fields: fields}}}},
	}
}

func TestStructureDepthLimit(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{1, 20, MaxSchemaDepth} {
		if errs := Structure(requestWith(nested(depth))); len(errs) != 0 {
			t.Errorf("depth %d refused: %+v", depth, errs)
		}
	}
	errs := Structure(requestWith(nested(MaxSchemaDepth + 1)))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "deeper than 32") {
		t.Fatalf("depth 33: %+v", errs)
	}
	if !strings.HasPrefix(errs[0].Path, "document_types[0].field_groups[0].fields[0].fields[0].items.fields[0]") {
		t.Errorf("path %s", errs[0].Path)
	}
	if n := strings.Count(errs[0].Path, ".items") + strings.Count(errs[0].Path, ".fields["); n != MaxSchemaDepth+1 {
		t.Errorf("path has %d levels, want %d: %s", n, MaxSchemaDepth+1, errs[0].Path)
	}
}

package transform

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

func member(name string, v any, page int) api.ExtractedField {
	return api.ExtractedField{Name: name, Value: v, Pages: []int{page}, Confidence: 0.9}
}

// persona is one object row of the personas array.
func persona(dni, nombre, cargo string, page int, conf float64) api.ExtractedField {
	return api.ExtractedField{Name: "persona", Pages: []int{page}, Confidence: conf, Value: []api.ExtractedField{
		member("dni", dni, page), member("nombre", nombre, page), member("cargo", cargo, page)}}
}

func personasDoc(file, typ string, rows ...api.ExtractedField) api.Document {
	return api.Document{Type: typ, SourceFile: file, Pages: []int{1}, FieldGroups: []api.ExtractedGroup{
		{Name: "otorgamiento", Fields: []api.ExtractedField{member("fecha", "2025-05-15", 1)}},
		{Name: "personas", Fields: []api.ExtractedField{{Name: "personas", Value: rows, Pages: []int{}}}},
	}}
}

// kycDocuments are three documents naming the same people differently: a
// deed, the front of an ID card (a flat personas group: one row) and a
// power of attorney.
func kycDocuments() []api.Document {
	idCard := api.Document{Type: "dni", SourceFile: "id_front.jpg", Pages: []int{1}, FieldGroups: []api.ExtractedGroup{
		{Name: "personas", Fields: []api.ExtractedField{
			{Name: "dni", Value: "12345678Z", Pages: []int{1}, Confidence: 0.95},
			{Name: "nombre", Value: "MARÍA GARCÍA LÓPEZ", Pages: []int{1}, Confidence: 0.93}}},
	}}
	return []api.Document{
		personasDoc("deed.pdf", "escritura_poderes",
			persona("12345678-Z", "María García", "", 2, 0.9),
			persona("", "Juan Pérez Sánchez", "apoderado", 3, 0.8),
			persona("X1234567L", "Ana Ruiz", "administradora", 4, 0.85)),
		idCard,
		personasDoc("poder.pdf", "poder",
			persona("", "juan perez", "", 1, 0.7),
			persona("", "Ana", "", 2, 0.6),
			persona("", "Pedro Ruiz", "testigo", 2, 0.75)),
	}
}

// The contract's example transformation (personas, match_by dni then
// nombre, request scope, default min_shared_tokens) on the documents
// above, compared as JSON with the exact expected entities.
func TestContractExampleMergesExactly(t *testing.T) {
	t.Parallel()
	var tr api.Transformation
	if err := json.Unmarshal([]byte(`{"type": "entity_resolution", "target_group": "personas", "match_by": ["dni", "nombre"], "scope": "request"}`), &tr); err != nil {
		t.Fatal(err)
	}
	docs := kycDocuments()
	before, _ := json.Marshal(docs)
	out, err := Apply(context.Background(), []api.Transformation{tr}, docs, "needs an LLM")
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(docs); string(after) != string(before) {
		t.Fatal("request scope changed the documents")
	}
	if out.Applied != 1 || len(out.Skipped) != 0 || out.RowsIn != 7 || out.RowsOut != 5 {
		t.Fatalf("outcome %+v", out)
	}
	type m = map[string]any
	src := func(doc int, file, typ, field string, row int) m {
		s := m{"document": doc, "source_file": file, "document_type": typ, "group": "personas", "row": row}
		if field != "" {
			s["field"] = field
		}
		return s
	}
	entity := func(pages []int, conf float64, dni, nombre, cargo any, prov ...m) m {
		var members []m
		for _, mm := range []struct {
			name string
			v    any
		}{{"dni", dni}, {"nombre", nombre}, {"cargo", cargo}} {
			if vv, ok := mm.v.(m); ok {
				members = append(members, vv)
			} else if mm.v != nil {
				members = append(members, m{"name": mm.name, "value": mm.v})
			}
		}
		return m{"name": "persona", "pages": pages, "confidence": conf, "members": members, "provenance": prov}
	}
	want := []m{{"name": "personas", "fields": []m{
		// Phase 1: one key once punctuation and case are gone; the longer
		// dni and name win, cargo only the deed knows.
		entity([]int{1, 2}, 0.95, "12345678-Z", "MARÍA GARCÍA LÓPEZ", "",
			src(0, "deed.pdf", "escritura_poderes", "personas", 0), src(1, "id_front.jpg", "dni", "", 0)),
		entity([]int{4}, 0.85, "X1234567L", "Ana Ruiz", "administradora", src(0, "deed.pdf", "escritura_poderes", "personas", 2)),
		// Phase 2: {juan, perez} is inside {juan, perez, sanchez}, two tokens.
		entity([]int{1, 3}, 0.8, "", "Juan Pérez Sánchez", "apoderado",
			src(0, "deed.pdf", "escritura_poderes", "personas", 1), src(2, "poder.pdf", "poder", "personas", 0)),
		// One token is below min_shared_tokens; sharing "ruiz" is not containment.
		entity([]int{2}, 0.6, "", "Ana", "", src(2, "poder.pdf", "poder", "personas", 1)),
		entity([]int{2}, 0.75, "", "Pedro Ruiz", "testigo", src(2, "poder.pdf", "poder", "personas", 2)),
	}}}
	if got, wantJSON := simplify(t, out.RequestGroups), mustJSON(t, want); got != wantJSON {
		t.Fatalf("got\n%s\nwant\n%s", got, wantJSON)
	}
}

// simplify renders groups with each row's members as name/value pairs, so
// the expectation reads as the entities and provenance it is about.
func simplify(t *testing.T, groups []api.ExtractedGroup) string {
	t.Helper()
	type m = map[string]any
	var out []m
	for _, g := range groups {
		var rows []m
		for _, r := range g.Fields {
			var members []m
			for _, mm := range r.Value.([]api.ExtractedField) {
				members = append(members, m{"name": mm.Name, "value": mm.Value})
			}
			var prov []m
			raw, _ := json.Marshal(r.Provenance)
			_ = json.Unmarshal(raw, &prov)
			rows = append(rows, m{"name": r.Name, "pages": r.Pages, "confidence": r.Confidence, "members": members, "provenance": prov})
		}
		out = append(out, m{"name": g.Name, "fields": rows})
	}
	return mustJSON(t, out)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	// Round-trip so both sides hold the same JSON types.
	var back any
	_ = json.Unmarshal(b, &back)
	b, _ = json.MarshalIndent(back, "", " ")
	return string(b)
}

// Task scope works document by document: in place each array keeps its
// own merged rows; with output_group the merged rows go to a new group
// and the array is left alone.
func TestTaskScope(t *testing.T) {
	t.Parallel()
	doc := personasDoc("deed.pdf", "escritura_poderes",
		persona("12.345.678-z", "María García", "", 1, 0.9),
		persona("12345678Z", "María García López", "otorgante", 2, 0.8),
		persona("", "maria garcia", "", 3, 0.7))
	inPlace := []api.Document{doc, personasDoc("other.pdf", "poder", persona("12345678Z", "M. García", "", 1, 0.5))}
	out, err := Apply(context.Background(), []api.Transformation{{Type: api.TransformEntityResolution, TargetGroup: "personas", MatchBy: []string{"dni", "nombre"}}}, inPlace, "")
	if err != nil {
		t.Fatal(err)
	}
	rows := inPlace[0].FieldGroups[1].Fields[0].Value.([]api.ExtractedField)
	if out.Applied != 1 || len(out.RequestGroups) != 0 || len(rows) != 1 {
		t.Fatalf("outcome %+v, rows %d", out, len(rows))
	}
	got := rows[0]
	members := got.Value.([]api.ExtractedField)
	if members[0].Value != "12.345.678-z" || members[1].Value != "María García López" || members[2].Value != "otorgante" ||
		len(got.Provenance) != 3 || got.Confidence != 0.9 || len(got.Pages) != 3 {
		t.Fatalf("merged %+v", got)
	}
	if other := inPlace[1].FieldGroups[1].Fields[0].Value.([]api.ExtractedField); len(other) != 1 || other[0].Provenance[0].Document != 1 {
		t.Fatalf("the other document's rows: %+v", other)
	}

	outGroup := "personas_unicas"
	docs := []api.Document{personasDoc("deed.pdf", "escritura_poderes",
		persona("1", "A B", "", 1, 0.9), persona("1", "A B C", "", 1, 0.9), persona("2", "D", "", 1, 0.9))}
	if _, err := Apply(context.Background(), []api.Transformation{{Type: api.TransformEntityResolution, TargetGroup: "personas",
		OutputGroup: &outGroup, Scope: ScopeTask, MatchBy: []string{"dni"}}}, docs, ""); err != nil {
		t.Fatal(err)
	}
	g := docs[0].FieldGroups
	if len(g) != 3 || g[2].Name != outGroup || len(g[2].Fields) != 2 || len(g[1].Fields[0].Value.([]api.ExtractedField)) != 3 {
		t.Fatalf("groups %+v", g)
	}
}

func TestSkippedTransformationsSayWhy(t *testing.T) {
	t.Parallel()
	docs := kycDocuments()
	ts := []api.Transformation{
		{Type: api.TransformLLM, TargetGroup: "cargos", Intention: "Normalise each cargo to a closed taxonomy."},
		{Type: api.TransformEntityResolution, TargetGroup: "nowhere", MatchBy: []string{"dni"}},
		{Type: api.TransformEntityResolution, TargetGroup: "personas"},
	}
	out, err := Apply(context.Background(), ts, docs, "needs an LLM and none is configured")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`options.transformations[0]: the llm transformation of "cargos" needs an LLM and none is configured`,
		`options.transformations[1]: no document has rows in "nowhere"`,
		`options.transformations[2]: entity_resolution needs target_group and match_by`,
	}
	if out.Applied != 0 || strings.Join(out.Skipped, "\n") != strings.Join(want, "\n") {
		t.Fatalf("skipped %q", out.Skipped)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Apply(ctx, ts, docs, ""); err != context.Canceled {
		t.Fatalf("cancelled: %v", err)
	}
}

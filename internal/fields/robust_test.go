package fields

import (
	"fmt"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

func TestMissingValueIsEmpty(t *testing.T) {
	l := gridLayout([][]string{{"Hello world"}}, []float64{0.1})
	r := Extract(l, api.DocumentTypeSpec{ID: "x", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "invoice_number"}}}}}, Options{})
	f := r.Groups[0].Fields[0]
	if f.Value != nil || f.BBox != nil || f.Pages == nil || len(f.Pages) != 0 || f.Confidence != 0 {
		t.Errorf("missing field = %+v", f)
	}
}

// TestHugeSchemas guards against blow-ups: a thousand fields and a
// twenty-deep object must finish quickly.
func TestHugeSchemas(t *testing.T) {
	var rows [][]string
	for i := 0; i < 60; i++ {
		rows = append(rows, []string{fmt.Sprintf("Label %d:", i), fmt.Sprintf("value-%d", i)})
	}
	l := gridLayout(rows, []float64{0.1, 0.4})
	var many []api.Field
	for i := 0; i < 1000; i++ {
		many = append(many, api.Field{Name: fmt.Sprintf("field_%d", i), Description: "some label words here"})
	}
	deep := api.Field{Name: "leaf"}
	for i := 0; i < 20; i++ {
		deep = api.Field{Name: fmt.Sprintf("level_%d", i), Type: api.TypeObject, Fields: []api.Field{deep, {Name: "invoice_number"}}}
	}
	start := time.Now()
	Extract(l, api.DocumentTypeSpec{ID: "big", FieldGroups: []api.FieldGroup{{Name: "g", Fields: append(many, deep)}}}, Options{})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("huge schema took %v", d)
	}
}

// TestNativeTextHasNoBoxes: formats without geometry still yield values,
// with pages but a null box.
func TestNativeTextHasNoBoxes(t *testing.T) {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Source: doc.SourceNative})
	b.AddTextLine("Fatura No: A-77")
	b.AddTextLine("Genel Toplam")
	b.AddTextLine("1.180,00 TL")
	r := Extract(b.Layout(), invoiceSpec, Options{})
	got := map[string]api.ExtractedField{}
	for _, f := range r.Groups[0].Fields {
		got[f.Name] = f
	}
	if f := got["invoice_number"]; f.Value != "A-77" || f.BBox != nil || len(f.Pages) != 1 {
		t.Errorf("invoice_number = %+v", f)
	}
	if f := got["total_amount"]; f.Value != 1180.0 {
		t.Errorf("total_amount = %#v, want 1180", f.Value)
	}
}

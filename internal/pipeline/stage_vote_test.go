package pipeline

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/ingest"
)

// tillRoll is a one-page layout of lines of words, each word a fixed
// width, one line under the other.
func tillRoll(lines ...[]string) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 400, Height: 600, Source: doc.SourceOCR})
	for i, l := range lines {
		var words []doc.Word
		for k, w := range l {
			x, y := 0.05+0.2*float64(k), 0.05+0.05*float64(i)
			words = append(words, doc.Word{Text: w, Box: doc.Box{X0: x, Y0: y, X1: x + 0.15, Y1: y + 0.03}, Conf: 0.9})
		}
		b.AddLine(words)
	}
	b.EndPage()
	return b.Layout()
}

// The extract stage settles a till roll's values against its file's other
// readings: the total two readings agree on replaces the kept reading's
// misread one, and a segment of a split file keeps its own reading.
func TestExtractVotesWithTheOtherReadings(t *testing.T) {
	t.Parallel()
	spec := api.DocumentTypeSpec{ID: "receipt", FieldGroups: []api.FieldGroup{{Name: "receipt", Fields: []api.Field{
		{Name: "total", Description: "Total amount paid", Type: api.TypeNumber},
	}}}}
	read := func(total string) *doc.Layout {
		return tillRoll([]string{"KEDAI", "RUNCIT"}, []string{"ITEM", "12.00"}, []string{"TOTAL", total}, []string{"CASH", "100.00"})
	}
	run := func(seg bool) any {
		f := &ingest.File{Name: "r.jpg", Layout: read("57.30"), Readings: []*doc.Layout{read("57.80"), read("57.80")}}
		fr := &FileRun{File: f}
		if seg {
			fr.seg = &segment{file: fr}
		}
		res := fields.Extract(f.Layout, spec, fields.Options{})
		if err := voteReadings(context.Background(), &Task{File: fr, Spec: spec}, res); err != nil {
			t.Fatal(err)
		}
		return res.Groups[0].Fields[0].Value
	}
	if got := run(false); got != 57.8 {
		t.Errorf("total = %v, want 57.8 (two readings against one)", got)
	}
	if got := run(true); got != 57.3 {
		t.Errorf("segment total = %v, want its own reading's 57.3", got)
	}
}

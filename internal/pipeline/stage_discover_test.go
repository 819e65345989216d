package pipeline

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	pdfapi "github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/quarrydev/quarry/internal/api"
)

const corpusDir = "../../../shared/corpus"

// joinedCorpusPDF joins corpus PDFs into one file, as a scanner's batch or
// a caller's "everything in one PDF" would hand them in.
func joinedCorpusPDF(t *testing.T, names ...string) []byte {
	t.Helper()
	var parts []io.ReadSeeker
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(corpusDir, n))
		if err != nil {
			t.Skipf("corpus not found (%v): the splitter's engine test needs ../shared/corpus", err)
		}
		parts = append(parts, bytes.NewReader(data))
	}
	var out bytes.Buffer
	if err := pdfapi.MergeRaw(parts, &out, false, nil); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func splitterOn() *api.Options {
	on := true
	return &api.Options{Stages: &api.StageToggles{Splitter: &on}}
}

// TestDiscoverSplitsAJoinedPDF: an invoice, a two-page invoice, a
// two-page paper and another invoice in one PDF come out as four
// documents with their own pages, each classified and extracted alone.
func TestDiscoverSplitsAJoinedPDF(t *testing.T) {
	t.Parallel()
	data := joinedCorpusPDF(t, "invoices/AmazonWebServices.pdf", "invoices/free_fiber.pdf",
		"formats/pdf__layout-parser-paper-fast.pdf", "invoices/coolblue1.pdf")
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "batch.pdf", Data: data}}, Options: splitterOn()}
	res, err := newEngine(t).Run(context.Background(), "ext_split", req)
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res); st["discover"] != api.TraceSuccess {
		t.Fatalf("discover = %s, trace %+v", st["discover"], res.Pipeline.Trace)
	}
	if len(res.Files) != 1 || res.Files[0].PageCount != 6 {
		t.Fatalf("files = %+v", res.Files)
	}
	docs := append(append([]api.Document{}, res.Documents...), res.DiscoveredDocuments...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].Pages[0] < docs[j].Pages[0] })
	var pages [][]int
	for _, d := range docs {
		pages = append(pages, d.Pages)
		if d.SourceFile != "batch.pdf" || d.Notes == nil {
			t.Errorf("document on pages %v: source %q, notes %v", d.Pages, d.SourceFile, d.Notes)
		}
		// Field pages are the file's, inside the document's own pages.
		own := map[int]bool{}
		for _, p := range d.Pages {
			own[p] = true
		}
		for _, g := range d.FieldGroups {
			for _, f := range g.Fields {
				for _, p := range f.Pages {
					if !own[p] {
						t.Errorf("field %s of the document on pages %v is on page %d", f.Name, d.Pages, p)
					}
				}
			}
		}
	}
	if want := [][]int{{1}, {2, 3}, {4, 5}, {6}}; !reflect.DeepEqual(pages, want) {
		t.Fatalf("document pages = %v, want %v", pages, want)
	}
	if docs[0].Type != "invoice" || docs[1].Type != "invoice" || docs[3].Type != "invoice" {
		t.Fatalf("types = %s %s %s %s", docs[0].Type, docs[1].Type, docs[2].Type, docs[3].Type)
	}
	// The two-page invoice was extracted from its own pages: its number
	// is found on the file's page 2 or 3, not on page 1's invoice.
	if n := field(docs[1], "invoice_number"); n == nil || n.Value == nil || n.Pages[0] < 2 {
		t.Fatalf("second invoice's number = %+v", n)
	}
	if res.Files[0].Quality == nil {
		t.Fatal("the split file lost its quality score")
	}
}

func field(d api.Document, name string) *api.ExtractedField {
	for _, g := range d.FieldGroups {
		for i := range g.Fields {
			if g.Fields[i].Name == name {
				return &g.Fields[i]
			}
		}
	}
	return nil
}

// TestDiscoverLeavesOneDocumentAlone: with the splitter on, a multi-page
// file holding one document comes out exactly as with it off, and a
// pinned file is not split.
func TestDiscoverLeavesOneDocumentAlone(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	off, err := e.Run(context.Background(), "ext_a", pdfRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	req := pdfRequest(t)
	req.Options = splitterOn()
	on, err := e.Run(context.Background(), "ext_a", req)
	if err != nil {
		t.Fatal(err)
	}
	if traceStatus(on)["discover"] != api.TraceSuccess {
		t.Fatalf("discover = %s", traceStatus(on)["discover"])
	}
	if !reflect.DeepEqual(off.Documents, on.Documents) || !reflect.DeepEqual(off.Files, on.Files) {
		t.Fatalf("the splitter changed a one-document file:\noff %+v\non  %+v", off.Documents, on.Documents)
	}

	data := joinedCorpusPDF(t, "invoices/AmazonWebServices.pdf", "invoices/coolblue1.pdf")
	pinned := &api.ExtractRequest{Files: []api.FileInput{{Filename: "pinned.pdf", Data: data, ExpectedType: "invoice"}}, Options: splitterOn()}
	res, err := e.Run(context.Background(), "ext_b", pinned)
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res); st["discover"] != api.TraceSkipped || len(res.Documents) != 1 || len(res.Documents[0].Pages) != 2 {
		t.Fatalf("pinned file: discover %s, documents %+v", st["discover"], res.Documents)
	}
}

// TestDiscoverWithDeclaredTypes: segments are classified against the
// caller's types; every page lands in exactly one document. The first
// invoice is a Factur-X PDF whose XML the joined file still carries: it
// must not keep the file whole, and only its own segment gets its values.
func TestDiscoverWithDeclaredTypes(t *testing.T) {
	t.Parallel()
	data := joinedCorpusPDF(t, "invoices/AzureInterior.pdf", "formats/pdf__layout-parser-paper-fast.pdf", "invoices/SammyMaystoneLinesTest.pdf")
	types := []api.DocumentTypeSpec{
		{ID: "invoice", Description: "A supplier invoice", FieldGroups: []api.FieldGroup{{Name: "header", Fields: []api.Field{
			{Name: "invoice_number"}, {Name: "total_amount", Type: api.TypeNumber}}}}},
		{ID: "passport", Description: "A passport", FieldGroups: []api.FieldGroup{{Name: "holder", Fields: []api.Field{
			{Name: "surname"}, {Name: "date_of_birth"}}}}},
	}
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "pack.pdf", Data: data}}, DocumentTypes: types, Options: splitterOn()}
	res, err := newEngine(t).Run(context.Background(), "ext_kyc", req)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]string{}
	for _, d := range append(append([]api.Document{}, res.Documents...), res.DiscoveredDocuments...) {
		for _, p := range d.Pages {
			if prev, dup := seen[p]; dup {
				t.Fatalf("page %d in two documents (%s, %s)", p, prev, d.Type)
			}
			seen[p] = d.Type
		}
	}
	want := map[int]string{1: "invoice", 2: "unmatched", 3: "unmatched", 4: "invoice"}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("pages by type = %v, want %v", seen, want)
	}
	if !res.Files[0].Classification.Matched || res.Files[0].Classification.Confidence != 1 {
		t.Fatalf("the file should read as the attached e-invoice: %+v", res.Files[0].Classification)
	}
	numbers := map[int]any{}
	for _, d := range res.Documents {
		if f := field(d, "invoice_number"); f != nil {
			numbers[d.Pages[0]] = f.Value
		}
	}
	if numbers[1] != "INV/2023/03/0008" || numbers[4] == numbers[1] {
		t.Fatalf("invoice numbers by first page = %v", numbers)
	}
}

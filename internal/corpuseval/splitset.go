package corpuseval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
)

// The split set measures the splitter: files made by joining real
// documents of the corpus end to end, where the truth is where each
// document starts. Documents are read once and joined as layouts
// (doc.Concat), which is what reading the joined PDF gives page for page
// (bench/split checks that on real joined PDFs); a scan is OCR'd once.

// SplitSource is one corpus document for the split set.
type SplitSource struct {
	Name   string // path under the corpus folder
	Kind   string // invoice, einvoice, receipt, other
	Path   string
	Layout *doc.Layout
}

// splitPDFs are the corpus PDFs with a text layer: supplier invoices,
// hybrid e-invoices (some of several pages) and an assortment of other
// documents (memos, papers, a twelve- and a thirteen-page report), so
// that continuation pages and non-financial documents are in the set.
var splitPDFs = map[string][]string{
	"invoice": {"invoices/AmazonWebServices.pdf", "invoices/FlipkartInvoice.pdf", "invoices/free_fiber.pdf",
		"invoices/SammyMaystoneLinesTest.pdf", "invoices/AzureInterior.pdf", "invoices/coolblue1.pdf"},
	"einvoice": {"einvoices/zugferd/zugferd_2p1_EXTENDED_PDFA-3A.pdf", "einvoices/zugferd/XMLinvalidV2PDF.pdf",
		"einvoices/zugferd/invalidXRechnung.pdf", "einvoices/zugferd/MustangBeispiel20221026.pdf",
		"einvoices/zugferd/103767-Invoice-2026-03-24-1.pdf", "einvoices/zugferd/validAvoir_FR_type380_BASICWL.pdf",
		"einvoices/zugferd/EXTENDED_Fremdwaehrung_wdis_fx-pdfa4.pdf", "einvoices/zugferd/Facture_F20180027.pdf"},
	"other": {"formats/pdf__fake-memo.pdf", "formats/pdf__chevron-page.pdf", "formats/pdf__embedded-images.pdf",
		"formats/pdf__layout-parser-paper-fast.pdf", "formats/pdf__layout-parser-paper-with-table.pdf",
		"formats/pdf__invalid-pdf-structure-pdfminer-one-page.pdf", "formats/pdf__a1977-backus-p21.pdf",
		"formats/pdf__fake-bold-sample.pdf", "formats/pdf__pdf-with-ocr-text.pdf", "formats/language-docs__fr_olap.pdf",
		"formats/pdf__multi-column.pdf"},
}

// LoadSplitSources reads the split set's documents under dir: every
// text-layer PDF above and, when receipts > 0, that many scanned receipts
// (an evenly spread sample, OCR'd through o.CacheDir when set).
func LoadSplitSources(ctx context.Context, dir string, receipts int, o Options, load Loader) ([]SplitSource, error) {
	var cases []Case
	var kinds []string
	for _, kind := range []string{"invoice", "einvoice", "other"} {
		for _, name := range splitPDFs[kind] {
			cases = append(cases, Case{Name: name, Path: filepath.Join(dir, name)})
			kinds = append(kinds, kind)
		}
	}
	if receipts > 0 {
		all, err := Receipts(filepath.Join(dir, "receipts"))
		if err != nil {
			return nil, err
		}
		if every := len(all) / receipts; every > 0 {
			picked := sample(all, every)
			for _, c := range picked[:min(receipts, len(picked))] {
				c.Name = "receipts/img/" + c.Name + ".jpg"
				cases = append(cases, c)
				kinds = append(kinds, "receipt")
			}
		}
	}
	ls, errs := reads(ctx, cases, o, load)
	var out []SplitSource
	for i, c := range cases {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, errs[i])
		}
		out = append(out, SplitSource{Name: c.Name, Kind: kinds[i], Path: c.Path, Layout: ls[i].Layout})
	}
	return out, nil
}

// SplitFile is one joined file of the split set.
type SplitFile struct {
	Name   string
	Parts  []int // indices into the sources, in page order
	Starts []int // the first page of each part in the joined file
	Layout *doc.Layout
}

// SplitFiles joins the sources into n files of two to five documents
// each, drawn with a fixed seed so every run measures the same set. No
// document follows itself, every source is used, and each file mixes
// kinds where it can: runs of one kind (receipt after receipt, invoice
// after invoice) are there as well, being the hard case.
func SplitFiles(sources []SplitSource, n int, seed uint64) []SplitFile {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	order := rng.Perm(len(sources)) // every source once, then at random
	next := 0
	pick := func(prev int) int {
		for {
			var i int
			if next < len(order) {
				i = order[next]
				next++
			} else {
				i = rng.IntN(len(sources))
			}
			if i != prev || len(sources) == 1 {
				return i
			}
		}
	}
	var out []SplitFile
	for f := 0; f < n; f++ {
		k := 2 + rng.IntN(4)
		file := SplitFile{Name: fmt.Sprintf("split-%02d", f+1)}
		var parts []*doc.Layout
		page, prev := 1, -1
		for j := 0; j < k; j++ {
			i := pick(prev)
			prev = i
			file.Parts = append(file.Parts, i)
			file.Starts = append(file.Starts, page)
			page += len(sources[i].Layout.Pages)
			parts = append(parts, sources[i].Layout)
		}
		file.Layout = doc.Concat(parts...)
		out = append(out, file)
	}
	return out
}

// BoundaryTally counts boundary decisions against the truth: a boundary
// is the first page of every document but the file's first.
type BoundaryTally struct {
	TP, FP, FN int
	// Misses name the wrong decisions: "split-03 p7 missed (a.pdf|b.pdf)".
	Misses []string
}

// Add scores one file: truth and got are the first pages of its
// documents (page 1 included or not: it is never a boundary).
func (t *BoundaryTally) Add(name string, truth, got []int, label func(page int) string) {
	want := map[int]bool{}
	for _, p := range truth {
		if p > 1 {
			want[p] = true
		}
	}
	have := map[int]bool{}
	for _, p := range got {
		if p > 1 {
			have[p] = true
		}
	}
	for _, p := range sortedKeys(have) {
		if want[p] {
			t.TP++
		} else {
			t.FP++
			t.Misses = append(t.Misses, fmt.Sprintf("%s p%d false split (%s)", name, p, label(p)))
		}
	}
	for _, p := range sortedKeys(want) {
		if !have[p] {
			t.FN++
			t.Misses = append(t.Misses, fmt.Sprintf("%s p%d missed (%s)", name, p, label(p)))
		}
	}
}

// Precision is the share of splits made that are real (1 when none made).
func (t BoundaryTally) Precision() float64 {
	if t.TP+t.FP == 0 {
		return 1
	}
	return float64(t.TP) / float64(t.TP+t.FP)
}

// Recall is the share of real boundaries found (1 when there are none).
func (t BoundaryTally) Recall() float64 {
	if t.TP+t.FN == 0 {
		return 1
	}
	return float64(t.TP) / float64(t.TP+t.FN)
}

// PageLabel names the document a page of a split file comes from and the
// one before it, for miss lists.
func (f SplitFile) PageLabel(sources []SplitSource) func(int) string {
	return func(page int) string {
		at := sort.Search(len(f.Starts), func(i int) bool { return f.Starts[i] > page }) - 1
		if at < 0 {
			return "?"
		}
		cur := sources[f.Parts[at]].Name
		if f.Starts[at] != page || at == 0 {
			return fmt.Sprintf("inside %s", cur)
		}
		return strings.Join([]string{sources[f.Parts[at-1]].Name, cur}, " | ")
	}
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

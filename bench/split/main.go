// Command split measures the splitter (internal/split) on files made by
// joining real documents of ../shared/corpus: supplier invoices, hybrid
// e-invoices, papers and memos (text layers) and scanned receipts (OCR).
// It prints boundary precision and recall, the same figures on a copy of
// the set where every page has one size and one text source (as in a
// batch scan, so the page-shape votes cannot help), and how often a
// really joined PDF splits like its layout-level join.
//
//	go run ./bench/split [-corpus ../shared/corpus] [-cache DIR] [-receipts 24] [-files 40] [-misses]
//
// Receipts are OCR'd once each (through -cache when set); documents are
// joined as layouts (doc.Concat), the way corpuseval's split test does.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"time"

	pdfapi "github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/quarrydev/quarry/internal/corpuseval"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/split"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "the shared corpus folder")
	cache := flag.String("cache", "", "keep layouts here so reruns skip OCR (empty: read every time)")
	receipts := flag.Int("receipts", 24, "scanned receipts to add to the set (0: text layers only)")
	files := flag.Int("files", 40, "joined files to build")
	seed := flag.Uint64("seed", 15, "the set's random seed")
	joined := flag.Int("joined", 10, "text-only files to also join as real PDFs and compare")
	misses := flag.Bool("misses", false, "print every wrong decision")
	flag.Parse()

	ctx := context.Background()
	start := time.Now()
	sources, err := corpuseval.LoadSplitSources(ctx, *corpus, *receipts, corpuseval.Options{CacheDir: *cache, Workers: runtime.NumCPU()}, corpuseval.DefaultLoader)
	if err != nil {
		log.Fatal(err)
	}
	pages := 0
	for _, s := range sources {
		pages += len(s.Layout.Pages)
	}
	fmt.Printf("sources: %d documents, %d pages (read in %s)\n", len(sources), pages, time.Since(start).Round(time.Second))

	set := corpuseval.SplitFiles(sources, *files, *seed)
	fmt.Println(measure(ctx, "as read", sources, set, *misses))
	fmt.Println(measure(ctx, "one page size", sources, uniform(sources, set, false), *misses))
	fmt.Println(measure(ctx, "one page size, all scans", sources, uniform(sources, set, true), *misses))
	compareJoined(ctx, sources, set, *joined)
}

// measure splits every file and scores the boundaries.
func measure(ctx context.Context, label string, sources []corpuseval.SplitSource, set []corpuseval.SplitFile, misses bool) string {
	var tally corpuseval.BoundaryTally
	boundaries, exact, pages := 0, 0, 0
	start := time.Now()
	for _, f := range set {
		res, err := split.Split(ctx, f.Layout, split.Options{})
		if err != nil {
			log.Fatalf("%s: %v", f.Name, err)
		}
		before := tally.FP + tally.FN
		tally.Add(f.Name, f.Starts, firstPages(res), f.PageLabel(sources))
		if tally.FP+tally.FN == before {
			exact++
		}
		boundaries += len(f.Starts) - 1
		pages += len(f.Layout.Pages)
	}
	took := time.Since(start)
	out := fmt.Sprintf("%-26s files %d, pages %d, boundaries %d: precision %.3f recall %.3f (tp %d fp %d fn %d), files split exactly %d/%d, %.1f ms/page",
		label, len(set), pages, boundaries, tally.Precision(), tally.Recall(), tally.TP, tally.FP, tally.FN, exact, len(set),
		float64(took.Microseconds())/1000/float64(pages))
	if misses {
		for _, m := range tally.Misses {
			out += "\n  " + m
		}
	}
	return out
}

func firstPages(res split.Result) []int {
	var out []int
	for _, s := range res.Segments {
		out = append(out, s.First)
	}
	return out
}

// uniform rebuilds the set with every page A4 and, with scans, every
// page marked as OCR'd (which also silences the text-layer typography
// votes), keeping words and boxes: what the split sees when all pages
// come off one scanner.
func uniform(sources []corpuseval.SplitSource, set []corpuseval.SplitFile, scans bool) []corpuseval.SplitFile {
	out := make([]corpuseval.SplitFile, len(set))
	for i, f := range set {
		var parts []*doc.Layout
		for _, p := range f.Parts {
			l := sources[p].Layout.Slice(1, len(sources[p].Layout.Pages))
			for k := range l.Pages {
				l.Pages[k].Width, l.Pages[k].Height = 595, 842
				if scans {
					l.Pages[k].Source = doc.SourceOCR
				}
			}
			parts = append(parts, l)
		}
		f.Layout = doc.Concat(parts...)
		out[i] = f
	}
	return out
}

// compareJoined joins up to n text-only files as real PDFs (qpdf when
// installed, else pdfcpu, which refuses PDF 2.0 associated files), reads
// them through Quarry's loader and checks that they split where their
// layout-level joins do.
func compareJoined(ctx context.Context, sources []corpuseval.SplitSource, set []corpuseval.SplitFile, n int) {
	same, tried := 0, 0
	for _, f := range set {
		if tried == n {
			break
		}
		var paths []string
		for _, p := range f.Parts {
			if sources[p].Kind == "receipt" {
				paths = nil
				break
			}
			paths = append(paths, sources[p].Path)
		}
		if paths == nil {
			continue
		}
		pdf, err := joinPDFs(ctx, paths)
		if err != nil {
			fmt.Printf("  %s: not joined: %v\n", f.Name, err)
			continue
		}
		l, err := corpuseval.DefaultLoader(ctx, f.Name+".pdf", pdf)
		if err != nil {
			log.Fatalf("%s: reading the joined PDF: %v", f.Name, err)
		}
		tried++
		real, err := split.Split(ctx, l.Layout, split.Options{})
		if err != nil {
			log.Fatal(err)
		}
		layoutJoin, err := split.Split(ctx, f.Layout, split.Options{})
		if err != nil {
			log.Fatal(err)
		}
		if reflect.DeepEqual(firstPages(real), firstPages(layoutJoin)) {
			same++
		} else {
			fmt.Printf("  %s: joined PDF splits at %v, its layout join at %v (truth %v)\n", f.Name, firstPages(real), firstPages(layoutJoin), f.Starts)
		}
	}
	fmt.Printf("real joined PDFs splitting like their layout joins: %d/%d\n", same, tried)
}

func joinPDFs(ctx context.Context, paths []string) ([]byte, error) {
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		out, err := os.CreateTemp("", "split-*.pdf")
		if err != nil {
			return nil, err
		}
		out.Close()
		defer os.Remove(out.Name())
		args := append(append([]string{"--empty", "--pages"}, paths...), "--", out.Name())
		// Exit status 3 is qpdf's "succeeded with warnings".
		if msg, err := exec.CommandContext(ctx, qpdf, args...).CombinedOutput(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
				return nil, fmt.Errorf("qpdf: %v: %s", err, msg)
			}
		}
		return os.ReadFile(out.Name())
	}
	var parts []io.ReadSeeker
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		parts = append(parts, bytes.NewReader(data))
	}
	var pdf bytes.Buffer
	if err := pdfapi.MergeRaw(parts, &pdf, false, nil); err != nil {
		return nil, err
	}
	return pdf.Bytes(), nil
}

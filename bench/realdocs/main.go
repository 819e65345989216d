// Command realdocs measures Quarry on the third-party documents in
// ../shared/corpus: scanned receipts and supplier invoices (OCR and text
// layers through the deterministic extractor, with a schema in the
// caller's own field names) and structured e-invoices (the XML reader).
// It prints the per-field tables that docs/accuracy.md reports first.
//
//	go run ./bench/realdocs [-corpus ../shared/corpus] [-cache DIR] [-misses]
//	go run ./bench/realdocs -only einvoices -rounds 20
//	go run ./bench/realdocs -cost 12
//	go run ./bench/realdocs -only scans -cache /tmp/rdc -save internal/corpuseval/testdata/receipt-readings.json.gz
//
// Receipts and invoices are scored by internal/corpuseval, e-invoices by
// internal/einvoice/einvoicetest: the same scorers the tests assert
// floors with. The e-invoice speed is documents and input megabytes per
// second on one goroutine, parsing every document -rounds times.
//
// -save FILE writes every receipt's readings (those the run made) to FILE, the saved readings make test scores all 120 receipts on
// (internal/corpuseval: TestReceiptGoalOnSavedReadings). Refresh them
// when the OCR changes.
//
// -cost N times reading N receipts (spread over the set) one at a time,
// each without the till-roll vote readings (QUARRY_OCR_VOTE), with the four
// Tesseract ones, and with the line recogniser's as well
// (QUARRY_OCR_LINEREC), in rotating order, and prints the medians and the
// ratio of each to the one before.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/corpuseval"
	"github.com/quarrydev/quarry/internal/einvoice/einvoicetest"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/linerec"
	"github.com/quarrydev/quarry/internal/ocr"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "the shared corpus folder")
	only := flag.String("only", "", "one set: receipts+invoices ('scans') or 'einvoices' (default both)")
	cache := flag.String("cache", "", "keep layouts here so reruns skip OCR (empty: read every time)")
	misses := flag.Bool("misses", false, "print every wrong value")
	every := flag.Int("every", 1, "evaluate every N-th receipt and invoice only")
	rounds := flag.Int("rounds", 5, "parse the e-invoices this many times for the speed figure")
	cost := flag.Int("cost", 0, "time reading this many receipts with and without the vote readings, then stop")
	save := flag.String("save", "", "write every receipt's readings to this file (gzipped JSON) for the tests")
	flag.Parse()
	if *cost > 0 {
		readingCost(filepath.Join(*corpus, "receipts"), *cost)
		return
	}
	if *only != "einvoices" {
		scans(*corpus, *cache, *every, *misses, *save)
	}
	if *only != "scans" {
		einvoices(filepath.Join(*corpus, "einvoices"), *rounds, *misses)
	}
}

// warnMissingReaders says so on stderr when the receipts will be read
// with fewer readings than docs/accuracy.md reports: without the line
// recogniser or the "best" model (both installed by scripts/deps.sh under
// tools/) the table comes out far lower, and a half-installed checkout
// should not pass that off as a result.
func warnMissingReaders() {
	if linerec.Shared() == nil {
		fmt.Fprintln(os.Stderr, "realdocs: warning: tools/linerec is not installed (bash scripts/deps.sh): receipts get no line-recogniser readings")
	}
	if ocr.NPMModels() == "" {
		fmt.Fprintln(os.Stderr, "realdocs: warning: tools/tessdata is not installed (bash scripts/deps.sh): receipts get no \"best\" model readings")
	}
}

func scans(corpus, cache string, every int, misses bool, save string) {
	ctx := context.Background()
	if save != "" && cache == "" {
		// -save writes the readings the evaluation made; a cache of this
		// run's own keeps it from reading every receipt a second time.
		dir, err := os.MkdirTemp("", "realdocs-cache")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		cache = dir
	}
	o := corpuseval.Options{CacheDir: cache, Workers: runtime.NumCPU(), Every: every}
	// The reading settings come from the environment as the server's do,
	// so that QUARRY_OCR_LINEREC=false measures the pass before.
	cfg, err := config.Load()
	if err != nil {
		log.Fatal(err)
	}
	load := corpuseval.LoaderWith(cfg.Limits)
	warnMissingReaders()
	rec, err := corpuseval.EvaluateReceipts(ctx, filepath.Join(corpus, "receipts"), o, load)
	if err != nil {
		log.Fatal(err)
	}
	if save != "" {
		cases, err := corpuseval.Receipts(filepath.Join(corpus, "receipts"))
		if err == nil {
			err = corpuseval.SaveReadings(ctx, cases, cache, save, load)
		}
		if err != nil {
			log.Fatal(err)
		}
	}
	inv, err := corpuseval.EvaluateInvoices(ctx, filepath.Join(corpus, "invoices"), o, load)
	if err != nil {
		log.Fatal(err)
	}
	// The ZUGFeRD/Factur-X PDFs' visible pages, scored against their XML.
	pages, err := corpuseval.EvaluateInvoicePages(ctx, filepath.Join(corpus, "einvoices", "zugferd"), o, load)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("receipts: %d, invoices: %d, invoice pages: %d\n\n%s\n", rec.Docs, inv.Docs, pages.Docs, corpuseval.Markdown(rec, inv, pages))
	if misses {
		for _, r := range []corpuseval.Report{rec, inv, pages} {
			for _, m := range r.Misses {
				fmt.Println("miss:", r.Set, m)
			}
		}
	}
}

func einvoices(dir string, rounds int, misses bool) {
	docs, err := einvoicetest.Load(dir)
	if err != nil {
		log.Fatal(err)
	}
	if len(docs) == 0 {
		log.Fatalf("no truth files under %s (run from the repository root, or pass -corpus)", dir)
	}
	r := einvoicetest.Evaluate(docs, einvoicetest.ParseFile)
	fmt.Printf("e-invoices: %d documents from %s\n\n%s", len(docs), dir, r.Table())
	for _, e := range r.Errors {
		fmt.Println("error:", e)
	}
	if misses {
		for _, m := range r.Misses {
			fmt.Println("miss:", m)
		}
	}
	var bytes int64
	for _, d := range docs {
		if st, err := os.Stat(d.Path); err == nil {
			bytes += st.Size()
		}
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := 0; i < rounds; i++ {
		for _, d := range docs {
			if _, err := einvoicetest.ParseFile(d.Path); err != nil {
				log.Fatalf("%s: %v", d.Path, err)
			}
		}
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	n := float64(len(docs) * rounds)
	fmt.Printf("\nspeed: %.0f documents/s, %.1f MB/s of input, %.2f ms/document, %.1f MB allocated per input MB\n",
		n/el.Seconds(), float64(bytes)*float64(rounds)/el.Seconds()/1e6, el.Seconds()*1000/n,
		float64(after.TotalAlloc-before.TotalAlloc)/float64(bytes*int64(rounds)))
}

// readingCost times the load of n receipts with the vote readings off and
// on (ingest.Limits.OCRVote), one file at a time, alternating which goes
// first so drift on a shared machine falls on both.
func readingCost(dir string, n int) {
	cases, err := corpuseval.Receipts(dir)
	if err != nil || len(cases) == 0 {
		log.Fatalf("no receipts under %s: %v", dir, err)
	}
	ctx := context.Background()
	// The three settings a till roll can be read with, each a peer of the
	// one before it.
	settings := []struct {
		name          string
		vote, lineRec bool
	}{
		{"vote readings off (automatic + block reading)", false, false},
		{"four Tesseract readings (QUARRY_OCR_LINEREC=false)", true, false},
		{"four Tesseract readings + the line recogniser's three", true, true},
	}
	load := func(path string, vote, lineRec bool) float64 {
		data, err := os.ReadFile(path)
		if err != nil {
			log.Fatal(err)
		}
		lim := ingest.DefaultLimits()
		lim.OCRVote, lim.OCRLineRec = vote, lineRec
		start := time.Now()
		if _, err := ingest.NewLoader(lim, ingest.FindEngines()).Load(ctx, ingest.Input{Name: filepath.Base(path), Data: data}); err != nil {
			log.Fatalf("%s: %v", path, err)
		}
		return time.Since(start).Seconds()
	}
	// Start the line recogniser's helpers before timing anything.
	load(cases[0].Path, true, true)
	times := make([][]float64, len(settings))
	step := max(1, len(cases)/n)
	for i, k := 0, 0; i < len(cases) && k < n; i, k = i+step, k+1 {
		// Rotate which setting goes first, so that none always reads a
		// receipt with the file cache cold.
		for j := range settings {
			s := settings[(j+k)%len(settings)]
			times[(j+k)%len(settings)] = append(times[(j+k)%len(settings)], load(cases[i].Path, s.vote, s.lineRec))
		}
	}
	median := func(xs []float64) float64 {
		s := slices.Clone(xs)
		slices.Sort(s)
		return s[len(s)/2]
	}
	fmt.Printf("%d receipts, one at a time, median wall time:\n", len(times[0]))
	for j, s := range settings {
		line := fmt.Sprintf("  %-52s %.2f s", s.name, median(times[j]))
		if j > 0 {
			ratios := make([]float64, len(times[j]))
			for i := range ratios {
				ratios[i] = times[j][i] / times[j-1][i]
			}
			line += fmt.Sprintf("  (against the line above: ratio of medians %.2fx, median ratio %.2fx)", median(times[j])/median(times[j-1]), median(ratios))
		}
		fmt.Println(line)
	}
}

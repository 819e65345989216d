// Command realdocs measures Quarry on the third-party documents in
// ../shared/corpus: scanned receipts and supplier invoices (OCR and text
// layers through the deterministic extractor, with a schema in the
// caller's own field names) and structured e-invoices (the XML reader).
// It prints the per-field tables that docs/accuracy.md reports first.
//
//	go run ./bench/realdocs [-corpus ../shared/corpus] [-cache DIR] [-misses]
//	go run ./bench/realdocs -only einvoices -rounds 20
//
// Receipts and invoices are scored by internal/corpuseval, e-invoices by
// internal/einvoice/einvoicetest: the same scorers the tests assert
// floors with. The e-invoice speed is documents and input megabytes per
// second on one goroutine, parsing every document -rounds times.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/quarrydev/quarry/internal/corpuseval"
	"github.com/quarrydev/quarry/internal/einvoice/einvoicetest"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "the shared corpus folder")
	only := flag.String("only", "", "one set: receipts+invoices ('scans') or 'einvoices' (default both)")
	cache := flag.String("cache", "", "keep layouts here so reruns skip OCR (empty: read every time)")
	misses := flag.Bool("misses", false, "print every wrong value")
	every := flag.Int("every", 1, "evaluate every N-th receipt and invoice only")
	rounds := flag.Int("rounds", 5, "parse the e-invoices this many times for the speed figure")
	flag.Parse()
	if *only != "einvoices" {
		scans(*corpus, *cache, *every, *misses)
	}
	if *only != "scans" {
		einvoices(filepath.Join(*corpus, "einvoices"), *rounds, *misses)
	}
}

func scans(corpus, cache string, every int, misses bool) {
	ctx := context.Background()
	o := corpuseval.Options{CacheDir: cache, Workers: runtime.NumCPU(), Every: every}
	rec, err := corpuseval.EvaluateReceipts(ctx, filepath.Join(corpus, "receipts"), o, corpuseval.DefaultLoader)
	if err != nil {
		log.Fatal(err)
	}
	inv, err := corpuseval.EvaluateInvoices(ctx, filepath.Join(corpus, "invoices"), o, corpuseval.DefaultLoader)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("receipts: %d, invoices: %d\n\n%s\n", rec.Docs, inv.Docs, corpuseval.Markdown(rec, inv))
	if misses {
		for _, r := range []corpuseval.Report{rec, inv} {
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

// Command realdocs measures extraction on the third-party documents in
// ../shared/corpus (scanned receipts, supplier invoices) and prints the
// per-field table that docs/accuracy.md reports first.
//
//	go run ./bench/realdocs [-corpus ../shared/corpus] [-cache DIR] [-misses]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/quarrydev/quarry/internal/corpuseval"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "the shared corpus folder")
	cache := flag.String("cache", "", "keep layouts here so reruns skip OCR (empty: read every time)")
	misses := flag.Bool("misses", false, "print every wrong value")
	every := flag.Int("every", 1, "evaluate every N-th document only")
	flag.Parse()
	ctx := context.Background()
	o := corpuseval.Options{CacheDir: *cache, Workers: runtime.NumCPU(), Every: *every}
	rec, err := corpuseval.EvaluateReceipts(ctx, filepath.Join(*corpus, "receipts"), o, corpuseval.DefaultLoader)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	inv, err := corpuseval.EvaluateInvoices(ctx, filepath.Join(*corpus, "invoices"), o, corpuseval.DefaultLoader)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(corpuseval.Markdown(rec, inv))
	if *misses {
		for _, r := range []corpuseval.Report{rec, inv} {
			for _, m := range r.Misses {
				fmt.Println(r.Set, m)
			}
		}
	}
}

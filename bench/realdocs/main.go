// Command realdocs measures Quarry's readers on the real documents of the
// shared corpus (written by others, kept outside the repository). Today it
// covers the structured e-invoices:
//
//	go run ./bench/realdocs                      # accuracy table and speed
//	go run ./bench/realdocs -misses              # also every wrong value
//	go run ./bench/realdocs -dir /path/to/einvoices -rounds 20
//
// Accuracy is scored by internal/einvoice/einvoicetest, the same scorer
// the corpus test asserts floors with; speed is documents and input
// megabytes per second on one goroutine, parsing every document -rounds
// times.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"

	"github.com/quarrydev/quarry/internal/einvoice/einvoicetest"
)

func main() {
	dir := flag.String("dir", "../shared/corpus/einvoices", "the e-invoice corpus (<source>/<doc> + .truth.json)")
	misses := flag.Bool("misses", false, "print every wrong value")
	rounds := flag.Int("rounds", 5, "parse the corpus this many times for the speed figure")
	flag.Parse()

	docs, err := einvoicetest.Load(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if len(docs) == 0 {
		log.Fatalf("no truth files under %s (run from the repository root, or pass -dir)", *dir)
	}
	r := einvoicetest.Evaluate(docs, einvoicetest.ParseFile)
	fmt.Printf("e-invoices: %d documents from %s\n\n%s", len(docs), *dir, r.Table())
	for _, e := range r.Errors {
		fmt.Println("error:", e)
	}
	if *misses {
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
	for i := 0; i < *rounds; i++ {
		for _, d := range docs {
			if _, err := einvoicetest.ParseFile(d.Path); err != nil {
				log.Fatalf("%s: %v", d.Path, err)
			}
		}
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	n := float64(len(docs) * *rounds)
	fmt.Printf("\nspeed: %.0f documents/s, %.1f MB/s of input, %.2f ms/document, %.1f MB allocated per input MB\n",
		n/el.Seconds(), float64(bytes)*float64(*rounds)/el.Seconds()/1e6, el.Seconds()*1000/n,
		float64(after.TotalAlloc-before.TotalAlloc)/float64(bytes*int64(*rounds)))
}

// Command fields measures classification and field extraction accuracy on
// the generated business documents and prints Markdown tables.
//
//	go run ./bench/fields -n 300 -scans 100
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/quarrydev/quarry/internal/bizdocs"
	"github.com/quarrydev/quarry/internal/doc"
)

func main() {
	n := flag.Int("n", 300, "documents to generate")
	seed := flag.Uint64("seed", 1, "generator seed")
	scans := flag.Int("scans", 0, "how many of the documents to also read as degraded 150 dpi scans (OCR)")
	misses := flag.Bool("misses", false, "print wrong values")
	hint := flag.Bool("hint", false, "pass each scan's language as the request's language hint (steers OCR)")
	only := flag.String("lang", "", "only documents of this language")
	flag.Parse()
	ctx := context.Background()
	docs := bizdocs.Generate(*n, *seed)
	if *only != "" {
		var keep []bizdocs.Doc
		for _, d := range docs {
			if d.Lang == *only {
				keep = append(keep, d)
			}
		}
		docs = keep
	}
	text, err := bizdocs.Evaluate(docs, "text", func(d *bizdocs.Doc) (*doc.Layout, *bizdocs.Doc, error) {
		l, err := bizdocs.Layout(ctx, d.ID+".pdf", d.PDF)
		return l, nil, err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	report("Text PDFs", text, *misses)
	if *scans > 0 {
		sub := docs[:min(*scans, len(docs))]
		scan, err := bizdocs.Evaluate(sub, "scan", func(d *bizdocs.Doc) (*doc.Layout, *bizdocs.Doc, error) {
			png, truth, err := bizdocs.Scan(d, bizdocs.DefaultScan, *seed)
			if err != nil {
				return nil, nil, err
			}
			lang := ""
			if *hint {
				lang = d.Lang
			}
			l, err := bizdocs.LayoutHint(ctx, d.ID+".png", png, lang)
			return l, truth, err
		})
		if err != nil {
			fmt.Printf("\nScans: pending (%v)\n", err)
			return
		}
		report("Scans (150 dpi, skew <= 0.8 deg, blur, noise)", scan, *misses)
	}
}

func report(title string, r bizdocs.Report, misses bool) {
	fmt.Printf("\n### %s\n\n| slice | docs | built-in classification | declared classification | field exact match | rows | IoU>=0.5 |\n|---|---|---|---|---|---|---|\n", title)
	line := func(k string, t bizdocs.Tally) {
		c, f, rw, iou := t.Rates()
		rows := "n/a"
		if t.Rows > 0 {
			rows = fmt.Sprintf("%.1f %% (%d/%d)", rw, t.RowOK, t.Rows)
		}
		fmt.Printf("| %s | %d | %.1f %% | %.1f %% | %.1f %% (%d/%d) | %s | %.1f %% |\n", k, t.Docs, c, 100*float64(t.DeclaredOK)/float64(t.Docs), f, t.FieldOK, t.Fields, rows, iou)
	}
	line("all", r.All)
	var keys []string
	for k := range r.BySlice {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line(k, *r.BySlice[k])
	}
	if misses {
		for _, m := range r.Misses {
			fmt.Println("    ", m)
		}
	}
}

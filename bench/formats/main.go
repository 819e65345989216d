// Command formats measures the ingest step against the bare engines it
// wraps, on a corpus generated on the spot (so runs are comparable across
// machines and need no files):
//
//	go run ./bench/formats -mode text   # text-layer PDFs: Load vs pdftotext -tsv, one core
//	go run ./bench/formats -mode ocr    # scanned pages: Load vs tesseract, all cores busy
//	go run ./bench/formats -mode mem-text -pages 500   # one big PDF, for /usr/bin/time -v
//	go run ./bench/formats -mode mem-scan -pages 50
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
)

var words = strings.Fields(`invoice total amount due payment terms customer account number
	order delivery address quantity unit price tax rate subtotal discount reference date
	bank transfer within days supplier contract service period description item`)

// lines makes deterministic text lines for page p.
func lines(p, n int) []string {
	out := make([]string, n)
	for i := range out {
		var ws []string
		for j := 0; j < 9; j++ {
			ws = append(ws, words[(p*31+i*7+j*3)%len(words)])
		}
		ws = append(ws, fmt.Sprintf("%d.%02d", p*100+i, (i*13)%100))
		out[i] = strings.Join(ws, " ")
	}
	return out
}

func main() {
	mode := flag.String("mode", "text", "text | ocr | mem-text | mem-scan")
	pages := flag.Int("pages", 0, "pages (mem modes) ")
	files := flag.Int("files", 40, "files in the text corpus (10 pages each)")
	scans := flag.Int("scans", 8, "page images in the OCR corpus")
	rounds := flag.Int("rounds", 2, "rounds of the OCR comparison")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the Load runs")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	eng := ingest.FindEngines()
	lim := ingest.DefaultLimits()
	lim.MaxBytes = 1 << 30
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "quarry-bench-*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	switch *mode {
	case "text":
		runtime.GOMAXPROCS(1)
		var paths []string
		total := 0
		for f := 0; f < *files; f++ {
			var pp [][]string
			for p := 0; p < 10; p++ {
				pp = append(pp, lines(f*10+p, 40))
			}
			data, _ := fixture.TextPDF(pp)
			path := filepath.Join(dir, fmt.Sprintf("t%03d.pdf", f))
			_ = os.WriteFile(path, data, 0o644)
			paths = append(paths, path)
			total += len(pp)
		}
		// Bare pdftotext and Load alternate file by file, three rounds, and
		// the best round of each counts: the machine is shared, and
		// alternating spreads any noise evenly over both.
		l := ingest.NewLoader(lim, eng)
		bare, load := time.Duration(1<<62), time.Duration(1<<62)
		for round := 0; round < 3; round++ {
			var b, ld time.Duration
			for _, p := range paths {
				start := time.Now()
				if out, err := exec.Command(eng.PDFToText, "-tsv", "-enc", "UTF-8", p, "-").Output(); err != nil || len(out) == 0 {
					log.Fatal(err)
				}
				b += time.Since(start)
				start = time.Now()
				data, _ := os.ReadFile(p)
				if _, err := l.Load(ctx, ingest.Input{Name: filepath.Base(p), Data: data}); err != nil {
					log.Fatal(err)
				}
				ld += time.Since(start)
			}
			bare, load = min(bare, b), min(load, ld)
		}
		fmt.Printf("text-layer PDF, %d pages, one core\n", total)
		fmt.Printf("  pdftotext -tsv: %6.1f pages/s (%v)\n", float64(total)/bare.Seconds(), bare.Round(time.Millisecond))
		fmt.Printf("  ingest Load:    %6.1f pages/s (%v)  ratio %.2fx\n", float64(total)/load.Seconds(), load.Round(time.Millisecond), load.Seconds()/bare.Seconds())
	case "ocr":
		var paths []string
		for i := 0; i < *scans; i++ {
			img, _ := fixture.ScanImage(lines(i, 30), fixture.ScanOptions{DPI: 200})
			path := filepath.Join(dir, fmt.Sprintf("s%02d.png", i))
			_ = os.WriteFile(path, fixture.PNG(img), 0o644)
			paths = append(paths, path)
		}
		workers := runtime.NumCPU()
		l := ingest.NewLoader(lim, eng)
		bareRun := func(p string) {
			cmd := exec.Command(eng.Tesseract, p, "-", "--psm", "3", "-l", "eng", "tsv")
			cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
			if out, err := cmd.Output(); err != nil || len(out) == 0 {
				log.Fatal(err)
			}
		}
		loadRun := func(hint string) func(string) {
			return func(p string) {
				data, _ := os.ReadFile(p)
				if _, err := l.Load(ctx, ingest.Input{Name: filepath.Base(p), Data: data, LanguageHint: hint}); err != nil {
					log.Fatal(err)
				}
			}
		}
		// Rounds alternate the three runs; the best round of each counts.
		bare, load, loadNoHint := time.Duration(1<<62), time.Duration(1<<62), time.Duration(1<<62)
		for round := 0; round < *rounds; round++ {
			bare = min(bare, parallel(paths, workers, bareRun))
			load = min(load, parallel(paths, workers, loadRun("en")))
			loadNoHint = min(loadNoHint, parallel(paths, workers, loadRun("")))
		}
		n := float64(len(paths))
		fmt.Printf("OCR, %d page images (A4, 200 dpi), %d at a time\n", len(paths), workers)
		fmt.Printf("  tesseract --psm 3 -l eng tsv: %5.2f pages/s (%v)\n", n/bare.Seconds(), bare.Round(time.Millisecond))
		fmt.Printf("  ingest Load (hint en):        %5.2f pages/s (%v)  ratio %.2fx\n", n/load.Seconds(), load.Round(time.Millisecond), load.Seconds()/bare.Seconds())
		fmt.Printf("  ingest Load (no hint):        %5.2f pages/s (%v)  ratio %.2fx\n", n/loadNoHint.Seconds(), loadNoHint.Round(time.Millisecond), loadNoHint.Seconds()/bare.Seconds())
	case "mem-text", "mem-scan":
		var data []byte
		n := *pages
		var pp [][]string
		for p := 0; p < n; p++ {
			pp = append(pp, lines(p, 40))
		}
		if *mode == "mem-text" {
			data, _ = fixture.TextPDF(pp)
		} else {
			data, _ = fixture.ScanPDF(pp, fixture.ScanOptions{DPI: 150})
		}
		runtime.GC()
		start := time.Now()
		files, err := ingest.NewLoader(lim, eng).Load(ctx, ingest.Input{Name: "big.pdf", Data: data})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d bytes, %d pages, %d words, %v\n", *mode, len(data), files[0].PageCount, len(files[0].Layout.Words), time.Since(start).Round(time.Millisecond))
	default:
		log.Fatalf("unknown mode %q", *mode)
	}
}

// parallel runs fn over items with n workers and returns the wall time.
func parallel(items []string, n int, fn func(string)) time.Duration {
	start := time.Now()
	ch := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range ch {
				fn(it)
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
	return time.Since(start)
}

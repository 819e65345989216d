// Command layout measures `quarry layout FILE --json` against the bare
// `pdftotext -tsv` it wraps, on one text PDF generated on the spot, in the
// same run: rounds alternate which program goes first, and the ratio is
// the median of the per-round ratios, so load from elsewhere on the
// machine hits both sides alike.
//
//	go run ./bench/layout                  # 600 pages, 9 rounds
//	go run ./bench/layout -pages 100 -rounds 5
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

var words = strings.Fields(`invoice total amount due payment terms customer account number
	order delivery address quantity unit price tax rate subtotal discount reference date
	bank transfer within days supplier contract service period description item`)

// textPDF makes a PDF of n pages of 40 lines of 10 words (the word count
// of a dense A4 page), deterministic so that runs compare.
func textPDF(n int) []byte {
	pages := make([][]string, n)
	for p := range pages {
		for i := 0; i < 40; i++ {
			ws := make([]string, 0, 10)
			for j := 0; j < 9; j++ {
				ws = append(ws, words[(p*31+i*7+j*3)%len(words)])
			}
			ws = append(ws, fmt.Sprintf("%d.%02d", p*100+i, (i*13)%100))
			pages[p] = append(pages[p], strings.Join(ws, " "))
		}
	}
	data, _ := fixture.TextPDF(pages)
	return data
}

// run is one program run: wall time, and CPU time (user + system) of the
// program and the children it waited for, which load from elsewhere on a
// shared machine disturbs much less.
type run struct{ wall, cpu time.Duration }

// timed runs a program with its output discarded through a pipe (as a
// caller reading it would).
func timed(name string, args ...string) run {
	cmd := exec.Command(name, args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", name, err)
	}
	return run{time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
}

func median(d []float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func main() {
	pages := flag.Int("pages", 600, "pages of the generated PDF")
	rounds := flag.Int("rounds", 9, "rounds; each runs both programs once")
	flag.Parse()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		log.Fatal("needs Poppler's pdftotext")
	}
	dir, err := os.MkdirTemp("", "quarry-bench-layout-*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	quarry := filepath.Join(dir, "quarry")
	build := exec.Command("go", "build", "-o", quarry, "./cmd/quarry")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("building quarry (run from the module root): %v", err)
	}
	pdf := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(pdf, textPDF(*pages), 0o644); err != nil {
		log.Fatal(err)
	}
	// QUARRY_MAX_BYTES: the generated PDF may pass the default 32 MiB.
	os.Setenv("QUARRY_MAX_BYTES", "1073741824")
	os.Setenv("QUARRY_MAX_PAGES", "0")
	var tool, ours, ratios, cpuRatios []float64
	for r := 0; r < *rounds; r++ {
		var a, b run
		if r%2 == 0 {
			a = timed(pdftotext, "-tsv", "-enc", "UTF-8", pdf, "-")
			b = timed(quarry, "layout", pdf, "--json")
		} else {
			b = timed(quarry, "layout", pdf, "--json")
			a = timed(pdftotext, "-tsv", "-enc", "UTF-8", pdf, "-")
		}
		tool, ours = append(tool, a.wall.Seconds()), append(ours, b.wall.Seconds())
		ratios = append(ratios, b.wall.Seconds()/a.wall.Seconds())
		cpuRatios = append(cpuRatios, b.cpu.Seconds()/a.cpu.Seconds())
		fmt.Printf("round %d: pdftotext -tsv %.3f s (cpu %.3f s), quarry layout --json %.3f s (cpu %.3f s), ratio %.2f (cpu %.2f)\n",
			r+1, a.wall.Seconds(), a.cpu.Seconds(), b.wall.Seconds(), b.cpu.Seconds(), ratios[r], cpuRatios[r])
	}
	fmt.Printf("%d pages: pdftotext -tsv median %.3f s, quarry layout --json median %.3f s, median ratio %.2fx (cpu time %.2fx)\n",
		*pages, median(tool), median(ours), median(ratios), median(cpuRatios))
}

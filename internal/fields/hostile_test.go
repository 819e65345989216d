package fields

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ingest"
)

// hostileBudget is what one hostile document may cost extraction: the
// issue-11 bound, far below the gigabytes these shapes used to take.
const (
	hostileMemory = 200 << 20
	hostileTime   = 10 * time.Second
)

// measure runs fn and returns the CPU time the process spent meanwhile
// (user and system: unlike wall time it does not grow when other
// programs share the machine, and this test runs alone in its process),
// the bytes it allocated and the
// peak growth of the heap in use while it ran (sampled every 2 ms). It runs
// under a soft memory limit of the bound above what is live before, as a
// server under GOMEMLIMIT does: the collector then works to stay inside
// it, so the peak is what fn needs live, not how lazily the collector ran
// (with GOGC alone a 108 MB layout lets garbage pile up 108 MB before the
// next cycle). Work whose live set passes the bound still shows it.
func measure(fn func()) (time.Duration, uint64, uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(before.HeapInuse) + hostileMemory*9/10))
	peak := before.HeapInuse
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	start := processCPU()
	fn()
	d := processCPU() - start
	close(stop)
	<-done
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapInuse)
	return d, after.TotalAlloc - before.TotalAlloc, peak - before.HeapInuse
}

// hostileShapes are the inputs of issue 10 item 6, as the text reader
// receives them. Dense text is as large as the reader admits
// (ingest.Limits.MaxWords); past that the reader refuses it.
func hostileShapes() []struct {
	name string
	text string
} {
	rnd := rand.New(rand.NewSource(1))
	blob := func(n int) string {
		b := make([]byte, n*3/4)
		rnd.Read(b)
		return base64.StdEncoding.EncodeToString(b)
	}
	var lines strings.Builder
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&lines, "Total: %d.00 EUR Invoice No: INV-%d Date: 01.02.2025\n", i, i)
	}
	var prepaid strings.Builder
	for i := 0; i < 50_000; i++ {
		fmt.Fprintf(&prepaid, "Total: %d.00 EUR\nDeposit: 1.00 EUR\nAmount due: %d.00 EUR\n", i+1, i)
	}
	dense := strings.Repeat("a ", ingest.DefaultLimits().MaxWords)
	return []struct {
		name string
		text string
	}{
		{"SingleToken10MB", blob(10 << 20)},
		{"Base64Token250k", "Fatura No: 1\n" + blob(250_000) + "\nToplam: 10,00 TL"},
		{"Lines100k", lines.String()},
		{"Prepayments150k", prepaid.String()}, // every total has a prepayment and an amount due under it
		{"DenseWords", dense},
	}
}

func readText(t *testing.T, text string) *doc.Layout {
	t.Helper()
	files, err := ingest.NewLoader(ingest.DefaultLimits(), ingest.Engines{}).Load(context.Background(), ingest.Input{Name: "h.txt", Data: []byte(text)})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return files[0].Layout
}

// TestHostileShapesAreLinear: each shape is read, indexed and extracted in
// seconds and within the memory bound. Not parallel: the measurement is of
// the whole process.
func TestHostileShapesAreLinear(t *testing.T) {
	for _, tc := range hostileShapes() {
		t.Run(tc.name, func(t *testing.T) {
			var l *doc.Layout
			dRead, allocRead, peakRead := measure(func() { l = readText(t, tc.text) })
			var r Result
			d, alloc, peak := measure(func() { r = Extract(l, invoiceSpec, Options{}) })
			t.Logf("read %v alloc %d MB peak %d MB; extract %v alloc %d MB peak %d MB (%d words)",
				dRead.Round(time.Millisecond), allocRead>>20, peakRead>>20, d.Round(time.Millisecond), alloc>>20, peak>>20, len(l.Words))
			if len(r.Groups) != 1 {
				t.Fatalf("groups = %d", len(r.Groups))
			}
			if d > hostileTime || dRead > hostileTime {
				t.Errorf("took %v of CPU to read and %v to extract, want < %v", dRead, d, hostileTime)
			}
			if peak > hostileMemory || peakRead > hostileMemory {
				t.Errorf("heap grew %d MB reading and %d MB extracting, want < %d MB", peakRead>>20, peak>>20, hostileMemory>>20)
			}
		})
	}
}

// TestLongTokensGetNoVariants pins the linear index: a token longer than
// maxFuzzyRunes adds nothing to the variant table, one of label length adds
// one variant per rune.
func TestLongTokensGetNoVariants(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		tok  string
		want int
	}{
		{"LabelLength", "rechnung", 8},
		{"TooShort", "date", 0},
		{"JustOverCap", strings.Repeat("x", maxFuzzyRunes) + "y", 0},
		{"Huge", strings.Repeat("q", 1<<20), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := doc.NewBuilder()
			b.AddTextLine(tc.tok)
			x := NewIndex(b.Layout())
			if len(x.dels) != tc.want {
				t.Errorf("variants = %d, want %d", len(x.dels), tc.want)
			}
			if ps, _ := x.lookup(tc.tok); len(ps) != 1 {
				t.Errorf("exact look-up found %d positions, want 1", len(ps))
			}
		})
	}
}

// TestFuzzyVariantsAreCapped: a text of more distinct label-length words
// than the cap allows stops adding variants at the cap.
func TestFuzzyVariantsAreCapped(t *testing.T) {
	t.Parallel()
	b := doc.NewBuilder()
	n := maxFuzzyVariants/10 + 1000
	words := make([]doc.Word, 0, n)
	for i := 0; i < n; i++ {
		words = append(words, doc.Word{Text: fmt.Sprintf("w%09d", i)})
	}
	b.AddLine(words)
	x := NewIndex(b.Layout())
	var entries int
	for _, v := range x.dels {
		entries += len(v)
	}
	if entries > maxFuzzyVariants {
		t.Errorf("variant entries = %d, want <= %d", entries, maxFuzzyVariants)
	}
	// Neighbours one digit away are fuzzy hits; exactly one hit is exact.
	_, qs := x.lookup(fmt.Sprintf("w%09d", n-1))
	exact := 0
	for _, q := range qs {
		if q == 1 {
			exact++
		}
	}
	if exact != 1 {
		t.Errorf("a word past the cap has %d exact hits, want 1", exact)
	}
}

// TestExtractStopsOnCancel: a done context makes extraction return its
// error within a second, however hostile the document.
func TestExtractStopsOnCancel(t *testing.T) {
	shapes := hostileShapes()
	for _, tc := range shapes {
		l := readText(t, tc.text)
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			start := time.Now()
			_, err := ExtractContext(ctx, l, invoiceSpec, Options{})
			if d := time.Since(start); d > time.Second {
				t.Errorf("returned after %v, want < 1s", d)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
	t.Run("DeadlineMidway", func(t *testing.T) {
		l := readText(t, shapes[len(shapes)-1].text)
		x := NewIndex(l)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := ExtractContext(ctx, l, invoiceSpec, Options{Index: x})
		if d := time.Since(start); d > time.Second {
			t.Errorf("returned after %v, want < 1s", d)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
	})
}

// processCPU is the user and system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package pii

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mixedBusinessText is the generated corpus in all five languages: prose,
// labels, business numbers and PII (about one finding per 60 bytes).
func mixedBusinessText() string {
	var b strings.Builder
	for _, d := range genCorpus(7, 20) {
		b.WriteString(d.text)
		b.WriteString("\n")
	}
	return b.String()
}

// BenchmarkDetectAll: every detector on mixed business text (invoice
// lines with quantities, prices, dates and article numbers, with a block
// of labelled PII every few pages: about one finding per kilobyte).
func BenchmarkDetectAll(b *testing.B) {
	text := mixedInvoiceText()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Detect(text, Options{})
	}
}

// BenchmarkDetectDense: the accuracy corpus itself, one finding every
// 60 bytes: a worst case.
func BenchmarkDetectDense(b *testing.B) {
	text := mixedBusinessText()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Detect(text, Options{})
	}
}

// BenchmarkDetectProse measures text with few candidates (plain letters),
// the common case of long documents.
func BenchmarkDetectProse(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, l := range corpusLangs {
			for _, s := range neutral[l] {
				sb.WriteString(s)
				sb.WriteByte(' ')
			}
		}
		sb.WriteString("\n")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Detect(text, Options{})
	}
}

func BenchmarkMaskRedact(b *testing.B) {
	text := mixedBusinessText()
	fs := Detect(text, Options{})
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, _ := NewMasker("token", nil, 0)
		m.Mask(text, fs)
	}
}

// TestThroughputCPU reports MB per CPU-second (user+system time of this
// process), which stays meaningful on a shared, loaded machine where
// wall-clock benchmarks are not. Run by hand:
//
//	PII_THROUGHPUT=1 go test -run TestThroughputCPU -v ./internal/pii/
func TestThroughputCPU(t *testing.T) {
	if os.Getenv("PII_THROUGHPUT") == "" {
		t.Skip("set PII_THROUGHPUT=1")
	}
	for _, tc := range []struct {
		name string
		text string
	}{{"dense corpus", mixedBusinessText()}, {"mixed business", mixedInvoiceText()}, {"prose", proseText()}} {
		runtime.GC()
		start := cpuTime()
		n := 0
		for n < 64<<20 {
			Detect(tc.text, Options{})
			n += len(tc.text)
		}
		secs := (cpuTime() - start).Seconds()
		t.Logf("%-15s %6.1f MB/CPU-s (%d findings per MB)", tc.name, float64(n)/1e6/secs,
			len(Detect(tc.text, Options{}))*1000000/len(tc.text))
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func proseText() string {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, l := range corpusLangs {
			for _, s := range neutral[l] {
				sb.WriteString(s)
				sb.WriteByte(' ')
			}
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// mixedInvoiceText: invoice-like pages (item lines with quantities,
// prices, dates, order numbers) with one generated PII document block in
// every few pages: about one finding per kilobyte.
func mixedInvoiceText() string {
	docs := genCorpus(11, 20)
	var sb strings.Builder
	r := rand.New(rand.NewPCG(5, 5))
	for i := 0; sb.Len() < 1<<20; i++ {
		for k := 0; k < 40; k++ {
			fmt.Fprintf(&sb, "%d x Article %d-%04d steel bracket, delivered %02d.%02d.2024, unit price %d,%02d EUR, line total %d.%03d,%02d EUR\n",
				1+r.IntN(20), 100+r.IntN(900), r.IntN(10000), 1+r.IntN(28), 1+r.IntN(12), r.IntN(500), r.IntN(100), r.IntN(20), r.IntN(1000), r.IntN(100))
		}
		if i%3 == 0 {
			sb.WriteString(docs[i%len(docs)].text)
		}
	}
	return sb.String()
}

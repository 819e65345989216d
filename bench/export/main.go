// Command export measures the dataset export writers: it streams N
// synthetic records (invoice-like fields with line items, 1-2 KB of text)
// through each format in a child process of its own, so each format's
// peak RSS is its own, and reports rows/s, file size and peak RSS, the
// median of a few rounds. Beside them it times DuckDB (npm
// @duckdb/node-api, tools/js) copying the same rows from jsonl to Parquet
// and CSV in the same invocation.
//
//	go run ./bench/export -rows 100000 -rounds 3
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"iter"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/quarrydev/quarry/internal/export"
)

type result struct {
	Format    string  `json:"format"`
	Rows      int     `json:"rows"`
	Seconds   float64 `json:"seconds"`
	Bytes     int64   `json:"bytes"`
	MaxRSSKiB int64   `json:"maxrss_kib"`
}

func main() {
	rows := flag.Int("rows", 100_000, "records per export")
	rounds := flag.Int("rounds", 3, "rounds per format (median reported)")
	formats := flag.String("formats", "source,jsonl,json,csv,parquet,md,xml,xlsx,hf,rag", "formats; \"source\" only generates the records")
	out := flag.String("out", "bench/out/export", "folder for the files")
	child := flag.String("child", "", "internal: run one format in this process")
	duck := flag.Bool("duckdb", true, "run the DuckDB baseline")
	cpuProfile := flag.String("cpuprofile", "", "with -child: write a CPU profile here")
	flag.Parse()

	if *child != "" {
		if *cpuProfile != "" {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				log.Fatal(err)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		r, err := runOne(*child, *rows, *out)
		if err != nil {
			log.Fatal(err)
		}
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	all := map[string][]result{}
	var order []string
	for round := 0; round < *rounds; round++ {
		for _, f := range strings.Split(*formats, ",") {
			cmd := exec.Command(self, "-child", f, "-rows", fmt.Sprint(*rows), "-out", *out)
			cmd.Stderr = os.Stderr
			b, err := cmd.Output()
			if err != nil {
				log.Fatalf("%s: %v", f, err)
			}
			var r result
			if err := json.Unmarshal(b, &r); err != nil {
				log.Fatalf("%s: %v: %s", f, err, b)
			}
			if round == 0 {
				order = append(order, f)
			}
			all[f] = append(all[f], r)
			fmt.Fprintf(os.Stderr, "round %d %-8s %6.2fs %4d MiB\n", round+1, f, r.Seconds, r.MaxRSSKiB>>10)
		}
		if *duck && slices.Contains(order, "jsonl") {
			for _, r := range duckdb(filepath.Join(*out, "bench.jsonl"), *out) {
				r.Format = "duckdb " + r.Format
				r.Rows = *rows
				if round == 0 {
					order = append(order, r.Format)
				}
				all[r.Format] = append(all[r.Format], r)
				fmt.Fprintf(os.Stderr, "round %d %-8s %6.2fs %4d MiB\n", round+1, r.Format, r.Seconds, r.MaxRSSKiB>>10)
			}
		}
	}
	fmt.Printf("%d rows, median of %d rounds\n\n", *rows, *rounds)
	fmt.Println("| format | rows/s | seconds | file MiB | peak RSS MiB |")
	fmt.Println("|---|---|---|---|---|")
	for _, f := range order {
		rs := all[f]
		secs := median(rs, func(r result) float64 { return r.Seconds })
		fmt.Printf("| %s | %.0f | %.2f | %.1f | %.0f |\n", f, float64(*rows)/secs, secs,
			median(rs, func(r result) float64 { return float64(r.Bytes) })/(1<<20),
			median(rs, func(r result) float64 { return float64(r.MaxRSSKiB) })/1024)
	}
}

func median(rs []result, v func(result) float64) float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = v(r)
	}
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// runOne streams the records through one writer to a file and reports the
// process's own peak RSS (getrusage ru_maxrss, KiB on Linux).
func runOne(format string, rows int, out string) (result, error) {
	src := &synthetic{n: rows}
	start := time.Now()
	var size int64
	if format == "source" {
		for r, err := range src.Records(context.Background()) {
			if err != nil {
				return result{}, err
			}
			size += int64(len(r.Text()))
		}
	} else {
		f, ok := export.Lookup(format)
		if !ok {
			return result{}, fmt.Errorf("unknown format %q", format)
		}
		name := filepath.Join(out, "bench."+f.ID+"."+f.Ext)
		if f.ID == "jsonl" {
			name = filepath.Join(out, "bench.jsonl") // the DuckDB baseline reads it
		}
		file, err := os.Create(name)
		if err != nil {
			return result{}, err
		}
		if err := export.Write(context.Background(), file, format, src, export.Options{TempDir: out}); err != nil {
			return result{}, err
		}
		if err := file.Close(); err != nil {
			return result{}, err
		}
		st, err := os.Stat(name)
		if err != nil {
			return result{}, err
		}
		size = st.Size()
	}
	secs := time.Since(start).Seconds()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return result{}, err
	}
	return result{Format: format, Rows: rows, Seconds: secs, Bytes: size, MaxRSSKiB: ru.Maxrss}, nil
}

func duckdb(jsonl, out string) []result {
	cmd := exec.Command("node", "tools/js/duckdb-copy.mjs", jsonl, out)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		log.Printf("duckdb baseline skipped: %v (run from the repo root after scripts/deps.sh)", err)
		return nil
	}
	var rs []result
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var r result
		if json.Unmarshal(line, &r) == nil {
			rs = append(rs, r)
		}
	}
	return rs
}

// synthetic generates invoice-like records on the fly, deterministically,
// so memory measures the writer and not a held dataset.
type synthetic struct{ n int }

func (s *synthetic) Schema() export.Schema {
	return export.Schema{
		Name: "bench", Slug: "bench",
		Fields: []export.Field{
			{Name: "invoice_number", Type: export.TypeString},
			{Name: "invoice_date", Type: export.TypeDate},
			{Name: "due_date", Type: export.TypeDate},
			{Name: "currency", Type: export.TypeString},
			{Name: "total_amount", Type: export.TypeNumber},
			{Name: "tax_amount", Type: export.TypeNumber},
			{Name: "item_count", Type: export.TypeInteger},
			{Name: "paid", Type: export.TypeBoolean},
			{Name: "seller", Type: export.TypeObject, Properties: []export.Field{
				{Name: "name", Type: export.TypeString}, {Name: "vat_id", Type: export.TypeString}, {Name: "address", Type: export.TypeString},
			}},
			{Name: "buyer", Type: export.TypeObject, Properties: []export.Field{{Name: "name", Type: export.TypeString}}},
			{Name: "iban", Type: export.TypeString},
			{Name: "line_items", Type: export.TypeArray, Properties: []export.Field{
				{Name: "description", Type: export.TypeString}, {Name: "quantity", Type: export.TypeNumber},
				{Name: "unit_price", Type: export.TypeNumber}, {Name: "amount", Type: export.TypeNumber},
			}},
		},
		PIITypes: []string{"email", "phone", "iban", "national_id_tr"},
	}
}

var vocabulary = strings.Fields(`fatura invoice toplam total tutar amount KDV VAT tarih date müşteri customer
ürün product adet quantity birim unit fiyat price ödeme payment banka bank şube branch vade due İstanbul Ankara
İzmir teslimat delivery sipariş order numara number hizmet service bedel fee indirim discount net brüt gross
açıklama description satıcı seller alıcı buyer adres address vergi tax dairesi office`)

func (s *synthetic) Records(ctx context.Context) iter.Seq2[*export.Record, error] {
	return func(yield func(*export.Record, error) bool) {
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range s.n {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			items := make([]any, 1+rng.IntN(8))
			total := 0.0
			for j := range items {
				q, p := float64(1+rng.IntN(20)), float64(rng.IntN(100000))/100
				total += q * p
				items[j] = map[string]any{"description": words(rng, 3+rng.IntN(5)), "quantity": q, "unit_price": p, "amount": q * p}
			}
			date := base.AddDate(0, 0, rng.IntN(365))
			grade := []string{"A", "B", "C", "D"}[rng.IntN(4)]
			r := &export.Record{
				ExecutionID: fmt.Sprintf("exec_%08d", i), JobID: fmt.Sprintf("job_%08d", i), DocumentID: fmt.Sprintf("doc_%08d", i),
				SourceFilename: fmt.Sprintf("fatura-%d.pdf", i), DocType: "invoice", Language: "tr",
				QualityScore: float64(rng.IntN(1000)) / 10, QualityGrade: grade, CreatedAt: date.Add(time.Duration(rng.IntN(86400)) * time.Second),
				PIIMasked: true,
				Fields: map[string]any{
					"invoice_number": fmt.Sprintf("FTR-2026-%06d", i),
					"invoice_date":   date.Format(time.DateOnly),
					"due_date":       date.AddDate(0, 0, 30).Format(time.DateOnly),
					"currency":       "TRY",
					"total_amount":   total,
					"tax_amount":     total * 0.2,
					"item_count":     float64(len(items)),
					"paid":           rng.IntN(2) == 0,
					"seller":         map[string]any{"name": "[MASKED_NAME] " + words(rng, 2), "vat_id": fmt.Sprintf("TR%010d", rng.IntN(1e9)), "address": words(rng, 6)},
					"buyer":          map[string]any{"name": "[MASKED_NAME]"},
					"iban":           "[MASKED_IBAN]",
					"line_items":     items,
				},
				PII:   map[string]int{"email": rng.IntN(3), "iban": 1, "phone": rng.IntN(2)},
				Pages: []string{paragraphs(rng, 110), paragraphs(rng, 90)},
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

func words(rng *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	return strings.Join(ws, " ")
}

// paragraphs writes about n words in sentences of 8-15 words and
// paragraphs of 3-5 sentences, with masked placeholders among them.
func paragraphs(rng *rand.Rand, n int) string {
	var b strings.Builder
	for written, s := 0, 0; written < n; s++ {
		if s > 0 {
			if s%4 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		k := 8 + rng.IntN(8)
		b.WriteString(words(rng, k))
		if rng.IntN(5) == 0 {
			b.WriteString(" [MASKED_EMAIL]")
		}
		b.WriteByte('.')
		written += k
	}
	return b.String()
}

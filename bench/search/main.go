// Command search measures exact vector search, the way searchindex runs
// it: every candidate's float32 unit vector is scored against the query
// (a dot product on the encoded bytes) and a k-entry heap keeps the best.
// Two parts, in one invocation:
//
//   - kernel: N encoded vectors streamed from a pool (as rows stream from
//     the database), exact top-k with search.DotEncoded and search.TopK,
//     beside a brute-force peer that decodes every vector to float64,
//     keeps every score and sorts them all. Both must return the same ids.
//   - store: N chunks in a real SQLite store, timed through
//     SearchVectorScan (what a semantic query costs end to end, less the
//     query's own embedding call), beside an FTS5 query on the same rows.
//
// Medians of -rounds; allocation per query from runtime.MemStats and the
// process's peak RSS.
//
//	go run ./bench/search -dim 1536 -kernel 10000,100000,1000000 -store 10000
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/quarrydev/quarry/internal/search"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

func main() {
	dim := flag.Int("dim", 1536, "vector dimension (text-embedding-3-small: 1536)")
	kernel := flag.String("kernel", "10000,100000,1000000", "chunk counts for the in-memory kernel")
	stores := flag.String("store", "10000", "chunk counts for the SQLite store")
	rounds := flag.Int("rounds", 5, "queries per size (median reported)")
	k := flag.Int("k", 10, "top k")
	pool := flag.Int("pool", 4096, "distinct vectors cycled through (a pool larger than the CPU caches)")
	flag.Parse()

	rng := rand.New(rand.NewPCG(7, 11))
	vecs := make([][]byte, *pool)
	for i := range vecs {
		vecs[i] = must(search.Encode(randVec(rng, *dim)))
	}
	fmt.Printf("dimension %d, k %d, %d rounds, GOMAXPROCS %d\n\n", *dim, *k, *rounds, runtime.GOMAXPROCS(0))
	fmt.Println("| part | chunks | median ms/query | alloc MiB/query |")
	fmt.Println("|---|---|---|---|")
	for _, n := range sizes(*kernel) {
		var heapMS, bruteMS, heapMiB, bruteMiB []float64
		for r := range *rounds {
			q := must(search.Normalize(randVec(rng, *dim)))
			var a, b []search.Scored
			ms, mib := measure(func() { a = heapScan(q, vecs, n, *k) })
			heapMS, heapMiB = append(heapMS, ms), append(heapMiB, mib)
			ms, mib = measure(func() { b = bruteScan(q, vecs, n, *k) })
			bruteMS, bruteMiB = append(bruteMS, ms), append(bruteMiB, mib)
			if !sameIDs(a, b) {
				log.Fatalf("round %d at %d: heap %v != brute %v", r, n, a, b)
			}
		}
		fmt.Printf("| kernel: float32 dot + top-k heap | %d | %.1f | %.2f |\n", n, median(heapMS), median(heapMiB))
		fmt.Printf("| peer: float64 decode, sort all | %d | %.1f | %.2f |\n", n, median(bruteMS), median(bruteMiB))
	}
	for _, n := range sizes(*stores) {
		storeRun(n, *dim, *k, *rounds, vecs, rng)
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("\npeak RSS of the whole run: %d MiB\n", ru.Maxrss/1024)
}

func storeRun(n, dim, k, rounds int, vecs [][]byte, rng *rand.Rand) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "searchbench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "b.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "ws"}); err != nil {
		log.Fatal(err)
	}
	if err := db.ExtractionInsert(ctx, &store.Extraction{ID: "ext_1", WorkspaceID: "ws", Mode: "async", Status: "succeeded",
		SubmittedAt: now, Request: []byte(`{}`)}); err != nil {
		log.Fatal(err)
	}
	words := strings.Fields("invoice receipt total amount vat paper delivery payment due date customer supplier order line item")
	start := time.Now()
	const batch = 500
	for from := 0; from < n; from += batch {
		var chunks []store.SearchChunk
		for i := from; i < min(n, from+batch); i++ {
			var text []string
			for range 60 {
				text = append(text, words[rng.IntN(len(words))])
			}
			text = append(text, "w"+strconv.Itoa(i%1000))
			chunks = append(chunks, store.SearchChunk{ID: fmt.Sprintf("chk_%09d", i), WorkspaceID: "ws", ExtractionID: "ext_1",
				ChunkIndex: i, Page: 1, Text: strings.Join(text, " "), TokenCount: 80, Embedding: vecs[i%len(vecs)], CreatedAt: now})
		}
		if err := db.InTx(ctx, func(tx store.Tx) error { return tx.SearchChunksInsert(ctx, chunks) }); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("| (store: %d chunks written in %.1f s) | | | |\n", n, time.Since(start).Seconds())
	var vecMS, vecMiB, ftsMS []float64
	for range rounds {
		q := must(search.Normalize(randVec(rng, dim)))
		ms, mib := measure(func() {
			top := search.NewTopK(k)
			if err := db.SearchVectorScan(ctx, store.SearchFilter{WorkspaceID: "ws"}, func(id string, v []byte) error {
				if s, ok := search.DotEncoded(q, v); ok {
					top.Push(id, s)
				}
				return nil
			}); err != nil {
				log.Fatal(err)
			}
		})
		vecMS, vecMiB = append(vecMS, ms), append(vecMiB, mib)
		terms := []string{"w" + strconv.Itoa(rng.IntN(1000)), "delivery"}
		ms, _ = measure(func() {
			if _, err := db.SearchText(ctx, store.SearchTextParams{SearchFilter: store.SearchFilter{WorkspaceID: "ws"},
				FTS5: search.FTS5Match(terms), Limit: k}); err != nil {
				log.Fatal(err)
			}
		})
		ftsMS = append(ftsMS, ms)
	}
	fmt.Printf("| store: SQLite vector scan + heap | %d | %.1f | %.2f |\n", n, median(vecMS), median(vecMiB))
	fmt.Printf("| peer: SQLite FTS5 BM25 query | %d | %.1f | |\n", n, median(ftsMS))
}

func heapScan(q []float32, vecs [][]byte, n, k int) []search.Scored {
	top := search.NewTopK(k)
	for i := range n {
		if s, ok := search.DotEncoded(q, vecs[i%len(vecs)]); ok {
			top.Push(rowID(i), s)
		}
	}
	return top.Results()
}

// bruteScan is the obvious way: decode, score in float64, keep and sort
// every score.
func bruteScan(q []float32, vecs [][]byte, n, k int) []search.Scored {
	all := make([]search.Scored, 0, n)
	var buf []float32
	for i := range n {
		buf = search.Decode(vecs[i%len(vecs)], buf)
		var s float64
		for j, x := range buf {
			s += float64(x) * float64(q[j])
		}
		all = append(all, search.Scored{ID: rowID(i), Score: s})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].Score != all[b].Score {
			return all[a].Score > all[b].Score
		}
		return all[a].ID < all[b].ID
	})
	return all[:min(k, len(all))]
}

// rowID names row i; rows sharing a pool vector tie, and both scans
// break ties by id.
func rowID(i int) string { return fmt.Sprintf("chk_%09d", i) }

func sameIDs(a, b []search.Scored) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		// float32 and float64 sums may differ in the last bits: compare
		// the scores loosely and the ids of clearly separated ranks.
		if a[i].ID != b[i].ID && abs(a[i].Score-b[i].Score) > 1e-5 {
			return false
		}
	}
	return true
}

func abs(x float64) float64 { return max(x, -x) }

func measure(f func()) (ms, allocMiB float64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	return float64(el.Microseconds()) / 1000, float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
}

func randVec(rng *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

func sizes(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			n, err := strconv.Atoi(f)
			if err != nil {
				log.Fatal(err)
			}
			out = append(out, n)
		}
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}

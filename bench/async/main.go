// Command async measures the async extraction path:
//
//  1. queue overhead: submit -> running (started_at - submitted_at) with an
//     idle queue, in-process workers and a separate worker app (polling);
//
//  2. throughput: N one-page text PDFs through POST /api/v1/extractions
//     and the workers, against the same engine in a tight in-process loop
//     on the same number of goroutines;
//
//  3. a large queue: Q queued extractions, p50/p99 of GET
//     /api/v1/extractions/{id} and heap in use as the queue grows.
//
//     go run ./bench/async -db sqlite
//     QUARRY_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable go run ./bench/async -db postgres
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
)

var (
	dbKind   = flag.String("db", "sqlite", "sqlite or postgres (URL from QUARRY_TEST_POSTGRES_URL)")
	nLat     = flag.Int("latency", 200, "sequential submissions for the overhead measurement")
	nThru    = flag.Int("throughput", 1000, "PDFs for the throughput measurement (0: skip)")
	nQueued  = flag.Int("queued", 10000, "queued extractions for the GET measurement (0: skip)")
	nGets    = flag.Int("gets", 2000, "GET requests against the large queue")
	workers  = flag.Int("workers", runtime.NumCPU(), "worker goroutines (and baseline goroutines)")
	noWake   = flag.Bool("nowake", false, "hide the store's cross-process wake-ups from the pools (diagnosis)")
	reps     = flag.Int("reps", 3, "interleaved repetitions of the throughput modes (best counts)")
	pollFlag = flag.Duration("poll", 0, "idle poll interval of the separate worker app (0: the pool default)")
)

func main() {
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	log.SetOutput(os.Stderr) // SetDefault redirected the log package into the discarded handler
	pdf, _ := fixture.TextPDF([][]string{{
		"Invoice INV-2025-0042 from Acme Trading Ltd", "Issue date 15 May 2025", "Total due 269.76 GBP",
	}})
	fmt.Printf("db=%s cores=%d workers=%d go=%s\n", *dbKind, runtime.NumCPU(), *workers, runtime.Version())

	env := newEnv()
	defer env.close()

	// 1. Overhead with in-process workers (woken by the submit).
	a := env.open()
	ts := httptest.NewServer(a.Server.Handler())
	a.StartWorkers(jobConfig(a))
	lat := overhead(a, ts.URL, pdf, *nLat)
	fmt.Printf("overhead in-process workers: p50 %s p99 %s (n=%d)\n", pct(lat, 50), pct(lat, 99), len(lat))
	a.StopWorkers()

	// ... and with a separate worker app that only polls.
	w := env.open()
	jc := w.JobConfig(*workers)
	jc.Poll = *pollFlag
	w.StartWorkers(jc)
	lat = overhead(a, ts.URL, pdf, *nLat/4)
	fmt.Printf("overhead separate worker (poll %s): p50 %s p99 %s (n=%d)\n", *pollFlag, pct(lat, 50), pct(lat, 99), len(lat))
	w.StopWorkers()
	w.Close(context.Background())

	// 2. Throughput against the in-process loop. Other work on a shared
	// machine only ever slows a run down, so each mode runs -reps times
	// interleaved and the best run of each counts; CPU seconds of this
	// process (and its Poppler children) per PDF are printed too; the
	// PostgreSQL server's own CPU is not included.
	if *nThru > 0 {
		best := map[string]time.Duration{}
		cpu := map[string]time.Duration{}
		keep := func(mode string, d, c time.Duration) {
			if old, ok := best[mode]; !ok || d < old {
				best[mode], cpu[mode] = d, c
			}
		}
		for r := 0; r < *reps; r++ {
			c0 := cpuTime()
			d := baseline(a, pdf, *nThru)
			keep("loop", d, cpuTime()-c0)

			c0 = cpuTime()
			a.StartWorkers(jobConfig(a))
			d = throughput(a, ts.URL, pdf, *nThru)
			a.StopWorkers()
			keep("async", d, cpuTime()-c0)

			// Queue only: submit everything first, then time the workers.
			submitAll(ts.URL, pdf, *nThru)
			c0 = cpuTime()
			a.StartWorkers(jobConfig(a))
			d = throughput(a, ts.URL, pdf, 0)
			a.StopWorkers()
			keep("drain", d, cpuTime()-c0)
		}
		for _, m := range []struct{ key, label string }{
			{"loop", "in-process loop"}, {"async", "async incl. HTTP submits"}, {"drain", "async pre-queued, workers only"},
		} {
			d := best[m.key]
			fmt.Printf("throughput %d PDFs, %-31s best of %d: %8s (%3.0f/s) ratio %.2fx, CPU %.1f ms/PDF\n", *nThru, m.label, *reps,
				d.Round(time.Millisecond), float64(*nThru)/d.Seconds(), d.Seconds()/best["loop"].Seconds(),
				float64(cpu[m.key].Microseconds())/1000/float64(*nThru))
		}
	}

	// 3. A large queue, no workers.
	if *nQueued > 0 {
		largeQueue(a, ts.URL, *nQueued, *nGets)
	}
	ts.Close()
	a.Close(context.Background())
}

type env struct {
	dir    string
	dbURL  string
	schema string
	admin  *sql.DB
}

func newEnv() *env {
	dir, _ := os.MkdirTemp("", "quarry-async-bench-")
	e := &env{dir: dir, dbURL: filepath.Join(dir, "q.db")}
	if *dbKind == "postgres" {
		base := os.Getenv("QUARRY_TEST_POSTGRES_URL")
		if base == "" {
			log.Fatal("set QUARRY_TEST_POSTGRES_URL")
		}
		e.schema = fmt.Sprintf("bench_%d", time.Now().UnixNano())
		var err error
		if e.admin, err = sql.Open("pgx", base); err != nil {
			log.Fatal(err)
		}
		if _, err := e.admin.Exec("CREATE SCHEMA " + e.schema); err != nil {
			log.Fatal(err)
		}
		u, _ := url.Parse(base)
		q := u.Query()
		q.Set("search_path", e.schema)
		u.RawQuery = q.Encode()
		e.dbURL = u.String()
	}
	return e
}

func (e *env) open() *app.App {
	vars := map[string]string{"QUARRY_DATA_DIR": e.dir, "QUARRY_DATABASE_URL": e.dbURL, "QUARRY_BLOB_URL": filepath.Join(e.dir, "blobs")}
	cfg, err := config.FromLookup(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		log.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	return a
}

func (e *env) close() {
	if e.admin != nil {
		_, _ = e.admin.Exec("DROP SCHEMA " + e.schema + " CASCADE")
		e.admin.Close()
	}
	os.RemoveAll(e.dir)
}

func body(pdf []byte) []byte {
	b, _ := json.Marshal(map[string]any{"files": []map[string]string{{"filename": "inv.pdf", "content_base64": base64.StdEncoding.EncodeToString(pdf)}}})
	return b
}

func submit(base string, b []byte) string {
	res, err := http.Post(base+"/api/v1/extractions", "application/json", bytes.NewReader(b))
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	var x api.Extraction
	_ = json.NewDecoder(res.Body).Decode(&x)
	if res.StatusCode != 202 {
		log.Fatalf("submit = %d", res.StatusCode)
	}
	return x.ID
}

// overhead submits one at a time and waits for each to finish, so the
// queue is idle at every submit.
func overhead(a *app.App, base string, pdf []byte, n int) []time.Duration {
	b := body(pdf)
	var out []time.Duration
	for i := 0; i < n; i++ {
		id := submit(base, b)
		for {
			e, err := a.Store.ExtractionGet(context.Background(), store.DefaultWorkspace, id)
			if err == nil && e.Status == api.ExtractionSucceeded {
				out = append(out, e.StartedAt.Sub(e.SubmittedAt))
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return out
}

func baseline(a *app.App, pdf []byte, n int) time.Duration {
	req := func() *api.ExtractRequest {
		return &api.ExtractRequest{Files: []api.FileInput{{Filename: "inv.pdf", Data: pdf}}}
	}
	work := make(chan int, n)
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	start := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < *workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				if _, err := a.Engine.Run(context.Background(), ids.New("ext"), req()); err != nil {
					log.Fatal(err)
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// throughput submits n from 8 clients and waits for the queue to drain.
func throughput(a *app.App, base string, pdf []byte, n int) time.Duration {
	start := time.Now()
	submitAll(base, pdf, n)
	for {
		st, err := a.Store.JobStats(context.Background())
		if err == nil && st[store.JobAvailable] == 0 && st[store.JobRunning] == 0 {
			return time.Since(start)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func submitAll(base string, pdf []byte, n int) {
	b := body(pdf)
	work := make(chan int, n)
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				submit(base, b)
			}
		}()
	}
	wg.Wait()
}

func largeQueue(a *app.App, base string, n, gets int) {
	b := []byte(`{"files":[{"filename":"a.txt","content_base64":"aGVsbG8="}]}`)
	var idsMu sync.Mutex
	var all []string
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	work := make(chan int, n)
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	start := time.Now()
	var wg sync.WaitGroup
	marks := map[int]uint64{}
	for c := 0; c < 16; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				id := submit(base, b)
				idsMu.Lock()
				all = append(all, id)
				if len(all)%(n/4) == 0 {
					marks[len(all)] = heap()
				}
				idsMu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("queued %d extractions in %s (%.0f submits/s)\n", n, time.Since(start).Round(time.Millisecond), float64(n)/time.Since(start).Seconds())
	st, _ := a.Store.JobStats(context.Background())
	fmt.Printf("jobs: %v\n", st)
	var lat []time.Duration
	for i := 0; i < gets; i++ {
		id := all[rand.IntN(len(all))]
		t0 := time.Now()
		res, err := http.Get(base + "/api/v1/extractions/" + id)
		if err != nil || res.StatusCode != 200 {
			log.Fatalf("GET = %v %v", res, err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		lat = append(lat, time.Since(t0))
	}
	fmt.Printf("GET /extractions/{id} with %d queued: p50 %s p99 %s (n=%d)\n", n, pct(lat, 50), pct(lat, 99), len(lat))
	t0 := time.Now()
	res, _ := http.Get(base + "/api/v1/extractions?status=queued&limit=50")
	var page api.ExtractionList
	_ = json.NewDecoder(res.Body).Decode(&page)
	res.Body.Close()
	fmt.Printf("GET /extractions?status=queued&limit=50: %s (total %d)\n", time.Since(t0).Round(time.Microsecond), page.Total)
	var ks []int
	for k := range marks {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	for _, k := range ks {
		fmt.Printf("heap in use at %5d queued: %.1f MiB\n", k, float64(marks[k])/(1<<20))
	}
	fmt.Printf("heap in use after the GETs: %.1f MiB\n", float64(heap())/(1<<20))
}

// cpuTime is the user+system CPU time of this process and its finished
// children (Poppler runs as a child) so far.
func cpuTime() time.Duration {
	var total int64
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		_ = syscall.Getrusage(who, &ru)
		total += ru.Utime.Nano() + ru.Stime.Nano()
	}
	return time.Duration(total)
}

// jobConfig is the app's pool configuration, optionally without the
// store's wake-ups.
func jobConfig(a *app.App) app.WorkerConfig {
	jc := a.JobConfig(*workers)
	if *noWake {
		jc.Store = struct{ store.Store }{a.Store}
	}
	return jc
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[i].Round(10 * time.Microsecond)
}

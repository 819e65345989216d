// Command api measures what the HTTP layer adds to the pipeline: it runs
// the same one-page text PDF through POST /api/v1/extract and through the
// engine in-process, at the same concurrency, side by side in one
// invocation, and prints p50/p99 latency and requests per second.
// It also measures `quarry serve` start-up time and idle memory.
//
//	go build -o bin/quarry ./cmd/quarry && go run ./bench/api -n 400 -c 1,32
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ids"
)

func main() {
	n := flag.Int("n", 400, "requests per run")
	conc := flag.String("c", "1,32", "concurrency levels")
	bin := flag.String("bin", "bin/quarry", "quarry binary for the start-up measurement (empty: skip)")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))

	pdf, _ := fixture.TextPDF([][]string{{
		"Invoice INV-2025-0042 from Acme Trading Ltd", "Issue date 15 May 2025",
		"Total due 269.76 GBP", "IBAN GB33 BUKB 2020 1555 5555 55",
	}})
	dir, _ := os.MkdirTemp("", "quarry-bench-")
	defer os.RemoveAll(dir)
	cfg, _ := config.FromLookup(func(string) (string, bool) { return "", false })
	cfg.Addr, cfg.DataDir = "127.0.0.1:0", dir
	cfg.DatabaseURL, cfg.BlobURL = filepath.Join(dir, "q.db"), filepath.Join(dir, "blobs")
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	if err := a.Listen(); err != nil {
		log.Fatal(err)
	}
	go a.Serve()
	defer a.Close(context.Background())

	body, _ := json.Marshal(map[string]any{"files": []map[string]string{{
		"filename": "invoice.pdf", "content_base64": base64.StdEncoding.EncodeToString(pdf),
	}}})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	// The HTTP layer's own cost per request is the client-side latency
	// minus the pipeline latency the server reports in the same response:
	// decoding, validation, storing, encoding and the network round trip.
	var ohMu sync.Mutex
	var overheads []time.Duration
	phases := map[string][]time.Duration{}
	httpCall := func() error {
		t := time.Now()
		res, err := client.Post(a.URL()+"/api/v1/extract", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		total := time.Since(t)
		if res.StatusCode != 200 {
			return fmt.Errorf("status %d: %s", res.StatusCode, raw)
		}
		var r struct {
			Pipeline struct {
				LatencyMS float64 `json:"latency_ms"`
			} `json:"pipeline"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		ohMu.Lock()
		overheads = append(overheads, total-time.Duration(r.Pipeline.LatencyMS*float64(time.Millisecond)))
		for _, part := range strings.Split(res.Header.Get("Server-Timing"), ",") {
			name, dur, ok := strings.Cut(strings.TrimSpace(part), ";dur=")
			if v, err := strconv.ParseFloat(dur, 64); ok && err == nil {
				phases[name] = append(phases[name], time.Duration(v*float64(time.Millisecond)))
			}
		}
		ohMu.Unlock()
		return nil
	}
	inproc := func() error {
		_, err := a.Engine.Run(context.Background(), ids.New("ext"), &api.ExtractRequest{
			Files: []api.FileInput{{Filename: "invoice.pdf", Data: pdf}},
		})
		return err
	}
	fmt.Printf("one-page text PDF, %d requests per run\n\n", *n)
	fmt.Printf("%-5s %-10s %10s %10s %10s\n", "conc", "path", "p50 ms", "p99 ms", "req/s")
	for _, cs := range strings.Split(*conc, ",") {
		c, _ := strconv.Atoi(cs)
		measure(c, *n/10, httpCall) // warm-up
		measure(c, *n/10, inproc)
		overheads = overheads[:0]
		clear(phases)
		// Interleave the two paths so machine noise hits both alike.
		var hs, is []result
		for round := 0; round < 3; round++ {
			hs = append(hs, measure(c, *n/3, httpCall))
			is = append(is, measure(c, *n/3, inproc))
		}
		h, i := merge(hs), merge(is)
		fmt.Printf("%-5d %-10s %10.2f %10.2f %10.1f\n", c, "http", h.p50, h.p99, h.rps)
		fmt.Printf("%-5d %-10s %10.2f %10.2f %10.1f\n", c, "in-process", i.p50, i.p99, i.rps)
		o := merge([]result{{lat: overheads}})
		fmt.Printf("%-5d %-10s %10.2f %10.2f %9.2fx  (HTTP latency minus server-reported pipeline latency, per request; last column: in-process/http req/s)\n",
			c, "overhead", o.p50, o.p99, i.rps/h.rps)
		for _, name := range []string{"decode", "pipeline", "store"} {
			p := merge([]result{{lat: phases[name]}})
			fmt.Printf("%-5d %-10s %10.2f %10.2f   (server-side phase)\n", c, name, p.p50, p.p99)
		}
		fmt.Println()
	}
	if *bin != "" {
		startup(*bin)
	}
}

type result struct {
	lat []time.Duration
	rps float64
	p50 float64
	p99 float64
}

func measure(c, n int, call func() error) result {
	var mu sync.Mutex
	var lat []time.Duration
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				t := time.Now()
				if err := call(); err != nil {
					// log is routed to the discarded slog handler; say it plainly.
					fmt.Fprintln(os.Stderr, "request failed:", err)
					os.Exit(1)
				}
				d := time.Since(t)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return result{lat: lat, rps: float64(n) / time.Since(start).Seconds()}
}

func merge(rs []result) result {
	var all []time.Duration
	var rps float64
	for _, r := range rs {
		all = append(all, r.lat...)
		rps += r.rps
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	pct := func(p float64) float64 {
		return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000
	}
	return result{p50: pct(0.50), p99: pct(0.99), rps: rps / float64(len(rs))}
}

// startup starts the binary, times until /actuator/health/liveness
// answers, then reads its resident memory after it has idled a moment.
func startup(bin string) {
	dir, _ := os.MkdirTemp("", "quarry-start-")
	defer os.RemoveAll(dir)
	var times []float64
	var rss []int
	for i := 0; i < 5; i++ {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:18181")
		cmd.Env = append(os.Environ(), "QUARRY_DATA_DIR="+dir, "QUARRY_LOG_LEVEL=error")
		start := time.Now()
		if err := cmd.Start(); err != nil {
			fmt.Println("start-up: cannot start", bin, err)
			return
		}
		for {
			res, err := http.Get("http://127.0.0.1:18181/actuator/health/liveness")
			if err == nil {
				res.Body.Close()
				break
			}
			if time.Since(start) > 10*time.Second {
				fmt.Println("start-up: no answer within 10 s")
				cmd.Process.Kill()
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		times = append(times, float64(time.Since(start).Microseconds())/1000)
		time.Sleep(2 * time.Second)
		rss = append(rss, rssKiB(cmd.Process.Pid))
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}
	sort.Float64s(times)
	sort.Ints(rss)
	fmt.Printf("quarry serve: start-up to first answer median %.1f ms (of %d), idle RSS median %.1f MiB\n",
		times[len(times)/2], len(times), float64(rss[len(rss)/2])/1024)
}

func rssKiB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			v, _ := strconv.Atoi(f[1])
			return v
		}
	}
	return 0
}

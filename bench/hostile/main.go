// Command hostile attacks a real `quarry serve` process with every hostile
// request shape of issues 10 and 11 under GOMEMLIMIT=512MiB and checks it
// holds: every answer is a 2xx/4xx or a 503 with Retry-After (never another
// 5xx, never a dropped connection except the slow bodies being cut), the
// process stays alive, and its peak RSS (VmRSS from /proc/PID/status,
// sampled every 50 ms) stays under -budget-mb. A second process with a 1 s
// sync time-out checks that a timed-out extraction stops using CPU.
//
//	go run ./bench/hostile
//
// It only talks to 127.0.0.1, sends a fixed set of requests and stops by
// itself; the exit status is 1 when any check fails.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

var (
	budgetMB  = flag.Int("budget-mb", 768, "largest acceptable peak RSS of the server, in MB")
	slowConns = flag.Int("slow", 50, "slow-body connections held at once")
	keep      = flag.Bool("keep", false, "keep the temp folder (binary, data, server log)")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	tmp, err := os.MkdirTemp("", "quarry-hostile-")
	if err != nil {
		log.Fatal(err)
	}
	if !*keep {
		defer os.RemoveAll(tmp)
	}
	bin := filepath.Join(tmp, "quarry")
	build := exec.Command("go", "build", "-o", bin, "./cmd/quarry")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("build: %v", err)
	}
	ok := run(tmp, bin)
	if !ok {
		if !*keep {
			os.RemoveAll(tmp)
		}
		os.Exit(1)
	}
}

// result is one row of the table.
type result struct {
	shape   string
	status  string
	secs    float64
	peakMB  float64
	detail  string
	failure string
}

func run(tmp, bin string) bool {
	var rows []result
	failed := false

	srv, err := start(tmp, bin, "main", map[string]string{
		// Slow bodies are cut after the grace; 5 s instead of 30 keeps the
		// run short without changing what is being tested.
		"QUARRY_BODY_TIMEOUT_S": "5",
	})
	if err != nil {
		log.Printf("start: %v", err)
		return false
	}
	defer srv.stop()

	shapes := buildShapes()
	pdfShape := shapes[0]
	rest := shapes[1:]

	rows = append(rows, srv.measure(pdfShape))

	// The slow bodies are held open while every other shape runs, as a
	// real attacker would, and must all be cut by the server.
	slowDone := make(chan result, 1)
	go func() { slowDone <- srv.slowBodies(*slowConns) }()

	for _, s := range rest {
		rows = append(rows, srv.measure(s))
	}
	// Then all of them at once: the memory budget has to hold them
	// together, not only one by one.
	rows = append(rows, srv.concurrently(rest))
	rows = append(rows, <-slowDone)
	rows = append(rows, srv.measure(shape{name: "small PDF after", send: pdfShape.send, want200: true}))
	if srv.exited() {
		rows = append(rows, result{shape: "server process", status: "died", failure: "the server process exited"})
	}
	overall := srv.rss.overall()
	srv.stop()

	// A second server with a 1 s sync time-out: after the 408 the
	// abandoned pipeline must stop burning CPU.
	rows = append(rows, cpuAfterTimeout(tmp, bin))

	fmt.Printf("%-44s %-28s %8s %10s  %s\n", "shape", "status", "seconds", "peak RSS MB", "detail")
	for _, r := range rows {
		mark := ""
		if r.failure != "" {
			mark = "FAIL: " + r.failure
			failed = true
		}
		fmt.Printf("%-44s %-28s %8.2f %10.0f  %s %s\n", r.shape, r.status, r.secs, r.peakMB, trim(r.detail, 70), mark)
	}
	fmt.Printf("\nserver peak RSS over the whole run: %.0f MB (budget %d MB)\n", overall, *budgetMB)
	if overall > float64(*budgetMB) {
		fmt.Printf("FAIL: peak RSS %.0f MB is over the budget of %d MB\n", overall, *budgetMB)
		failed = true
	}
	if failed {
		fmt.Println("RESULT: FAIL")
	} else {
		fmt.Println("RESULT: ok")
	}
	return !failed
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// ---- server process ----

type server struct {
	cmd  *exec.Cmd
	url  string
	rss  *sampler
	done chan struct{}
	once sync.Once
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func start(tmp, bin, name string, extra map[string]string) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	data := filepath.Join(tmp, "data-"+name)
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(tmp, "server-"+name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--workers", "1")
	cmd.Env = append(os.Environ(),
		"GOMEMLIMIT=512MiB",
		"QUARRY_ADDR="+addr,
		"QUARRY_DATA_DIR="+data,
		"QUARRY_DATABASE_URL="+filepath.Join(data, "quarry.db"),
		"QUARRY_BLOB_URL="+filepath.Join(data, "blobs"),
		"QUARRY_LOG_LEVEL=warn",
	)
	for k, v := range extra {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(s.done) }()
	s.rss = newSampler(cmd.Process.Pid, s.done)
	// Readiness is polled: the process gives no other signal that it has
	// opened its database and bound the port.
	deadline := time.Now().Add(60 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		res, err := http.Get(s.url + "/actuator/health/liveness")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s, nil
			}
		}
		if s.exited() || time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server %s did not become live (see %s)", name, logf.Name())
		}
		<-tick.C
	}
}

func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

func (s *server) stop() {
	s.once.Do(func() {
		if !s.exited() {
			_ = s.cmd.Process.Signal(os.Interrupt)
			select {
			case <-s.done:
			case <-time.After(30 * time.Second):
				_ = s.cmd.Process.Kill()
				<-s.done
			}
		}
	})
}

// sampler reads VmRSS every 50 ms; peaks are kept overall and for the
// window since the last mark, so each shape gets its own peak.
type sampler struct {
	window atomic.Int64 // kB
	all    atomic.Int64 // kB
}

func newSampler(pid int, done <-chan struct{}) *sampler {
	s := &sampler{}
	path := fmt.Sprintf("/proc/%d/status", pid)
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := vmRSS(path); kb > 0 {
				maxInto(&s.window, kb)
				maxInto(&s.all, kb)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func maxInto(a *atomic.Int64, v int64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}

func vmRSS(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb
			}
		}
	}
	return 0
}

// mark starts a new window, seeded with the current RSS so a window
// shorter than one sample still reports a value.
func (s *sampler) mark(pid int) {
	s.window.Store(vmRSS(fmt.Sprintf("/proc/%d/status", pid)))
}

func (s *sampler) windowMB() float64 { return float64(s.window.Load()) / 1000 }
func (s *sampler) overall() float64  { return float64(s.all.Load()) / 1000 }

// ---- shapes ----

// shape is one hostile request (or a burst of them): send returns one
// answer per request sent.
type shape struct {
	name    string
	send    func(url string) []answer
	want200 bool
}

type answer struct {
	status int
	retry  string
	body   string
	err    error
}

var client = &http.Client{Timeout: 5 * time.Minute}

func post(url, ctype string, body []byte) answer {
	res, err := client.Post(url, ctype, bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	_, _ = io.Copy(io.Discard, res.Body)
	return answer{status: res.StatusCode, retry: res.Header.Get("Retry-After"), body: string(raw)}
}

// invoiceTypes makes the text shapes go through field extraction, where
// the quadratic costs of issue 10 were.
var invoiceTypes = []map[string]any{{
	"id": "invoice",
	"field_groups": []map[string]any{{"name": "main", "fields": []map[string]any{
		{"name": "invoice_number", "type": "string"},
		{"name": "total", "type": "number"},
		{"name": "iban", "type": "string"},
	}}},
}}

// multipartBody builds a multipart extract request: a `request` part when
// req is not nil, then one `files` part per file.
func multipartBody(req any, files []namedFile) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if req != nil {
		w, _ := mw.CreateFormField("request")
		_ = json.NewEncoder(w).Encode(req)
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename="%s"`, f.name))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		_, _ = w.Write(f.data)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

type namedFile struct {
	name string
	data []byte
}

func extractFile(name string, data []byte) func(string) []answer {
	ctype, body := multipartBody(map[string]any{"document_types": invoiceTypes}, []namedFile{{name, data}})
	return func(url string) []answer { return []answer{post(url+"/api/v1/extract", ctype, body)} }
}

func token(n int) []byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[(i*7+i/62)%len(alphabet)]
	}
	return b
}

func labelled(tok []byte) []byte {
	var b bytes.Buffer
	b.WriteString("Invoice number: INV-2025-0042\nReference: ")
	b.Write(tok)
	b.WriteString("\nTotal due: 269.76 GBP\n")
	return b.Bytes()
}

func buildShapes() []shape {
	pdf, _ := fixture.TextPDF([][]string{{
		"Invoice INV-2025-0042 from Acme Trading Ltd", "Issue date 15 May 2025",
		"Total due 269.76 GBP", "IBAN GB33 BUKB 2020 1555 5555 55",
	}})
	pdfJSON, _ := json.Marshal(map[string]any{"files": []map[string]string{{
		"filename": "invoice.pdf", "content_base64": base64.StdEncoding.EncodeToString(pdf),
	}}})

	b64 := []byte(base64.StdEncoding.EncodeToString(token(187500)))[:250000]
	aaa := bytes.Repeat([]byte("a "), 31<<20/2)

	// JSON body of 30 MB: one file of 22.5 MB of words, base64-encoded.
	words := bytes.Repeat([]byte("lorem ipsum dolor sit amet "), 22500000/27)
	bigJSON, _ := json.Marshal(map[string]any{"files": []map[string]string{{
		"filename": "big.txt", "content_base64": base64.StdEncoding.EncodeToString(words),
	}}})

	manyFiles := make([]namedFile, 10000)
	for i := range manyFiles {
		manyFiles[i] = namedFile{fmt.Sprintf("f%05d.txt", i), []byte("Invoice number: 1\n")}
	}
	manyCT, manyBody := multipartBody(nil, manyFiles)

	tenMB := strings.Repeat("n", 10<<20)
	longNameJSON, _ := json.Marshal(map[string]any{"files": []map[string]string{{
		"filename": tenMB + ".txt", "content_base64": base64.StdEncoding.EncodeToString([]byte("Total 1\n")),
	}}})
	longMetaJSON, _ := json.Marshal(map[string]any{
		"files":    []map[string]string{{"filename": "a.txt", "content_base64": base64.StdEncoding.EncodeToString([]byte("Total 1\n"))}},
		"metadata": map[string]any{"note": tenMB},
	})
	longNameCT, longNameMP := multipartBody(nil, []namedFile{{tenMB + ".txt", []byte("Total 1\n")}})

	patterns := make([][]byte, 100)
	for i := range patterns {
		// Distinct alternations of literals: large compiled programs, and
		// each one different so no cache entry is shared.
		var p strings.Builder
		p.WriteString("(?:")
		for j := 0; p.Len() < 256<<10; j++ {
			if j > 0 {
				p.WriteByte('|')
			}
			fmt.Fprintf(&p, "p%dx%d[a-z]{2,9}", i, j)
		}
		p.WriteString(")")
		pat := p.String()
		patterns[i], _ = json.Marshal(map[string]any{
			"files": []map[string]string{{"filename": "a.txt"}},
			"document_types": []map[string]any{{"id": "t", "field_groups": []map[string]any{{"name": "g",
				"fields": []map[string]any{{"name": "code", "type": "string", "pattern": pat}}}}}},
		})
	}

	return []shape{
		{name: "small PDF before", want200: true, send: func(url string) []answer {
			return []answer{post(url+"/api/v1/extract", "application/json", pdfJSON)}
		}},
		{name: "text: one 40,000-character token", send: extractFile("token40k.txt", labelled(token(40000)))},
		{name: "text: one 10 MB token", send: extractFile("token10m.txt", labelled(token(10<<20)))},
		{name: "text: 250,000-char base64 token inside", send: extractFile("b64.txt", labelled(b64))},
		{name: "text: 31 MiB of `a a a`", send: extractFile("aaa.txt", aaa)},
		{name: "zip: central directory lies about sizes", send: extractFile("lies.zip", lyingZip())},
		{name: "validate: 100 distinct 256 KB patterns", send: func(url string) []answer {
			// Eight at a time: concurrent enough to stack compiled
			// programs if they were cached, without 100 goroutines
			// fighting over two cores.
			out := make([]answer, len(patterns))
			var wg sync.WaitGroup
			sem := make(chan struct{}, 8)
			for i, body := range patterns {
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer wg.Done()
					out[i] = post(url+"/api/v1/extract:validate", "application/json", body)
					<-sem
				}()
			}
			wg.Wait()
			return out
		}},
		{name: "JSON body of 30 MB", send: func(url string) []answer {
			return []answer{post(url+"/api/v1/extract", "application/json", bigJSON)}
		}},
		{name: "multipart: 10,000 file parts", send: func(url string) []answer {
			return []answer{post(url+"/api/v1/extract", manyCT, manyBody)}
		}},
		{name: "JSON: 10 MB filename", send: func(url string) []answer {
			return []answer{post(url+"/api/v1/extract", "application/json", longNameJSON)}
		}},
		{name: "multipart: 10 MB filename", send: func(url string) []answer {
			return []answer{post(url+"/api/v1/extract", longNameCT, longNameMP)}
		}},
		{name: "async: 10 MB metadata value", send: func(url string) []answer {
			return []answer{post(url+"/api/v1/extractions", "application/json", longMetaJSON)}
		}},
		{name: "EML: 20,000 nested multiparts", send: extractFile("nested.eml", nestedEML(20000))},
	}
}

// lyingZip writes four 32 MiB text members, then patches the central
// directory to claim 1 KiB uncompressed and 20x the real compressed size.
func lyingZip() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	line := []byte("Invoice number INV-0042 total 269.76 GBP lorem ipsum dolor\n")
	member := bytes.Repeat(line, 32<<20/len(line))
	for i := range 4 {
		w, _ := zw.Create(fmt.Sprintf("m%d.txt", i))
		_, _ = w.Write(member)
	}
	zw.Close()
	b := buf.Bytes()
	sig := []byte{0x50, 0x4b, 0x01, 0x02}
	for off := 0; ; {
		i := bytes.Index(b[off:], sig)
		if i < 0 {
			break
		}
		h := b[off+i:]
		csize := binary.LittleEndian.Uint32(h[20:])
		binary.LittleEndian.PutUint32(h[20:], csize*20)
		binary.LittleEndian.PutUint32(h[24:], 1024)
		off += i + 46
	}
	return b
}

// nestedEML is an e-mail whose body is n multipart containers, each the
// only part of the one around it.
func nestedEML(n int) []byte {
	var b bytes.Buffer
	b.WriteString("From: a@example.com\r\nTo: b@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n")
	for i := range n {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\r\n\r\nTotal 1\r\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return b.Bytes()
}

// ---- checks ----

// judge returns the failure of one answer, or "".
func judge(a answer, want200 bool) string {
	switch {
	case a.err != nil:
		return "no answer: " + a.err.Error()
	case want200 && a.status != 200:
		return fmt.Sprintf("want 200, got %d", a.status)
	case a.status == 503 && a.retry == "":
		return "503 without Retry-After"
	case a.status >= 500 && a.status != 503:
		return fmt.Sprintf("server error %d", a.status)
	case a.status < 200 || (a.status >= 300 && a.status < 400):
		return fmt.Sprintf("unexpected status %d", a.status)
	}
	return ""
}

func summarize(as []answer, want200 bool) (status, detail, failure string) {
	counts := map[string]int{}
	var order []string
	for _, a := range as {
		k := strconv.Itoa(a.status)
		if a.err != nil {
			k = "dropped"
		}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
		if f := judge(a, want200); f != "" && failure == "" {
			failure = f
		}
		if detail == "" || a.err != nil {
			detail = problemDetail(a)
		}
	}
	var parts []string
	for _, k := range order {
		if len(as) == 1 {
			parts = append(parts, k)
		} else {
			parts = append(parts, fmt.Sprintf("%dx %s", counts[k], k))
		}
	}
	return strings.Join(parts, ", "), detail, failure
}

func problemDetail(a answer) string {
	if a.err != nil {
		return a.err.Error()
	}
	var p struct {
		Code   string `json:"code"`
		Detail string `json:"detail"`
	}
	if json.Unmarshal([]byte(a.body), &p) == nil && p.Code != "" {
		return p.Code + ": " + p.Detail
	}
	// The dry run answers 200 with a report; its verdict is in the body.
	var rep struct {
		OK     *bool `json:"ok"`
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal([]byte(a.body), &rep) == nil && rep.OK != nil && !*rep.OK && len(rep.Errors) > 0 {
		return "report ok=false, " + rep.Errors[0].Code + ": " + rep.Errors[0].Message
	}
	return "ok"
}

func (s *server) measure(sh shape) result {
	s.rss.mark(s.cmd.Process.Pid)
	t := time.Now()
	as := sh.send(s.url)
	r := result{shape: sh.name, secs: time.Since(t).Seconds(), peakMB: s.rss.windowMB()}
	r.status, r.detail, r.failure = summarize(as, sh.want200)
	return r
}

func (s *server) concurrently(shapes []shape) result {
	s.rss.mark(s.cmd.Process.Pid)
	t := time.Now()
	var mu sync.Mutex
	var all []answer
	var wg sync.WaitGroup
	for _, sh := range shapes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			as := sh.send(s.url)
			mu.Lock()
			all = append(all, as...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	r := result{shape: "all of the above at once", secs: time.Since(t).Seconds(), peakMB: s.rss.windowMB()}
	r.status, r.detail, r.failure = summarize(all, false)
	return r
}

// slowBodies holds n connections that announce a 1 MiB body and send one
// byte every 500 ms; each must end with a 408 or a closed connection
// within the grace plus a margin.
func (s *server) slowBodies(n int) result {
	t := time.Now()
	host := strings.TrimPrefix(s.url, "http://")
	type outcome struct {
		status int
		err    error
	}
	outs := make([]outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", host, 10*time.Second)
			if err != nil {
				outs[i] = outcome{err: err}
				return
			}
			defer c.Close()
			// Past this the server has failed to cut the connection.
			_ = c.SetDeadline(time.Now().Add(90 * time.Second))
			fmt.Fprintf(c, "POST /api/v1/extract HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", host, 1<<20)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				tick := time.NewTicker(500 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-ctx.Done():
						return
					case <-tick.C:
						if _, err := c.Write([]byte(" ")); err != nil {
							return
						}
					}
				}
			}()
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				outs[i] = outcome{err: err}
				return
			}
			res.Body.Close()
			outs[i] = outcome{status: res.StatusCode}
		}()
	}
	wg.Wait()
	r := result{shape: fmt.Sprintf("slow bodies (%d held, 2 B/s)", n), secs: time.Since(t).Seconds(), peakMB: s.rss.overall()}
	counts := map[string]int{}
	for _, o := range outs {
		switch {
		case o.err == nil:
			counts[strconv.Itoa(o.status)]++
			if o.status != 408 && r.failure == "" {
				r.failure = fmt.Sprintf("slow body answered %d, want 408", o.status)
			}
		case errors.Is(o.err, os.ErrDeadlineExceeded):
			counts["not cut"]++
			r.failure = "a slow body was not cut within 90 s"
		default:
			// A closed connection is how a cut may show as well.
			counts["closed"]++
		}
	}
	var parts []string
	for _, k := range []string{"408", "closed", "not cut"} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%dx %s", counts[k], k))
			delete(counts, k)
		}
	}
	for k, v := range counts {
		parts = append(parts, fmt.Sprintf("%dx %s", v, k))
	}
	r.status = strings.Join(parts, ", ")
	r.detail = "peak RSS column: whole run so far"
	return r
}

// cpuAfterTimeout starts a server with QUARRY_SYNC_TIMEOUT_S=1, sends a
// text that takes longer than that to extract, and measures the process's
// CPU over one second starting one second after the 408.
func cpuAfterTimeout(tmp, bin string) result {
	r := result{shape: "sync time-out (1 s), then CPU"}
	srv, err := start(tmp, bin, "timeout", map[string]string{"QUARRY_SYNC_TIMEOUT_S": "1"})
	if err != nil {
		r.status, r.failure = "no server", err.Error()
		return r
	}
	defer srv.stop()
	var b bytes.Buffer
	for i := range 100000 {
		fmt.Fprintf(&b, "Invoice number INV-%06d total %d.00 GBP due 15 May 2025\n", i, i)
	}
	srv.rss.mark(srv.cmd.Process.Pid)
	t := time.Now()
	a := extractFile("lines.txt", b.Bytes())(srv.url)[0]
	r.secs = time.Since(t).Seconds()
	r.status = strconv.Itoa(a.status)
	if a.err != nil {
		r.status, r.failure = "dropped", a.err.Error()
		return r
	}
	if a.status != 408 {
		r.failure = fmt.Sprintf("want 408, got %d (%s)", a.status, problemDetail(a))
		r.peakMB = srv.rss.windowMB()
		return r
	}
	// A fixed measurement window, not a wait for an event: the pipeline
	// gets 1 s to notice the cancellation, then 1 s is measured.
	pid := srv.cmd.Process.Pid
	time.Sleep(time.Second)
	c0, w0 := cpuTicks(pid), time.Now()
	time.Sleep(time.Second)
	c1, w1 := cpuTicks(pid), time.Now()
	frac := float64(c1-c0) / clkTck / w1.Sub(w0).Seconds()
	r.peakMB = srv.rss.windowMB()
	r.detail = fmt.Sprintf("CPU %.1f %% of a core over 1 s, from 1 s after the 408", frac*100)
	if frac >= 0.10 {
		r.failure = fmt.Sprintf("CPU %.1f %% of a core after the time-out, want < 10 %%", frac*100)
	}
	if srv.exited() {
		r.failure = "the server process exited"
	}
	return r
}

// clkTck is USER_HZ, 100 on every Linux architecture Go supports.
const clkTck = 100

// cpuTicks is utime+stime of the process, in clock ticks.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; fields are counted after its ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	// utime and stime are fields 14 and 15 of the whole line, so 12 and
	// 13 after the name (0-based: 11 and 12).
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st
}

package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/config"
)

// padded is a valid dry-run body of exactly n bytes (JSON whitespace
// after the document).
func padded(n int) string {
	doc := `{"files":[{"filename":"a.txt"}]}`
	return doc + strings.Repeat(" ", n-len(doc))
}

// TestMemoryBudgetRefusesWithRetryAfter: while one large request holds
// most of a 1 MiB budget, concurrent large requests wait the bounded
// time and get 503 unavailable with Retry-After, a small one still fits,
// and once the holder ends a large one is served again.
func TestMemoryBudgetRefusesWithRetryAfter(t *testing.T) {
	t.Parallel()
	_, ts := edgeServer(t, nil, func(c *config.Config) {
		c.Edge.MemoryBudget = 1 << 20
		c.Edge.BudgetWait = 200 * time.Millisecond
	})
	const large = 900 << 10

	// The holder announces a large body and asks for 100 Continue: the
	// server sends it only when the handler reads the body, which is
	// after the budget was charged, so the charge is known to be held.
	holder, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	fmt.Fprintf(holder, "POST /api/v1/extract:validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", large)
	hr := bufio.NewReader(holder)
	_ = holder.SetReadDeadline(time.Now().Add(5 * time.Second))
	if line, err := hr.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("holder: %q %v", line, err)
	}
	if blank, err := hr.ReadString('\n'); err != nil || blank != "\r\n" {
		t.Fatalf("holder: 100 Continue ends with %q %v", blank, err)
	}

	var wg sync.WaitGroup
	refused := make([]edgeResponse, 3)
	for i := range refused {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var body io.Reader = strings.NewReader(padded(large))
			if i == 2 {
				// No Content-Length: sent chunked, charged as it arrives.
				body = io.MultiReader(body)
			}
			refused[i] = edgeDo(t, ts, "POST", "/api/v1/extract:validate", "application/json", body, nil)
		}()
	}
	wg.Wait()
	for i, r := range refused {
		ra, _ := strconv.Atoi(r.header.Get("Retry-After"))
		if r.status != 503 || r.body["code"] != "unavailable" || ra < 1 {
			t.Errorf("large request %d while the budget is held: %d %q Retry-After %q", i, r.status, r.raw, r.header.Get("Retry-After"))
		}
	}
	if small := edgeDo(t, ts, "POST", "/api/v1/extract:validate", "application/json", strings.NewReader(padded(10<<10)), nil); small.status != 200 || small.body["ok"] != true {
		t.Fatalf("small request while the budget is held: %d %s", small.status, small.raw)
	}

	// The holder finishes; its charge is released when it is answered.
	if _, err := holder.Write([]byte(padded(large))); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(hr, nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("holder's answer: %v %v", res, err)
	}
	res.Body.Close()
	if again := edgeDo(t, ts, "POST", "/api/v1/extract:validate", "application/json", strings.NewReader(padded(large)), nil); again.status != 200 {
		t.Fatalf("large request after the holder ended: %d %s", again.status, again.raw)
	}
}

// TestManyFilePartsAreRefusedEarly: 10,000 tiny parts meet the file cap
// at the 101st part with 413 limit_exceeded; JSON mode has the same cap.
func TestManyFilePartsAreRefusedEarly(t *testing.T) {
	t.Parallel()
	_, ts := edgeServer(t, nil, nil)
	t.Run("Multipart", func(t *testing.T) {
		t.Parallel()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for i := range 10000 {
			w, _ := mw.CreateFormFile("files", fmt.Sprintf("f%d.txt", i))
			w.Write([]byte("x"))
		}
		mw.Close()
		r := edgeDo(t, ts, "POST", "/api/v1/extract", mw.FormDataContentType(), &buf, nil)
		ext, _ := r.body["extensions"].(map[string]any)
		if r.status != 413 || r.body["code"] != "limit_exceeded" || ext["limit_files"] != float64(100) {
			t.Fatalf("got %d: %.300s", r.status, r.raw)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		t.Parallel()
		entries := make([]string, 101)
		for i := range entries {
			entries[i] = fmt.Sprintf(`{"filename":"f%d.txt","content_base64":"%s"}`, i, edgeText)
		}
		r := edgeDo(t, ts, "POST", "/api/v1/extract", "application/json", strings.NewReader(`{"files":[`+strings.Join(entries, ",")+`]}`), nil)
		if r.status != 413 || r.body["code"] != "limit_exceeded" {
			t.Fatalf("got %d: %.300s", r.status, r.raw)
		}
	})
	t.Run("AtTheLimit", func(t *testing.T) {
		t.Parallel()
		entries := make([]string, 100)
		for i := range entries {
			entries[i] = fmt.Sprintf(`{"filename":"f%d.txt"}`, i)
		}
		r := edgeDo(t, ts, "POST", "/api/v1/extract:validate", "application/json", strings.NewReader(`{"files":[`+strings.Join(entries, ",")+`]}`), nil)
		if r.status != 200 {
			t.Fatalf("100 files: %d %.300s", r.status, r.raw)
		}
	})
}

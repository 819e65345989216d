package app_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
)

// edgeApp serves a whole app on a free port with the edge settings that
// mutate gives, and returns its address.
func edgeApp(t *testing.T, mutate func(*config.Edge)) string {
	t.Helper()
	cfg, err := config.FromLookup(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg.Addr, cfg.DataDir, cfg.DatabaseURL, cfg.BlobURL = "127.0.0.1:0", dir, filepath.Join(dir, "q.db"), filepath.Join(dir, "blobs")
	mutate(&cfg.Edge)
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Listen(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- a.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.Close(ctx)
		<-served
	})
	return strings.TrimPrefix(a.URL(), "http://")
}

// cutOffWithin reads from conn until the server answers or closes it and
// returns what it sent and how long that took; the client's own deadline
// (limit) failing the read means the server held the connection.
func cutOffWithin(t *testing.T, conn net.Conn, start time.Time, limit time.Duration) string {
	t.Helper()
	_ = conn.SetReadDeadline(start.Add(limit))
	got, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("server still held the connection after %s (read %q)", limit, got)
	}
	return string(got)
}

func TestSlowClientsAreCutOff(t *testing.T) {
	t.Parallel()
	addr := edgeApp(t, func(e *config.Edge) {
		e.ReadHeaderTimeout = 300 * time.Millisecond
		e.BodyGrace = 300 * time.Millisecond
		e.BodyMinRate = 1 << 20
	})
	cases := []struct {
		name string
		// send writes to the connection the way the slow client does; it
		// stops at the first write error (the server hung up).
		send []string
		// want is a prefix of the server's answer ("" for a bare close).
		want string
	}{
		{name: "SlowHeaders", send: []string{"POST /api/v1/extract HTTP/1.1\r\n", "Host: x\r\n", "Content-Type: application/json\r\n"}},
		{name: "SlowBody", send: []string{"POST /api/v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
			`{"files":[`, `{"filename":"a.txt",`}, want: "HTTP/1.1 408"},
		{name: "SlowChunkedBody", send: []string{"POST /api/v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
			"2\r\n{\"\r\n", "1\r\nf\r\n"}, want: "HTTP/1.1 408"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			start := time.Now()
			// Each piece is sent before the server's deadline but the
			// whole never completes: a slowloris that keeps the socket busy.
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for _, piece := range c.send {
				if _, err := conn.Write([]byte(piece)); err != nil {
					break
				}
				<-tick.C
			}
			got := cutOffWithin(t, conn, start, 3*time.Second)
			if !strings.HasPrefix(got, c.want) {
				t.Fatalf("answer %q, want prefix %q", got, c.want)
			}
			if c.want != "" && !strings.Contains(got, `"code":"timeout"`) {
				t.Fatalf("answer lacks the timeout code: %q", got)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("cut off after %s; the settings allow well under a second", d)
			}
		})
	}
}

func TestFastBodyIsNotCutOff(t *testing.T) {
	t.Parallel()
	// The grace is short, but a body that keeps the minimum rate gets its
	// deadline moved forward and is answered normally (here 400: the
	// request has no files; what matters is that it was read).
	addr := edgeApp(t, func(e *config.Edge) {
		e.BodyGrace = 300 * time.Millisecond
		e.BodyMinRate = 100
	})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"files":[]}` + strings.Repeat(" ", 188)
	if _, err := conn.Write([]byte("POST /api/v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	// 200 bytes over ~1 s: past the 300 ms grace, but above 100 bytes/s.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < len(body); i += 20 {
		<-tick.C
		if _, err := conn.Write([]byte(body[i : i+20])); err != nil {
			t.Fatalf("server hung up on a body within the rate: %v", err)
		}
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 400") {
		t.Fatalf("status line %q (%v), want 400 invalid_request for the empty files list", line, err)
	}
}

func TestConnectionCap(t *testing.T) {
	t.Parallel()
	addr := edgeApp(t, func(e *config.Edge) { e.MaxConns = 2 })
	hold := make([]net.Conn, 2)
	for i := range hold {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// A complete request proves the connection was accepted, and
		// keep-alive keeps it counted against the cap.
		if _, err := c.Write([]byte("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 200") {
			t.Fatalf("held connection %d: %q %v", i, line, err)
		}
		hold[i] = c
	}
	third, err := net.Dial("tcp", addr) // the kernel accepts; Quarry does not
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if _, err := third.Write([]byte("GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(third)
	_ = third.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if line, err := r.ReadString('\n'); err == nil {
		t.Fatalf("third connection served past the cap of 2: %q", line)
	}
	hold[0].Close()
	_ = third.SetReadDeadline(time.Now().Add(5 * time.Second))
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Fatalf("third connection after one closed: %q %v", line, err)
	}
}

package source_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
)

func TestConnectorConfigIsSealedAndWorkspaceBound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	_, c := e.bucket(t, "ws_a", "docs")
	row, err := e.st.ConnectorGet(ctx, "ws_a", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(row.SealedConfig, "s3cr3t") || strings.Contains(row.SealedConfig, "AKIA") {
		t.Fatalf("credentials stored readable: %q", row.SealedConfig)
	}
	if _, err := e.svc.Get(ctx, "ws_b", c.ID); !errors.Is(err, source.ErrNotFound) {
		t.Fatalf("ws_b reads ws_a's connector: %v", err)
	}
	// A config sealed for ws_a does not open as ws_b's, even if a row
	// were copied across.
	row.WorkspaceID, row.ID = "ws_b", "conn_copied"
	if err := e.st.ConnectorInsert(ctx, row); err != nil {
		t.Fatal(err)
	}
	if res, err := e.svc.Test(ctx, "ws_b", "conn_copied"); err != nil || res.Success || !strings.Contains(res.Message, "secret key") {
		t.Fatalf("copied row test = %+v, %v; want a failure naming the key", res, err)
	}
	for _, in := range []source.CreateInput{
		{Type: "s3", Config: map[string]any{"bucket": "x"}},
		{Type: "ftp", Name: "x", Config: map[string]any{"bucket": "x"}},
		{Type: "gcs", Name: "x"},
	} {
		var ie *source.InputError
		if _, err := e.svc.Create(ctx, "ws_a", in); !errors.As(err, &ie) {
			t.Fatalf("create %+v: %v, want an input error", in, err)
		}
	}
	noKey, err := source.New(e.st, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := noKey.Create(ctx, "ws_a", source.CreateInput{Type: "s3", Name: "x", Config: map[string]any{"bucket": "x"}}); !errors.Is(err, source.ErrNoSecretKey) {
		t.Fatalf("create without a secret key: %v", err)
	}
	if err := e.svc.Delete(ctx, "ws_b", c.ID); !errors.Is(err, source.ErrNotFound) {
		t.Fatalf("ws_b deleted ws_a's connector: %v", err)
	}
	if err := e.svc.Delete(ctx, "ws_a", c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Get(ctx, "ws_a", c.ID); !errors.Is(err, source.ErrNotFound) {
		t.Fatalf("deleted connector still served: %v", err)
	}
}

func TestConnectionTestSaysWhatToFix(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	res, err := e.svc.Test(ctx, "ws_a", c.ID)
	if err != nil || !res.Success || res.LatencyMS == nil {
		t.Fatalf("test of a good bucket = %+v, %v", res, err)
	}
	for kind, want := range map[connector.Kind]string{
		connector.KindAuth:          "Authentication failed",
		connector.KindDenied:        "Access denied",
		connector.KindBucketMissing: "does not exist",
		connector.KindNetwork:       "could not be reached",
	} {
		m.Fail(connector.Errorf(kind, nil, "driver says %s", kind))
		res, err := e.svc.Test(ctx, "ws_a", c.ID)
		if err != nil || res.Success || res.LatencyMS != nil || !strings.Contains(res.Message, want) || !strings.Contains(res.Message, "driver says") {
			t.Fatalf("%s: %+v, %v; want a failure saying %q", kind, res, err, want)
		}
	}
	got, _ := e.svc.Get(ctx, "ws_a", c.ID)
	if got.LastTestedAt == nil || !got.LastTestedAt.Equal(e.clock()) {
		t.Fatalf("last_tested_at = %v", got.LastTestedAt)
	}
}

func TestPullAdmitsEachKeyAndRefusesMissingOnes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	m.Set("in/a.pdf", []byte("%PDF a"))
	m.Set("in/b.pdf", []byte("%PDF b"))
	m.Set("in/copy-of-a.pdf", []byte("%PDF a"))
	out, err := e.svc.Pull(ctx, "ws_a", c.ID, []string{"in/a.pdf", "in/nope.pdf", "in/b.pdf", "in/copy-of-a.pdf"}, source.PullOptions{Locale: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 4 || out[0].JobID == "" || out[0].Rejection != "" || out[2].JobID == "" {
		t.Fatalf("outcomes = %+v", out)
	}
	if out[1].Rejection != source.CodeObjectMissing || !strings.Contains(out[1].Message, "in/nope.pdf") {
		t.Fatalf("missing key = %+v, want %s naming the key", out[1], source.CodeObjectMissing)
	}
	if !out[3].Duplicate || e.adm.sum() != 2 {
		t.Fatalf("same bytes under another key = %+v, admissions %d; want a duplicate and 2 admissions", out[3], e.adm.sum())
	}
	if _, err := e.svc.Pull(ctx, "ws_b", c.ID, []string{"in/a.pdf"}, source.PullOptions{}); !errors.Is(err, source.ErrNotFound) {
		t.Fatalf("ws_b pulls from ws_a's connector: %v", err)
	}
	// A pulled object is in the ledger: a sync later does not take it again.
	seen, _ := e.st.SyncEntries(ctx, "ws_a", c.ID, []string{"in/a.pdf", "in/nope.pdf"})
	if seen["in/a.pdf"] == nil || seen["in/a.pdf"].Outcome != store.SyncQueued || seen["in/nope.pdf"] != nil {
		t.Fatalf("ledger after pull = %+v", seen)
	}
	got, _ := e.svc.Get(ctx, "ws_a", c.ID)
	if got.LastUsedAt == nil {
		t.Fatal("last_used_at not set by a pull")
	}
}

func TestPullRefusesObjectsPastThePlansFileSize(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "trial") // 10 MB
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "docs")
	m.Set("big.pdf", bytes.Repeat([]byte("x"), 10<<20+1))
	out, err := e.svc.Pull(ctx, "ws_a", c.ID, []string{"big.pdf"}, source.PullOptions{})
	if err != nil || out[0].Rejection != "FILE_TOO_LARGE" || e.adm.sum() != 0 {
		t.Fatalf("big object = %+v, %v (admissions %d)", out, err, e.adm.sum())
	}
}

func TestPushStreamsIntoTheBucket(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "pro")
	ctx := context.Background()
	m, c := e.bucket(t, "ws_a", "exports")
	chunk := bytes.Repeat([]byte("row,"), 1<<14)
	p, err := e.svc.Push(ctx, "ws_a", c.ID, "out/q1.csv", "text/csv", func(w io.Writer) error {
		for range 64 {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	})
	want := int64(64 * len(chunk))
	if err != nil || p.Key != "out/q1.csv" || p.Size != want {
		t.Fatalf("push = %+v, %v; want %d bytes", p, err, want)
	}
	if got, ok := m.Get("out/q1.csv"); !ok || int64(len(got)) != want {
		t.Fatalf("bucket holds %d bytes", len(got))
	}
	// A writer that fails leaves an error, not a complete-looking object.
	boom := errors.New("export broke")
	if _, err := e.svc.Push(ctx, "ws_a", c.ID, "out/bad.csv", "text/csv", func(w io.Writer) error {
		_, _ = w.Write(chunk)
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("failing writer: %v", err)
	}
	if _, ok := m.Get("out/bad.csv"); ok {
		t.Fatal("a failed export was stored")
	}
	// A bucket that fails stops the writer instead of blocking it.
	m.Fail(connector.Errorf(connector.KindDenied, nil, "no s3:PutObject"))
	if _, err := e.svc.Push(ctx, "ws_a", c.ID, "out/x.csv", "text/csv", func(w io.Writer) error {
		for range 1000 {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	}); connector.KindOf(err) != connector.KindDenied {
		t.Fatalf("denied bucket: %v", err)
	}
}

package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// testExtractionRequestScan: the scan sees every row's request exactly
// once, across workspaces and past a page boundary, and stops at fn's
// error.
func testExtractionRequestScan(t *testing.T, s store.Store) {
	ctx := context.Background()
	const n = 501 // one more than a page of the SQL drivers
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := s.InTx(ctx, func(tx store.Tx) error {
		for i := range n {
			ws := []string{"ws_a", "ws_b"}[i%2]
			e := ext(ws, fmt.Sprintf("ext_%04d", i), at)
			e.Request = fmt.Appendf(nil, `{"files":[{"blob_key":"k%d"}]}`, i)
			if err := tx.ExtractionInsert(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	if err := s.ExtractionRequestScan(ctx, func(req []byte) error { seen[string(req)]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Fatalf("scan saw %d distinct requests, want %d", len(seen), n)
	}
	for req, c := range seen {
		if c != 1 {
			t.Fatalf("request %s seen %d times", req, c)
		}
	}
	stop := errors.New("stop")
	calls := 0
	err = s.ExtractionRequestScan(ctx, func([]byte) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("scan after fn's error: err %v, %d calls; want stop after 1", err, calls)
	}
}

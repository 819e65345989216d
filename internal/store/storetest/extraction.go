package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func testExtractionRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 5, 14, 10, 42, 0, 123456000, time.UTC)
	fin := at.Add(3 * time.Second)
	msg := "boom"
	e := ext("ws_a", "ext_1", at)
	e.Mode, e.Status, e.FinishedAt, e.StartedAt, e.Attempts, e.Error = "sync", "failed", &fin, &at, 2, &msg
	e.Result, e.CorrelationID, e.TenantID, e.CallbackURL = []byte(`{"id":"ext_1"}`), "corr", "acme", "http://x/cb"
	e.PostProcessing = []byte(`{"bbox_refinement":{"status":"pending"}}`)
	if err := s.ExtractionInsert(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.ExtractionGet(ctx, "ws_a", "ext_1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode != "sync" || got.Status != "failed" || !got.SubmittedAt.Equal(at) || got.FinishedAt == nil ||
		!got.FinishedAt.Equal(fin) || got.Attempts != 2 || got.Error == nil || *got.Error != "boom" ||
		string(got.Result) != `{"id":"ext_1"}` || string(got.Request) != `{"files":[]}` ||
		got.CorrelationID != "corr" || got.TenantID != "acme" || got.CallbackURL != "http://x/cb" ||
		string(got.Metadata) != `{"k":"v"}` || string(got.PostProcessing) != `{"bbox_refinement":{"status":"pending"}}` {
		t.Fatalf("round trip mismatch: %+v", got)
	}
}

func testWorkspaceIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.ExtractionInsert(ctx, ext("ws_a", "ext_1", time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ExtractionGet(ctx, "ws_b", "ext_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("other workspace sees row: %v", err)
	}
	if _, err := s.ExtractionGet(ctx, "ws_a", "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing row: %v", err)
	}
}

func testIdempotency(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := ext("ws_a", "ext_1", time.Now())
	a.IdempotencyKey = "k1"
	if err := s.ExtractionInsert(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := ext("ws_a", "ext_2", time.Now())
	b.IdempotencyKey = "k1"
	if err := s.ExtractionInsert(ctx, b); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate key: %v", err)
	}
	c := ext("ws_b", "ext_3", time.Now())
	c.IdempotencyKey = "k1"
	if err := s.ExtractionInsert(ctx, c); err != nil {
		t.Fatalf("same key in another workspace: %v", err)
	}
	got, err := s.ExtractionGetByIdempotencyKey(ctx, "ws_a", "k1")
	if err != nil || got.ID != "ext_1" {
		t.Fatalf("by key = %v, %v", got, err)
	}
	// Rows without a key never collide.
	for _, id := range []string{"ext_4", "ext_5"} {
		if err := s.ExtractionInsert(ctx, ext("ws_a", id, time.Now())); err != nil {
			t.Fatal(err)
		}
	}
}

func testList(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	statuses := []string{"queued", "running", "succeeded", "failed", "succeeded"}
	for i, st := range statuses {
		e := ext("ws_a", fmt.Sprintf("ext_%d", i), base.Add(time.Duration(i)*time.Hour))
		e.Status = st
		if i == 2 {
			e.PostProcessing = []byte(`{"bbox_refinement":{"status":"running"}}`)
			e.IdempotencyKey = "key-2"
		}
		if err := s.ExtractionInsert(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ExtractionInsert(ctx, ext("ws_b", "ext_other", base)); err != nil {
		t.Fatal(err)
	}
	after, before := base.Add(1*time.Hour), base.Add(3*time.Hour)
	cases := []struct {
		name  string
		p     store.ExtractionListParams
		ids   []string
		total int
	}{
		{"All newest first", store.ExtractionListParams{Limit: 50}, []string{"ext_4", "ext_3", "ext_2", "ext_1", "ext_0"}, 5},
		{"Page", store.ExtractionListParams{Limit: 2, Offset: 1}, []string{"ext_3", "ext_2"}, 5},
		{"Statuses", store.ExtractionListParams{Statuses: []string{"succeeded", "queued"}, Limit: 50}, []string{"ext_4", "ext_2", "ext_0"}, 3},
		{"PostProcessing", store.ExtractionListParams{PostProcessingStatus: []string{"running"}, Limit: 50}, []string{"ext_2"}, 1},
		{"IdempotencyKey", store.ExtractionListParams{IdempotencyKey: "key-2", Limit: 50}, []string{"ext_2"}, 1},
		{"Range inclusive", store.ExtractionListParams{CreatedAfter: &after, CreatedBefore: &before, Limit: 50}, []string{"ext_3", "ext_2", "ext_1"}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.WorkspaceID = "ws_a"
			got, total, err := s.ExtractionList(ctx, c.p)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(c.ids) || total != c.total {
				t.Fatalf("ids = %v total %d, want %v total %d", ids, total, c.ids, c.total)
			}
		})
	}
}

func testUpdateCAS(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.ExtractionInsert(ctx, ext("ws_a", "ext_1", time.Now())); err != nil {
		t.Fatal(err)
	}
	running, now, one := "running", time.Now().UTC().Truncate(time.Microsecond), 1
	got, err := s.ExtractionUpdate(ctx, store.ExtractionUpdateParams{
		WorkspaceID: "ws_a", ID: "ext_1", FromStatuses: []string{"queued"}, Status: &running, StartedAt: &now, Attempts: &one,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "running" || got.Attempts != 1 || got.StartedAt == nil || !got.StartedAt.Equal(now) {
		t.Fatalf("after update: %+v", got)
	}
	cancelled := "cancelled"
	_, err = s.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", FromStatuses: []string{"queued"}, Status: &cancelled})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("CAS from wrong status: %v", err)
	}
	_, err = s.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_b", ID: "ext_1", Status: &cancelled})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update across workspaces: %v", err)
	}
	pp := []byte(`{"bbox_refinement":{"status":"succeeded"}}`)
	got, err = s.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: "ws_a", ID: "ext_1", Result: []byte(`{"r":1}`), PostProcessing: pp})
	if err != nil || string(got.Result) != `{"r":1}` || string(got.PostProcessing) != string(pp) {
		t.Fatalf("result update: %+v %v", got, err)
	}
	list, _, err := s.ExtractionList(ctx, store.ExtractionListParams{WorkspaceID: "ws_a", PostProcessingStatus: []string{"succeeded"}, Limit: 10})
	if err != nil || len(list) != 1 {
		t.Fatalf("pp status not indexed on update: %v %v", list, err)
	}
}

func testConcurrentInserts(t *testing.T, s store.Store) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			e := ext("ws_a", fmt.Sprintf("ext_%d", i), time.Now())
			e.IdempotencyKey = fmt.Sprintf("k%d", i%20) // half the keys repeat
			if err := s.ExtractionInsert(ctx, e); err != nil && !errors.Is(err, store.ErrConflict) {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, total, err := s.ExtractionList(ctx, store.ExtractionListParams{WorkspaceID: "ws_a", Limit: 100})
	if err != nil || total != 20 {
		t.Fatalf("total = %d (%v), want 20", total, err)
	}
}

package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func connectorCases() []testCase {
	return []testCase{
		{"ConnectorLifecycle", testConnectorLifecycle},
		{"ScheduleDueAndAdvanceOnce", testScheduleAdvance},
		{"SyncLogRoundTrip", testSyncLog},
		{"SyncLedgerUpsertAndCount", testSyncLedger},
		{"AutoExportPerHook", testAutoExport},
	}
}

func testConnectorLifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	c := &store.Connector{ID: "conn_1", WorkspaceID: "ws_a", Name: "Prod", Type: "s3", SealedConfig: "v1:x", CreatedAt: at}
	if err := s.ConnectorInsert(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.ConnectorGet(ctx, "ws_a", "conn_1")
	if err != nil || !got.Active || got.SealedConfig != "v1:x" || got.LastTestedAt != nil || !got.CreatedAt.Equal(at) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if _, err := s.ConnectorGet(ctx, "ws_b", "conn_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b sees ws_a's connector: %v", err)
	}
	tested := at.Add(time.Hour)
	if err := s.ConnectorTouch(ctx, "ws_a", "conn_1", &tested, nil); err != nil {
		t.Fatal(err)
	}
	used := at.Add(2 * time.Hour)
	if err := s.ConnectorTouch(ctx, "ws_a", "conn_1", nil, &used); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ConnectorGet(ctx, "ws_a", "conn_1")
	if got.LastTestedAt == nil || !got.LastTestedAt.Equal(tested) || got.LastUsedAt == nil || !got.LastUsedAt.Equal(used) {
		t.Fatalf("touch: %+v", got)
	}
	sch := &store.Schedule{ID: "sch_1", WorkspaceID: "ws_a", ConnectorID: "conn_1", Cron: "0 6 * * *", Enabled: true, NextRunAt: at, CreatedAt: at}
	if err := s.ScheduleInsert(ctx, sch); err != nil {
		t.Fatal(err)
	}
	if err := s.ConnectorDeactivate(ctx, "ws_b", "conn_1", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b deleted ws_a's connector: %v", err)
	}
	if err := s.ConnectorDeactivate(ctx, "ws_a", "conn_1", at); err != nil {
		t.Fatal(err)
	}
	if err := s.ConnectorDeactivate(ctx, "ws_a", "conn_1", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if list, _ := s.ConnectorList(ctx, "ws_a"); len(list) != 0 {
		t.Fatalf("deleted connector listed: %+v", list)
	}
	if got, _ := s.ConnectorGet(ctx, "ws_a", "conn_1"); got == nil || got.Active {
		t.Fatalf("soft delete: %+v", got)
	}
	// Its schedules stop with it.
	if due, _ := s.ScheduleDue(ctx, at.Add(time.Hour), 10); len(due) != 0 {
		t.Fatalf("schedule of a deleted connector is due: %+v", due)
	}
}

func testScheduleAdvance(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	if err := s.ConnectorInsert(ctx, &store.Connector{ID: "conn_1", WorkspaceID: "ws_a", Name: "c", Type: "s3", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	for i, x := range []*store.Schedule{
		{ID: "sch_a", Cron: "0 * * * *", Enabled: true, NextRunAt: at},
		{ID: "sch_b", Interval: 6 * time.Hour, Prefix: "in/", Enabled: true, NextRunAt: at.Add(time.Minute)},
		{ID: "sch_off", Interval: time.Hour, Enabled: false, NextRunAt: at},
	} {
		x.WorkspaceID, x.ConnectorID, x.CreatedAt = "ws_a", "conn_1", at.Add(time.Duration(i)*time.Second)
		if err := s.ScheduleInsert(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.ScheduleGet(ctx, "ws_a", "sch_b"); got == nil || got.Interval != 6*time.Hour || got.Prefix != "in/" || !got.Active {
		t.Fatalf("interval schedule = %+v", got)
	}
	due, err := s.ScheduleDue(ctx, at, 10)
	if err != nil || len(due) != 1 || due[0].ID != "sch_a" {
		t.Fatalf("due at %v = %+v, %v (want sch_a only: sch_b is later, sch_off disabled)", at, due, err)
	}
	// Two processes advance the same slot: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.InTx(ctx, func(tx store.Tx) error {
				return tx.ScheduleAdvance(ctx, store.ScheduleAdvanceParams{WorkspaceID: "ws_a", ID: "sch_a", From: at, Next: at.Add(time.Hour)})
			})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, store.ErrConflict):
			t.Fatalf("advance: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d processes advanced the same slot, want 1", wins)
	}
	got, _ := s.ScheduleGet(ctx, "ws_a", "sch_a")
	if !got.NextRunAt.Equal(at.Add(time.Hour)) || got.LastRunAt == nil || !got.LastRunAt.Equal(at) {
		t.Fatalf("after advance: %+v", got)
	}
	if list, _ := s.ScheduleList(ctx, "ws_a", "conn_1"); len(list) != 3 || list[0].ID != "sch_a" {
		t.Fatalf("list = %+v", list)
	}
	if err := s.ScheduleDeactivate(ctx, "ws_b", "conn_1", "sch_a", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b deleted ws_a's schedule: %v", err)
	}
	if err := s.ScheduleDeactivate(ctx, "ws_a", "conn_1", "sch_a", at); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ScheduleList(ctx, "ws_a", "conn_1"); len(list) != 2 {
		t.Fatalf("after delete, list = %+v", list)
	}
}

func testSyncLog(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for i, id := range []string{"slog_1", "slog_2"} {
		l := &store.SyncLog{ID: id, WorkspaceID: "ws_a", ScheduleID: "sch_1", ConnectorID: "conn_1", Status: store.SyncRunning,
			StartedAt: at.Add(time.Duration(i) * time.Hour)}
		if err := s.SyncLogInsert(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SyncLogInsert(ctx, &store.SyncLog{ID: "slog_1", WorkspaceID: "ws_a", ScheduleID: "sch_1", Status: store.SyncRunning, StartedAt: at}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second insert of one run: %v, want ErrConflict", err)
	}
	done := at.Add(time.Minute)
	l := &store.SyncLog{ID: "slog_1", WorkspaceID: "ws_a", ScheduleID: "sch_1", ConnectorID: "conn_1", Status: store.SyncFailed,
		FilesFound: 5, FilesNew: 3, FilesSkipped: 1, FilesFailed: 1, ErrorMessage: "Access denied", StartedAt: at, CompletedAt: &done}
	if err := s.SyncLogUpdate(ctx, l); err != nil {
		t.Fatal(err)
	}
	got, err := s.SyncLogGet(ctx, "ws_a", "slog_1")
	if err != nil || got.FilesNew != 3 || got.ErrorMessage != "Access denied" || got.CompletedAt == nil || !got.CompletedAt.Equal(done) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	list, err := s.SyncLogList(ctx, "ws_a", "sch_1", 10)
	if err != nil || len(list) != 2 || list[0].ID != "slog_2" {
		t.Fatalf("list = %+v, %v (newest first)", list, err)
	}
	if list, _ := s.SyncLogList(ctx, "ws_b", "sch_1", 10); len(list) != 0 {
		t.Fatalf("ws_b sees ws_a's runs: %+v", list)
	}
}

func testSyncLedger(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	put := func(key, etag, outcome, run string) {
		t.Helper()
		if err := s.SyncEntryPut(ctx, &store.SyncEntry{WorkspaceID: "ws_a", ConnectorID: "conn_1", Key: key, ETag: etag,
			Outcome: outcome, SyncLogID: run, DocumentID: "doc_" + key, SeenAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	put("a.pdf", "e1", store.SyncQueued, "slog_1")
	put("b.pdf", "e1", store.SyncDuplicate, "slog_1")
	put("c.txt", "e1", store.SyncRejected, "slog_1")
	put("a.pdf", "e2", store.SyncQueued, "slog_2") // changed since: replaced
	keys := []string{"a.pdf", "b.pdf", "missing"}
	for i := 0; i < 450; i++ { // more than one lookup chunk
		keys = append(keys, "zz"+string(rune('a'+i%26))+time.Duration(i).String())
	}
	got, err := s.SyncEntries(ctx, "ws_a", "conn_1", keys)
	if err != nil || len(got) != 2 || got["a.pdf"].ETag != "e2" || got["b.pdf"].Outcome != store.SyncDuplicate {
		t.Fatalf("entries = %+v, %v", got, err)
	}
	if other, _ := s.SyncEntries(ctx, "ws_b", "conn_1", keys); len(other) != 0 {
		t.Fatalf("ws_b sees ws_a's ledger: %+v", other)
	}
	n, err := s.SyncEntryCount(ctx, "ws_a", "slog_1")
	if err != nil || n[store.SyncQueued] != 0 || n[store.SyncDuplicate] != 1 || n[store.SyncRejected] != 1 {
		t.Fatalf("count slog_1 = %v, %v", n, err)
	}
	if n, _ := s.SyncEntryCount(ctx, "ws_a", "slog_2"); n[store.SyncQueued] != 1 {
		t.Fatalf("count slog_2 = %v", n)
	}
}

func testAutoExport(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.AutoExportGet(ctx, "ws_a", "wh_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get before put: %v", err)
	}
	in := &store.AutoExport{HookID: "wh_1", WorkspaceID: "ws_a", ConnectorID: "conn_1", Format: "jsonl", Prefix: "exports/"}
	if err := s.AutoExportPut(ctx, in); err != nil {
		t.Fatal(err)
	}
	if got, err := s.AutoExportGet(ctx, "ws_a", "wh_1"); err != nil || *got != *in {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if _, err := s.AutoExportGet(ctx, "ws_b", "wh_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b sees ws_a's auto export: %v", err)
	}
}

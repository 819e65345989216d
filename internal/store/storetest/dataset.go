package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func datasetCases() []testCase {
	return []testCase{
		{"DatasetNamesUniquePerWorkspace", testDatasetNames},
		{"DatasetVersionsAndRows", testDatasetVersionsAndRows},
		{"DatasetListFilters", testDatasetList},
		{"DatasetVersionPurgeKeepsCurrent", testDatasetPurge},
	}
}

func newDataset(ws, id, name string, at time.Time) *store.Dataset {
	return &store.Dataset{ID: id, WorkspaceID: ws, Name: name, Slug: name, Status: store.DatasetBuilding,
		Spec: []byte(`{}`), CreatedAt: at, UpdatedAt: at}
}

func testDatasetNames(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	if err := s.DatasetInsert(ctx, newDataset("ws_a", "ds_1", "q1", now)); err != nil {
		t.Fatal(err)
	}
	if err := s.DatasetInsert(ctx, newDataset("ws_a", "ds_2", "q1", now)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a second q1 in ws_a: %v, want ErrConflict", err)
	}
	d := newDataset("ws_a", "ds_3", "q2", now)
	d.Slug = "q1"
	if err := s.DatasetInsert(ctx, d); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a taken slug in ws_a: %v, want ErrConflict", err)
	}
	if err := s.DatasetInsert(ctx, newDataset("ws_b", "ds_4", "q1", now)); err != nil {
		t.Fatalf("the same name in another workspace: %v", err)
	}
	if _, err := s.DatasetGet(ctx, "ws_b", "ds_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b reads ws_a's dataset: %v", err)
	}
	got, err := s.DatasetByName(ctx, "ws_a", "q1")
	if err != nil || got.ID != "ds_1" {
		t.Fatalf("by name = %+v, %v", got, err)
	}
	got.Status, got.Version, got.RowCount, got.Description = store.DatasetReady, 2, 7, "d"
	if err := s.DatasetUpdate(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.DatasetGet(ctx, "ws_a", "ds_1"); got.Status != store.DatasetReady || got.Version != 2 || got.RowCount != 7 || got.Description != "d" {
		t.Fatalf("after update = %+v", got)
	}
	other := *got
	other.WorkspaceID = "ws_b"
	if err := s.DatasetUpdate(ctx, &other); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b updates ws_a's dataset: %v", err)
	}
	if err := s.DatasetDelete(ctx, "ws_b", "ds_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b deletes ws_a's dataset: %v", err)
	}
	if err := s.DatasetDelete(ctx, "ws_a", "ds_1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DatasetGet(ctx, "ws_a", "ds_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted dataset still read: %v", err)
	}
}

// addVersion stores a finished version with n rows.
func addVersion(t *testing.T, s store.Store, ws, ds string, version, n int, at time.Time) {
	t.Helper()
	ctx := context.Background()
	v := &store.DatasetVersion{WorkspaceID: ws, DatasetID: ds, Version: version, JobID: fmt.Sprintf("job_%s_%d", ds, version),
		Status: store.DatasetBuilding, CreatedAt: at}
	if err := s.DatasetVersionInsert(ctx, v); err != nil {
		t.Fatal(err)
	}
	rows := make([]store.DatasetRow, n)
	for i := range rows {
		rows[i] = store.DatasetRow{WorkspaceID: ws, DatasetID: ds, Version: version, Seq: i + 1,
			ExecutionID: fmt.Sprintf("ext_%d", i), DocumentID: fmt.Sprintf("doc_%d", i), Body: fmt.Sprintf(`{"n":%d,"text":"Row_%d 50%%"}`, i, i)}
	}
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.DatasetRowsInsert(ctx, rows) }); err != nil {
		t.Fatal(err)
	}
	fin := at.Add(time.Second)
	v.Status, v.RowCount, v.Profile, v.Schema, v.FinishedAt = store.DatasetReady, n, []byte(`{"rows":1}`), []byte(`[]`), &fin
	if err := s.DatasetVersionFinish(ctx, v); err != nil {
		t.Fatal(err)
	}
}

func testDatasetVersionsAndRows(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	if err := s.DatasetInsert(ctx, newDataset("ws_a", "ds_1", "q1", now)); err != nil {
		t.Fatal(err)
	}
	addVersion(t, s, "ws_a", "ds_1", 1, 25, now)
	v, err := s.DatasetVersionByJob(ctx, "ws_a", "job_ds_1_1")
	if err != nil || v.Version != 1 || v.Status != store.DatasetReady || v.RowCount != 25 || string(v.Profile) != `{"rows":1}` || v.FinishedAt == nil {
		t.Fatalf("version by job = %+v, %v", v, err)
	}
	addVersion(t, s, "ws_a", "ds_1", 2, 1, now.Add(time.Second))
	if page, total, err := s.DatasetVersionPage(ctx, store.DatasetVersionPageParams{WorkspaceID: "ws_a", Limit: 1}); err != nil || total != 2 || len(page) != 1 || page[0].Version != 2 {
		t.Fatalf("builds page = %d of %d, %v; want version 2 first", len(page), total, err)
	}
	if _, total, _ := s.DatasetVersionPage(ctx, store.DatasetVersionPageParams{WorkspaceID: "ws_b", Limit: 10}); total != 0 {
		t.Fatalf("ws_b sees %d of ws_a's builds", total)
	}
	if _, total, _ := s.DatasetVersionPage(ctx, store.DatasetVersionPageParams{WorkspaceID: "ws_a", Status: store.DatasetFailed, Limit: 10}); total != 0 {
		t.Fatalf("status=failed matched %d ready builds", total)
	}
	if _, err := s.DatasetVersionByJob(ctx, "ws_b", "job_ds_1_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b finds ws_a's build job: %v", err)
	}
	// Streaming by keyset visits every row once, in order.
	seen, after := 0, 0
	for {
		page, err := s.DatasetRowPage(ctx, store.DatasetRowParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Version: 1, AfterSeq: after, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			if r.Seq != after+1 {
				t.Fatalf("row seq %d after %d", r.Seq, after)
			}
			after = r.Seq
			seen++
		}
	}
	if seen != 25 {
		t.Fatalf("streamed %d rows, want 25", seen)
	}
	// The text filter is case-insensitive and takes % literally.
	p := store.DatasetRowParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Version: 1, Query: "ROW_1", Limit: 100}
	if n, err := s.DatasetRowCount(ctx, p); err != nil || n != 11 { // Row_1, Row_10..Row_19
		t.Fatalf("rows matching row_1 = %d, %v; want 11", n, err)
	}
	p.Query = "1 50%"
	if n, _ := s.DatasetRowCount(ctx, p); n != 3 { // Row_1, Row_11, Row_21
		t.Fatalf("rows matching '1 50%%' = %d; want 3", n)
	}
	p.Query = "_"
	p.Offset, p.Limit = 20, 100
	if page, _ := s.DatasetRowPage(ctx, p); len(page) != 5 || page[0].Seq != 21 {
		t.Fatalf("offset 20 of 25 = %d rows", len(page))
	}
	if n, _ := s.DatasetRowCount(ctx, store.DatasetRowParams{WorkspaceID: "ws_b", DatasetID: "ds_1", Version: 1}); n != 0 {
		t.Fatalf("ws_b counts %d rows of ws_a's dataset", n)
	}
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.DatasetRowsClear(ctx, "ws_a", "ds_1", 1) }); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.DatasetRowCount(ctx, store.DatasetRowParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Version: 1}); n != 0 {
		t.Fatalf("%d rows after clear", n)
	}
}

func testDatasetList(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := time.Now().UTC().Add(-time.Hour)
	for i, name := range []string{"invoices-q1", "receipts", "invoices-q2"} {
		d := newDataset("ws_a", fmt.Sprintf("ds_%d", i), name, base.Add(time.Duration(i)*time.Minute))
		if err := s.DatasetInsert(ctx, d); err != nil {
			t.Fatal(err)
		}
		addVersion(t, s, "ws_a", d.ID, 1, i+1, d.CreatedAt)
		d.Version, d.Status = 1, store.DatasetReady
		if i == 1 {
			d.Status = store.DatasetFailed
		}
		if err := s.DatasetUpdate(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	list, total, err := s.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "ws_a", Limit: 2})
	if err != nil || total != 3 || len(list) != 2 || list[0].Name != "invoices-q2" {
		t.Fatalf("list = %d of %d, %v", len(list), total, err)
	}
	if _, total, _ := s.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "ws_a", Query: "INVOICES", Limit: 10}); total != 2 {
		t.Fatalf("q=INVOICES matched %d, want 2", total)
	}
	if _, total, _ := s.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "ws_a", Status: store.DatasetFailed, Limit: 10}); total != 1 {
		t.Fatalf("status=failed matched %d, want 1", total)
	}
	// ext_2 is only in the third dataset (3 rows: ext_0..ext_2).
	list, total, _ = s.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "ws_a", SourceExecutionID: "ext_2", Limit: 10})
	if total != 1 || list[0].Name != "invoices-q2" {
		t.Fatalf("source_execution_id=ext_2 matched %d", total)
	}
	if _, total, _ := s.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "ws_a", SourceDocumentID: "doc_1", Limit: 10}); total != 2 {
		t.Fatalf("source_document_id=doc_1 matched %d, want 2", total)
	}
	if _, total, _ := s.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "ws_b", Limit: 10}); total != 0 {
		t.Fatalf("ws_b lists %d of ws_a's datasets", total)
	}
}

func testDatasetPurge(t *testing.T, s store.Store) {
	ctx := context.Background()
	old := time.Now().UTC().Add(-40 * 24 * time.Hour)
	d := newDataset("ws_a", "ds_1", "q1", old)
	if err := s.DatasetInsert(ctx, d); err != nil {
		t.Fatal(err)
	}
	addVersion(t, s, "ws_a", "ds_1", 1, 3, old)
	addVersion(t, s, "ws_a", "ds_1", 2, 3, old.Add(time.Hour))
	addVersion(t, s, "ws_a", "ds_1", 3, 3, time.Now().UTC())
	d.Version, d.Status = 2, store.DatasetReady // version 3 exists but 2 is served
	if err := s.DatasetUpdate(ctx, d); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DatasetVersionPurge(ctx, "ws_b", time.Now().UTC()); err != nil || n != 0 {
		t.Fatalf("purging ws_b removed %d of ws_a's versions, %v", n, err)
	}
	n, err := s.DatasetVersionPurge(ctx, "ws_a", time.Now().UTC().Add(-24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purge removed %d versions, %v; want 1 (version 1)", n, err)
	}
	vs, _ := s.DatasetVersionList(ctx, "ws_a", "ds_1")
	if len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 3 {
		t.Fatalf("versions left = %d", len(vs))
	}
	if c, _ := s.DatasetRowCount(ctx, store.DatasetRowParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Version: 1}); c != 0 {
		t.Fatalf("purged version kept %d rows", c)
	}
	if c, _ := s.DatasetRowCount(ctx, store.DatasetRowParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Version: 2}); c != 3 {
		t.Fatalf("current version has %d rows, want 3", c)
	}
}

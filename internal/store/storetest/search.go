package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// The search contract: the same ranking and filter cases on every
// driver, so SQLite's FTS5 BM25 and PostgreSQL's ts_rank_cd agree on
// what a caller can see.
func searchCases() []testCase {
	return []testCase{
		{"SearchTextRanking", testSearchRanking},
		{"SearchFiltersAndIsolation", testSearchFilters},
		{"SearchLeavesOutGoneSources", testSearchGoneSources},
		{"SearchChunkPageAndIndexState", testSearchChunkPage},
	}
}

// match is the query in both dialects (as search.FTS5Match and
// search.TSQuery write it).
func match(terms ...string) store.SearchTextParams {
	f, ts := make([]string, len(terms)), make([]string, len(terms))
	for i, t := range terms {
		f[i], ts[i] = `"`+t+`"`, "'"+t+"'"
	}
	return store.SearchTextParams{FTS5: strings.Join(f, " OR "), TSQuery: strings.Join(ts, " | "), Limit: 10}
}

// seedExtraction makes the execution a chunk belongs to: chunks of
// executions that do not exist are never answered.
func seedExtraction(t *testing.T, s store.Store, ws, id string) {
	t.Helper()
	if err := s.ExtractionInsert(context.Background(), ext(ws, id, time.Now().UTC())); err != nil {
		t.Fatal(err)
	}
}

func chunk(ws, id, extID, text string) store.SearchChunk {
	return store.SearchChunk{ID: id, WorkspaceID: ws, ExtractionID: extID, Text: text, TokenCount: len(strings.Fields(text)),
		Page: 1, DocType: "invoice", Language: "en", QualityGrade: "A", QualityScore: 90, PIIMasked: true,
		SourceFilename: "f.pdf", CreatedAt: time.Now().UTC()}
}

func insertChunks(t *testing.T, s store.Store, chunks ...store.SearchChunk) {
	t.Helper()
	if err := s.InTx(context.Background(), func(tx store.Tx) error { return tx.SearchChunksInsert(context.Background(), chunks) }); err != nil {
		t.Fatal(err)
	}
}

func hitIDs(t *testing.T, s store.Store, p store.SearchTextParams) []string {
	t.Helper()
	hits, err := s.SearchText(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	prev := 0.0
	for i, h := range hits {
		if h.Rank <= 0 || (i > 0 && h.Rank > prev) {
			t.Fatalf("ranks must be positive and descending: %+v", hits)
		}
		prev = h.Rank
		out = append(out, h.ID)
	}
	return out
}

func testSearchRanking(t *testing.T, s store.Store) {
	seedExtraction(t, s, "ws_a", "ext_1")
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 8)
	insertChunks(t, s,
		chunk("ws_a", "chk_dense", "ext_1", "Invoice total due. The invoice total is 1500 EUR."),
		chunk("ws_a", "chk_one", "ext_1", filler+"invoice "+filler),
		chunk("ws_a", "chk_none", "ext_1", "Receipt from the bakery, paid in cash."),
		chunk("ws_a", "chk_both", "ext_1", filler+"payment reference ABC "+filler),
		chunk("ws_a", "chk_ref", "ext_1", filler+"reference "+filler),
	)
	p := match("invoice", "total")
	p.WorkspaceID = "ws_a"
	if got := hitIDs(t, s, p); !slices.Equal(got, []string{"chk_dense", "chk_one"}) {
		t.Fatalf("invoice total = %v, want the dense chunk, then the one mention", got)
	}
	// A chunk holding every term beats one holding some of them.
	p = match("payment", "reference")
	p.WorkspaceID = "ws_a"
	if got := hitIDs(t, s, p); !slices.Equal(got, []string{"chk_both", "chk_ref"}) {
		t.Fatalf("payment reference = %v", got)
	}
	// Case and accents do not matter to the match; the limit holds.
	p = match("receipt")
	p.WorkspaceID, p.Limit = "ws_a", 1
	if got := hitIDs(t, s, p); !slices.Equal(got, []string{"chk_none"}) {
		t.Fatalf("receipt = %v", got)
	}
	p = match("nothinglikethis")
	p.WorkspaceID = "ws_a"
	if got := hitIDs(t, s, p); len(got) != 0 {
		t.Fatalf("no match = %v", got)
	}
}

func testSearchFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	seedExtraction(t, s, "ws_a", "ext_a")
	seedExtraction(t, s, "ws_b", "ext_b")
	if err := s.DatasetInsert(ctx, newDataset("ws_a", "ds_1", "q1", now)); err != nil {
		t.Fatal(err)
	}
	base := chunk("ws_a", "chk_base", "ext_a", "shared word alpha")
	tr := chunk("ws_a", "chk_tr", "ext_a", "shared word alpha")
	tr.Language, tr.DocType = "tr", "receipt"
	gradeC := chunk("ws_a", "chk_c", "ext_a", "shared word alpha")
	gradeC.QualityGrade, gradeC.PIIMasked = "C", false
	inDS := chunk("ws_a", "chk_ds", "ext_a", "shared word alpha")
	inDS.DatasetID = "ds_1"
	other := chunk("ws_b", "chk_other", "ext_b", "shared word alpha")
	vec := []byte{0, 0, 128, 63} // float32 1.0
	for _, c := range []*store.SearchChunk{&base, &tr, &gradeC, &inDS, &other} {
		c.Embedding = vec
	}
	insertChunks(t, s, base, tr, gradeC, inDS, other)
	no, yes := false, true
	for _, tc := range []struct {
		name string
		f    store.SearchFilter
		want []string
	}{
		{"workspace only", store.SearchFilter{WorkspaceID: "ws_a"}, []string{"chk_base", "chk_c", "chk_ds", "chk_tr"}},
		{"other workspace", store.SearchFilter{WorkspaceID: "ws_b"}, []string{"chk_other"}},
		{"document_type", store.SearchFilter{WorkspaceID: "ws_a", DocType: "receipt"}, []string{"chk_tr"}},
		{"language", store.SearchFilter{WorkspaceID: "ws_a", Language: "tr"}, []string{"chk_tr"}},
		{"quality_grade", store.SearchFilter{WorkspaceID: "ws_a", QualityGrade: "C"}, []string{"chk_c"}},
		{"pii_masked false", store.SearchFilter{WorkspaceID: "ws_a", PIIMasked: &no}, []string{"chk_c"}},
		{"pii_masked true", store.SearchFilter{WorkspaceID: "ws_a", PIIMasked: &yes}, []string{"chk_base", "chk_ds", "chk_tr"}},
		{"dataset_id", store.SearchFilter{WorkspaceID: "ws_a", DatasetID: "ds_1"}, []string{"chk_ds"}},
		{"another workspace's dataset", store.SearchFilter{WorkspaceID: "ws_b", DatasetID: "ds_1"}, nil},
	} {
		p := match("alpha")
		p.SearchFilter = tc.f
		got := hitIDs(t, s, p)
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("text %s = %v, want %v", tc.name, got, tc.want)
		}
		var scanned []string
		if err := s.SearchVectorScan(ctx, tc.f, func(id string, v []byte) error {
			if string(v) != string(vec) {
				t.Errorf("vector of %s = %v", id, v)
			}
			scanned = append(scanned, id)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(scanned)
		if !slices.Equal(scanned, tc.want) {
			t.Errorf("vector %s = %v, want %v", tc.name, scanned, tc.want)
		}
	}
	got, err := s.SearchChunksGet(ctx, "ws_a", []string{"chk_ds", "chk_other", "chk_missing"})
	if err != nil || len(got) != 1 || got[0].ID != "chk_ds" || got[0].DatasetName != "q1" || got[0].Text != "shared word alpha" ||
		!got[0].PIIMasked || got[0].QualityScore != 90 || got[0].SourceFilename != "f.pdf" {
		t.Fatalf("get across workspaces = %+v, %v", got, err)
	}
	stop := errors.New("stop")
	if err := s.SearchVectorScan(ctx, store.SearchFilter{WorkspaceID: "ws_a"}, func(string, []byte) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("fn's error must end the scan: %v", err)
	}
}

func testSearchGoneSources(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	seedExtraction(t, s, "ws_a", "ext_live")
	if err := s.DatasetInsert(ctx, newDataset("ws_a", "ds_gone", "gone", now)); err != nil {
		t.Fatal(err)
	}
	orphan := chunk("ws_a", "chk_orphan", "ext_purged", "beta")
	gone := chunk("ws_a", "chk_gone", "ext_live", "beta")
	gone.DatasetID = "ds_gone"
	insertChunks(t, s, chunk("ws_a", "chk_live", "ext_live", "beta"), orphan, gone)
	p := match("beta")
	p.WorkspaceID = "ws_a"
	got := hitIDs(t, s, p)
	slices.Sort(got)
	if !slices.Equal(got, []string{"chk_gone", "chk_live"}) {
		t.Fatalf("before the delete = %v (an execution that is gone must not be answered)", got)
	}
	if err := s.DatasetDelete(ctx, "ws_a", "ds_gone"); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(t, s, p); !slices.Equal(got, []string{"chk_live"}) {
		t.Fatalf("after deleting the dataset = %v", got)
	}
	// The purge frees the rows of both gone sources, and only those.
	if n, err := s.SearchChunksPurge(ctx); err != nil || n != 2 {
		t.Fatalf("purge = %d, %v; want the orphan and the deleted dataset's chunk", n, err)
	}
	if got, _ := s.SearchChunksGet(ctx, "ws_a", []string{"chk_live", "chk_orphan", "chk_gone"}); len(got) != 1 || got[0].ID != "chk_live" {
		t.Fatalf("after the purge = %+v", got)
	}
	// Deleting a source's chunks: the execution's, then nothing else.
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.SearchChunksDelete(ctx, "ws_a", "", "ext_live") }); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(t, s, p); len(got) != 0 {
		t.Fatalf("after deleting the execution's chunks = %v", got)
	}
}

func testSearchChunkPage(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	seedExtraction(t, s, "ws_a", "ext_1")
	if err := s.DatasetInsert(ctx, newDataset("ws_a", "ds_1", "q1", now)); err != nil {
		t.Fatal(err)
	}
	var chunks []store.SearchChunk
	for i := range 5 {
		c := chunk("ws_a", "chk_0"+strconv.Itoa(i), "ext_1", "text "+strconv.Itoa(i))
		c.DatasetID, c.ChunkIndex = "ds_1", i
		c.QualityGrade = []string{"A", "B", "C", "A", "B"}[i]
		c.PIIMasked = i%2 == 0
		chunks = append(chunks, c)
	}
	insertChunks(t, s, chunks...)
	page, total, err := s.SearchChunkPage(ctx, store.SearchChunkPageParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Limit: 2, Offset: 1})
	if err != nil || total != 5 || len(page) != 2 || page[0].ID != "chk_01" || page[1].ID != "chk_02" || page[0].DatasetName != "q1" {
		t.Fatalf("page = %+v total %d, %v", page, total, err)
	}
	masked := true
	page, total, err = s.SearchChunkPage(ctx, store.SearchChunkPageParams{WorkspaceID: "ws_a", DatasetID: "ds_1", Grades: []string{"A", "B"},
		PIIMasked: &masked, Limit: 10})
	if err != nil || total != 2 || len(page) != 2 || page[0].ID != "chk_00" || page[1].ID != "chk_04" {
		t.Fatalf("A,B masked = %+v total %d, %v", page, total, err)
	}
	if _, total, _ := s.SearchChunkPage(ctx, store.SearchChunkPageParams{WorkspaceID: "ws_b", DatasetID: "ds_1", Limit: 10}); total != 0 {
		t.Fatalf("ws_b sees %d of ws_a's chunks", total)
	}

	if _, err := s.SearchIndexGet(ctx, "ws_a", "ds_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("never indexed: %v", err)
	}
	ix := &store.SearchIndex{WorkspaceID: "ws_a", DatasetID: "ds_1", Version: 1, Status: store.IndexIndexing, TotalChunks: 5, JobID: "job_1", UpdatedAt: now}
	if err := s.SearchIndexPut(ctx, ix); err != nil {
		t.Fatal(err)
	}
	ix.Status, ix.ChunksIndexed, ix.Embedded = store.IndexReady, 5, true
	if err := s.SearchIndexPut(ctx, ix); err != nil {
		t.Fatal(err)
	}
	got, err := s.SearchIndexGet(ctx, "ws_a", "ds_1")
	if err != nil || got.Status != store.IndexReady || got.ChunksIndexed != 5 || got.TotalChunks != 5 || !got.Embedded || got.JobID != "job_1" {
		t.Fatalf("index state = %+v, %v", got, err)
	}
	if _, err := s.SearchIndexGet(ctx, "ws_b", "ds_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b reads ws_a's index state: %v", err)
	}
}

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func revisionCases() []testCase {
	return []testCase{{"RevisionsKeepOrderAndWorkspace", testRevisions}}
}

func testRevisions(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	if n, err := s.RevisionCount(ctx, "ws_a", "ext_1"); err != nil || n != 0 {
		t.Fatalf("count before insert = %d, %v", n, err)
	}
	for i, v := range []string{`"12.50"`, `"12.60"`} {
		r := &store.Revision{ID: "rev_" + string(rune('a'+i)), WorkspaceID: "ws_a", ExtractionID: "ext_1", Field: "totals.total",
			Value: []byte(v), Extracted: []byte(`"12.05"`), Author: "usr_1", Note: "typo", CreatedAt: at.Add(time.Duration(i) * time.Second)}
		if err := s.RevisionInsert(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.RevisionList(ctx, "ws_a", "ext_1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || string(got[0].Value) != `"12.50"` || string(got[1].Value) != `"12.60"` {
		t.Fatalf("list = %+v", got)
	}
	g := got[1]
	if g.Field != "totals.total" || string(g.Extracted) != `"12.05"` || g.Author != "usr_1" || g.Note != "typo" || !g.CreatedAt.Equal(at.Add(time.Second)) {
		t.Fatalf("round trip = %+v", g)
	}
	if n, err := s.RevisionCount(ctx, "ws_a", "ext_1"); err != nil || n != 2 {
		t.Fatalf("count = %d, %v", n, err)
	}
	// Another workspace sees none of them.
	if other, err := s.RevisionList(ctx, "ws_b", "ext_1"); err != nil || len(other) != 0 {
		t.Fatalf("ws_b list = %v, %v", other, err)
	}
	if n, err := s.RevisionCount(ctx, "ws_b", "ext_1"); err != nil || n != 0 {
		t.Fatalf("ws_b count = %d, %v", n, err)
	}
}

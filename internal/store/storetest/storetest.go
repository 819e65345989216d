// Package storetest is the conformance suite every store.Store driver must
// pass. Drivers call Exercise from their own tests with a constructor that
// returns a fresh, empty store.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// Exercise runs every case against stores made by newStore. Cases live
// in one file per concept (extraction.go, queue.go, event.go).
func Exercise(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	cases := []testCase{
		{"Ping", testPing},
		{"WorkspaceEnsureIsIdempotent", testWorkspaceEnsure},
		{"ExtractionRoundTrip", testExtractionRoundTrip},
		{"ExtractionNotFoundAcrossWorkspaces", testWorkspaceIsolation},
		{"ExtractionIdempotencyKeyUnique", testIdempotency},
		{"ExtractionListFilters", testList},
		{"ExtractionUpdateCompareAndSet", testUpdateCAS},
		{"ExtractionConcurrentInserts", testConcurrentInserts},
		{"ExtractionRequestScan", testExtractionRequestScan},
		{"JobStatsLeavesOutSchedules", testJobStatsLeavesOutSchedules},
	}
	cases = append(cases, queueCases()...)
	cases = append(cases, eventCases()...)
	cases = append(cases, tenancyCases()...)
	cases = append(cases, peopleCases()...)
	cases = append(cases, datasetCases()...)
	cases = append(cases, llmSettingsCases()...)
	cases = append(cases, searchCases()...)
	cases = append(cases, connectorCases()...)
	cases = append(cases, revisionCases()...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // every case has a store of its own
			s := newStore(t)
			ctx := context.Background()
			for _, ws := range []string{"ws_a", "ws_b"} {
				if err := s.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws}); err != nil {
					t.Fatal(err)
				}
			}
			c.fn(t, s)
		})
	}
}

// testCase is one conformance case on a fresh store holding ws_a and ws_b.
type testCase struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

func ext(ws, id string, at time.Time) *store.Extraction {
	return &store.Extraction{
		ID: id, WorkspaceID: ws, Mode: "async", Status: "queued", SubmittedAt: at,
		Request: []byte(`{"files":[]}`), Metadata: []byte(`{"k":"v"}`),
	}
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func testWorkspaceEnsure(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := s.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "ws_a", Name: "A"}); err != nil {
			t.Fatalf("ensure #%d: %v", i, err)
		}
	}
}

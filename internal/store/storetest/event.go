package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func eventCases() []testCase {
	return []testCase{
		{"EventsInOrderPerSubject", testEvents},
	}
}

func testEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)
	for i, e := range []store.Event{
		{ID: "e1", WorkspaceID: "ws_a", Subject: "ext_1", Type: "b", OccurredAt: at, Payload: []byte(`{"n":1}`)},
		{ID: "e2", WorkspaceID: "ws_a", Subject: "ext_2", Type: "a", OccurredAt: at, Payload: []byte(`{"n":2}`)},
		{ID: "e3", WorkspaceID: "ws_a", Subject: "ext_1", Type: "a", OccurredAt: at.Add(-time.Hour), Payload: []byte(`{"n":3}`)},
		{ID: "e4", WorkspaceID: "ws_b", Subject: "ext_1", Type: "a", OccurredAt: at, Payload: []byte(`{"n":4}`)},
	} {
		if err := s.EventInsert(ctx, e); err != nil {
			t.Fatalf("insert #%d: %v", i, err)
		}
	}
	evs, err := s.EventList(ctx, "ws_a", "ext_1")
	if err != nil || len(evs) != 2 || evs[0].ID != "e1" || evs[1].ID != "e3" || evs[1].Subject != "ext_1" || !evs[0].OccurredAt.Equal(at) {
		t.Fatalf("list = %+v, %v (want e1, e3: insertion order, this workspace only)", evs, err)
	}
	if ev, err := s.EventGet(ctx, "e2"); err != nil || string(ev.Payload) != `{"n":2}` || ev.Type != "a" {
		t.Fatalf("get = %+v, %v", ev, err)
	}
	if _, err := s.EventGet(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get missing: %v", err)
	}
	if err := s.EventInsert(ctx, store.Event{ID: "e1", WorkspaceID: "ws_a", Subject: "x", Type: "t", OccurredAt: at, Payload: []byte(`{}`)}); err == nil {
		t.Fatal("a duplicate event id was accepted")
	}
}

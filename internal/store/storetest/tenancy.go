package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func tenancyCases() []testCase {
	return []testCase{
		{"WorkspacePlans", testWorkspacePlans},
		{"APIKeyLifecycle", testAPIKeyLifecycle},
		{"CreditHoldChargeRelease", testCreditLifecycle},
		{"CreditHoldsNeverOverrunTheLimit", testCreditRace},
		{"DocumentsUniqueByContent", testDocuments},
		{"AuditAppendListPrune", testAudit},
		{"RetentionPurgeKeepsWhatIsYoungOrRunning", testRetention},
	}
}

func testWorkspacePlans(t *testing.T, s store.Store) {
	ctx := context.Background()
	w, err := s.WorkspaceGet(ctx, "ws_a")
	if err != nil || w.Plan != "trial" || w.PlanSince.IsZero() {
		t.Fatalf("new workspace = %+v, %v; want the trial plan from now", w, err)
	}
	if err := s.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "ws_c", Name: "C", Plan: "pro"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := s.WorkspaceSetPlan(ctx, "ws_a", "starter", at); err != nil {
		t.Fatal(err)
	}
	if w, _ := s.WorkspaceGet(ctx, "ws_a"); w.Plan != "starter" || !w.PlanSince.Equal(at) {
		t.Fatalf("after set-plan: %+v", w)
	}
	if err := s.WorkspaceSetPlan(ctx, "ws_missing", "pro", at); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("set-plan of a missing workspace: %v", err)
	}
	list, err := s.WorkspaceList(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("list = %d, %v", len(list), err)
	}
	if _, err := s.WorkspaceGet(ctx, "ws_missing"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get missing: %v", err)
	}
}

func testAPIKeyLifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	k := &store.APIKey{ID: "key_1", WorkspaceID: "ws_a", Label: "ci", Hash: "h1", Hint: "dfx_ab", Role: "member", CreatedAt: now}
	if err := s.APIKeyInsert(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := s.APIKeyInsert(ctx, &store.APIKey{ID: "key_2", WorkspaceID: "ws_b", Hash: "h1", Role: "member", CreatedAt: now}); err == nil {
		t.Fatal("two keys share a hash")
	}
	got, err := s.APIKeyByHash(ctx, "h1")
	if err != nil || got.ID != "key_1" || got.WorkspaceID != "ws_a" || got.LastUsedAt != nil || !got.CreatedAt.Equal(now) {
		t.Fatalf("by hash = %+v, %v", got, err)
	}
	if err := s.APIKeyTouch(ctx, "key_1", now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.APIKeyCount(ctx); err != nil || n != 1 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if err := s.APIKeyRevoke(ctx, "ws_b", "key_1", now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another workspace revoked the key: %v", err)
	}
	if err := s.APIKeyRevoke(ctx, "ws_a", "key_1", now); err != nil {
		t.Fatal(err)
	}
	if err := s.APIKeyRevoke(ctx, "ws_a", "key_1", now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second revoke: %v", err)
	}
	if _, err := s.APIKeyByHash(ctx, "h1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a revoked key still authenticates: %v", err)
	}
	list, err := s.APIKeyList(ctx, "ws_a")
	if err != nil || len(list) != 1 || list[0].RevokedAt == nil || list[0].LastUsedAt == nil {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if other, _ := s.APIKeyList(ctx, "ws_b"); len(other) != 0 {
		t.Fatalf("workspace b sees %d keys of a", len(other))
	}
	if n, _ := s.APIKeyCount(ctx); n != 0 {
		t.Fatalf("count after revoke = %d", n)
	}
}

func testCreditLifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	period := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	hold := func(ref string) error {
		return s.CreditHold(ctx, store.CreditHoldParams{WorkspaceID: "ws_a", Ref: ref, Credits: 1, PeriodStart: period, Limit: 2, At: period})
	}
	for _, ref := range []string{"job_1", "job_2", "job_1"} { // the repeat is a retried admission
		if err := hold(ref); err != nil {
			t.Fatalf("hold %s: %v", ref, err)
		}
	}
	if err := hold("job_3"); !errors.Is(err, store.ErrNoCredit) {
		t.Fatalf("third hold over a limit of 2: %v", err)
	}
	for i := 0; i < 2; i++ { // a replayed completion charges nothing more
		if err := s.CreditCharge(ctx, "ws_a", "job_1", period); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreditRelease(ctx, "ws_a", "job_1"); err != nil { // a charge is final
		t.Fatal(err)
	}
	if err := s.CreditRelease(ctx, "ws_a", "job_2"); err != nil {
		t.Fatal(err)
	}
	u, err := s.CreditUsage(ctx, "ws_a", period)
	if err != nil || u.Charged != 1 || u.Held != 0 {
		t.Fatalf("usage = %+v, %v; want 1 charged", u, err)
	}
	if err := hold("job_3"); err != nil {
		t.Fatalf("a released credit is not available again: %v", err)
	}
	if u, _ := s.CreditUsage(ctx, "ws_a", period.AddDate(0, 1, 0)); u.Charged+u.Held != 0 {
		t.Fatalf("next period starts with %+v", u)
	}
	if u, _ := s.CreditUsage(ctx, "ws_b", period); u.Charged+u.Held != 0 {
		t.Fatalf("workspace b sees a's credits: %+v", u)
	}
	if err := s.CreditCharge(ctx, "ws_a", "job_3", period.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	daily, err := s.CreditDaily(ctx, "ws_a", period)
	if err != nil || len(daily) != 2 || daily[period] != 1 || daily[period.AddDate(0, 0, 1)] != 1 {
		t.Fatalf("daily = %v, %v; want one credit on each of two days", daily, err)
	}
	err = s.CreditHold(ctx, store.CreditHoldParams{WorkspaceID: "ws_b", Ref: "x", Credits: 1, PeriodStart: period, Limit: -1, At: period})
	if err != nil {
		t.Fatalf("unlimited hold: %v", err)
	}
}

// testCreditRace admits 1,000 jobs at once, each in its own transaction
// with the job's other writes, against 100 credits: exactly 100 get in.
func testCreditRace(t *testing.T, s store.Store) {
	ctx := context.Background()
	period := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := s.InTx(ctx, func(tx store.Tx) error {
				return tx.CreditHold(ctx, store.CreditHoldParams{WorkspaceID: "ws_a", Ref: fmt.Sprintf("job_%d", i),
					Credits: 1, PeriodStart: period, Limit: 100, At: period})
			})
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, store.ErrNoCredit):
				refused.Add(1)
			default:
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	u, err := s.CreditUsage(ctx, "ws_a", period)
	if ok.Load() != 100 || refused.Load() != 900 || err != nil || u.Held != 100 {
		t.Fatalf("admitted %d, refused %d, ledger %+v (%v); want exactly 100 of 1,000", ok.Load(), refused.Load(), u, err)
	}
}

func testDocuments(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, h := range []string{"h1", "h2", "h3"} {
		d := &store.Document{ID: fmt.Sprintf("doc_%d", i), WorkspaceID: "ws_a", SHA256: h, Filename: "f.pdf",
			MediaType: "application/pdf", Size: 10, JobID: fmt.Sprintf("ext_%d", i), CreatedAt: at.Add(time.Duration(i) * time.Second)}
		if err := s.DocumentInsert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	dup := &store.Document{ID: "doc_9", WorkspaceID: "ws_a", SHA256: "h2", Filename: "again.pdf", MediaType: "application/pdf", JobID: "ext_9", CreatedAt: at}
	if err := s.DocumentInsert(ctx, dup); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("same content twice: %v", err)
	}
	dup.WorkspaceID, dup.ID = "ws_b", "doc_b"
	if err := s.DocumentInsert(ctx, dup); err != nil {
		t.Fatalf("the same content in another workspace: %v", err)
	}
	if d, err := s.DocumentByHash(ctx, "ws_a", "h2"); err != nil || d.ID != "doc_1" || d.JobID != "ext_1" {
		t.Fatalf("by hash = %+v, %v", d, err)
	}
	if _, err := s.DocumentGet(ctx, "ws_b", "doc_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("workspace b reads a's document: %v", err)
	}
	list, total, err := s.DocumentList(ctx, "ws_a", 2, 0)
	if err != nil || total != 3 || len(list) != 2 || list[0].ID != "doc_2" || list[1].ID != "doc_1" {
		t.Fatalf("first page = %v, total %d, %v", list, total, err)
	}
	if list, _, _ := s.DocumentList(ctx, "ws_a", 2, 2); len(list) != 1 || list[0].ID != "doc_0" || !list[0].CreatedAt.Equal(at) {
		t.Fatalf("second page = %+v", list)
	}
	for i, ext := range []string{"ext_0", "ext_r", "ext_0"} { // the repeat changes nothing
		if err := s.DocumentJobAdd(ctx, "ws_a", "doc_0", ext, at.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if jobs, err := s.DocumentJobs(ctx, "ws_a", "doc_0"); err != nil || len(jobs) != 2 || jobs[0] != "ext_0" || jobs[1] != "ext_r" {
		t.Fatalf("document jobs = %v, %v", jobs, err)
	}
	if jobs, _ := s.DocumentJobs(ctx, "ws_b", "doc_0"); len(jobs) != 0 {
		t.Fatalf("workspace b sees a's document jobs: %v", jobs)
	}
	if _, err := s.FeedbackGet(ctx, "ws_a", "ext_0"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("feedback before any: %v", err)
	}
	issue := "wrong_values"
	for _, rating := range []string{"down", "up"} {
		if err := s.FeedbackPut(ctx, &store.Feedback{WorkspaceID: "ws_a", ExtractionID: "ext_0", Rating: rating, Issue: &issue, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if f, err := s.FeedbackGet(ctx, "ws_a", "ext_0"); err != nil || f.Rating != "up" || f.Issue == nil || *f.Issue != issue || f.Notes != nil {
		t.Fatalf("feedback after the upsert = %+v, %v", f, err)
	}
	if _, err := s.FeedbackGet(ctx, "ws_b", "ext_0"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("workspace b reads a's feedback: %v", err)
	}
}

func testAudit(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	doc := "doc_1"
	for i, ws := range []string{"ws_a", "ws_a", "ws_b", "ws_a"} {
		e := &store.AuditEvent{ID: fmt.Sprintf("aud_%d", i), WorkspaceID: ws, At: at.Add(time.Duration(i) * time.Hour), Actor: "key_1",
			Action: "document.uploaded", Subject: "job_1", DocumentID: &doc, Outcome: "success", Details: map[string]any{"bytes": 10}}
		if i == 1 {
			e.DocumentID, e.Outcome = nil, "failure"
		}
		if err := s.AuditAppend(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.AuditList(ctx, "ws_a", at, 10)
	if err != nil || len(list) != 3 || list[0].ID != "aud_0" || list[2].ID != "aud_3" || *list[0].DocumentID != doc ||
		list[1].DocumentID != nil || list[1].Outcome != "failure" || list[0].Details["bytes"] != float64(10) || !list[0].At.Equal(at) {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if list, _ := s.AuditList(ctx, "ws_a", at.Add(90*time.Minute), 10); len(list) != 1 {
		t.Fatalf("since filter: %d events", len(list))
	}
	n, err := s.AuditPrune(ctx, at.Add(150*time.Minute))
	if err != nil || n != 3 {
		t.Fatalf("prune = %d, %v", n, err)
	}
	if list, _ := s.AuditList(ctx, "ws_a", time.Time{}, 10); len(list) != 1 || list[0].ID != "aud_3" {
		t.Fatalf("after prune: %+v", list)
	}
}

func testRetention(t *testing.T, s store.Store) {
	ctx := context.Background()
	cut := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	old, young := cut.Add(-time.Hour), cut.Add(time.Hour)
	for _, x := range []struct {
		ws, id, status string
		at             time.Time
	}{{"ws_a", "ext_old", "succeeded", old}, {"ws_a", "ext_run", "running", old}, {"ws_a", "ext_new", "failed", young}, {"ws_b", "ext_b", "succeeded", old}} {
		e := ext(x.ws, x.id, x.at)
		e.Status = x.status
		if err := s.ExtractionInsert(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := s.EventInsert(ctx, store.Event{ID: "ev_" + x.id, WorkspaceID: x.ws, Subject: x.id, Type: "t", OccurredAt: x.at, Payload: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []struct {
		id, job string
		at      time.Time
	}{{"doc_old", "ext_old", old}, {"doc_new", "ext_new", young}} {
		if err := s.DocumentInsert(ctx, &store.Document{ID: d.id, WorkspaceID: "ws_a", SHA256: d.id, Filename: "f", MediaType: "text/plain", JobID: d.job, CreatedAt: d.at}); err != nil {
			t.Fatal(err)
		}
		if err := s.DocumentJobAdd(ctx, "ws_a", d.id, d.job, d.at); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.FeedbackPut(ctx, &store.Feedback{WorkspaceID: "ws_a", ExtractionID: "ext_old", Rating: "up", CreatedAt: old}); err != nil {
		t.Fatal(err)
	}
	p, err := s.RetentionPurge(ctx, "ws_a", cut)
	if err != nil || p.Documents != 1 || p.Extractions != 1 || p.Events != 1 {
		t.Fatalf("purge = %+v, %v; want one document, one extraction, one event", p, err)
	}
	for id, gone := range map[string]bool{"ext_old": true, "ext_run": false, "ext_new": false} {
		if _, err := s.ExtractionGet(ctx, "ws_a", id); errors.Is(err, store.ErrNotFound) != gone {
			t.Errorf("%s: gone=%v, want %v", id, !gone, gone)
		}
	}
	if _, err := s.ExtractionGet(ctx, "ws_b", "ext_b"); err != nil {
		t.Fatalf("another workspace's extraction was purged: %v", err)
	}
	if _, err := s.DocumentGet(ctx, "ws_a", "doc_old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the old document stays: %v", err)
	}
	if _, err := s.DocumentGet(ctx, "ws_a", "doc_new"); err != nil {
		t.Fatalf("the young document went: %v", err)
	}
	if _, err := s.FeedbackGet(ctx, "ws_a", "ext_old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the purged job's feedback stays: %v", err)
	}
	if again, err := s.RetentionPurge(ctx, "ws_a", cut); err != nil || again.Documents+again.Extractions+again.Events != 0 {
		t.Fatalf("second purge = %+v, %v", again, err)
	}
}

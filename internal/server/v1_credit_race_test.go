package server_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
	"github.com/quarrydev/quarry/internal/tenant"
)

// dbBackends are the databases the platform tests run on.
var dbBackends = map[string]func(*testing.T, string) string{
	"sqlite":   func(t *testing.T, dir string) string { return filepath.Join(dir, "q.db") },
	"postgres": func(t *testing.T, dir string) string { return pgtest.SchemaURL(t) },
}

// TestThousandUploadsAgainstAHundredCredits sends 1,000 concurrent
// uploads (distinct files) to a workspace with 100 credits: exactly 100
// jobs are made, the rest are refused with QUOTA_EXCEEDED and store
// nothing, and the balance ends at exactly 0, on both databases.
func TestThousandUploadsAgainstAHundredCredits(t *testing.T) {
	t.Parallel()
	for name, url := range dbBackends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, ts := edgeServer(t, url, func(c *config.Config) {
				c.Plans = []billing.PlanSpec{{ID: "hundred", Credits: 100, PeriodDays: 30, RPM: billing.Unlimited, MaxFileMB: 1, RetentionDays: 7}}
			})
			ctx := context.Background()
			if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: "hundred"}); err != nil {
				t.Fatal(err)
			}
			key, _, _ := apikey.Service{Store: a.Store}.Create(ctx, "acme", "", tenant.RoleMember)
			time.Sleep(2100 * time.Millisecond)
			var accepted, refused atomic.Int64
			var wg sync.WaitGroup
			sem := make(chan struct{}, 32)
			for i := 0; i < 1000; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					name := fmt.Sprintf("note-%d.txt", i)
					code, env := upload(t, ts.URL, key, map[string][]byte{name: []byte(fmt.Sprintf("Note number %d for the race.", i))}, name)
					switch {
					case code == 202 && dataOf(env)["accepted"] == float64(1):
						accepted.Add(1)
					case code == 402 && errCode(env) == "QUOTA_EXCEEDED":
						refused.Add(1)
					default:
						t.Errorf("upload %d: %d %v", i, code, env)
					}
				}(i)
			}
			wg.Wait()
			u, err := billing.Ledger{}.Usage(ctx, a.Store, "acme")
			_, docs, _ := a.Store.DocumentList(ctx, "acme", 1, 0)
			_, jobs, _ := a.Store.ExtractionList(ctx, store.ExtractionListParams{WorkspaceID: "acme", Limit: 1})
			if accepted.Load() != 100 || refused.Load() != 900 || err != nil || u.Used != 100 || u.Remaining != 0 || docs != 100 || jobs != 100 {
				t.Fatalf("accepted %d, refused %d, usage %+v (%v), documents %d, jobs %d; want exactly 100 of 1,000 and a balance of 0",
					accepted.Load(), refused.Load(), u, err, docs, jobs)
			}
		})
	}
}

// TestConcurrentDuplicatesCostOneCredit uploads the same file twenty
// times at once: one document, one job and one credit; the others are
// duplicates of it, on both databases.
func TestConcurrentDuplicatesCostOneCredit(t *testing.T) {
	t.Parallel()
	for name, url := range dbBackends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, ts := edgeServer(t, url, nil)
			ctx := context.Background()
			if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanPro}); err != nil {
				t.Fatal(err)
			}
			key, _, _ := apikey.Service{Store: a.Store}.Create(ctx, "acme", "", tenant.RoleMember)
			time.Sleep(2100 * time.Millisecond)
			file := map[string][]byte{"same.txt": []byte("The very same document, uploaded twenty times.")}
			var mu sync.Mutex
			jobs := map[string]int{}
			var dups atomic.Int64
			var wg sync.WaitGroup
			for i := 0; i < 20; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					code, env := upload(t, ts.URL, key, file, "same.txt")
					if code != 202 {
						t.Errorf("upload: %d %v", code, env)
						return
					}
					j := dataOf(env)["jobs"].([]any)[0].(map[string]any)
					if j["is_duplicate"] == true {
						dups.Add(1)
					}
					mu.Lock()
					jobs[j["job_id"].(string)]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			u, _ := billing.Ledger{}.Usage(ctx, a.Store, "acme")
			_, docs, _ := a.Store.DocumentList(ctx, "acme", 1, 0)
			if len(jobs) != 1 || dups.Load() != 19 || u.Used != 1 || docs != 1 {
				t.Fatalf("jobs %v, duplicates %d, credits used %d, documents %d; want one of each and 19 duplicates", jobs, dups.Load(), u.Used, docs)
			}
		})
	}
}

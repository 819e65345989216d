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

// TestThousandUploadsAgainstAHundredCredits sends 1,000 concurrent
// uploads (distinct files) to a workspace with 100 credits: exactly 100
// jobs are made, the rest are refused with QUOTA_EXCEEDED and store
// nothing, and the balance ends at exactly 0, on both databases.
func TestThousandUploadsAgainstAHundredCredits(t *testing.T) {
	t.Parallel()
	backends := map[string]func(*testing.T, string) string{
		"sqlite":   func(t *testing.T, dir string) string { return filepath.Join(dir, "q.db") },
		"postgres": func(t *testing.T, dir string) string { return pgtest.SchemaURL(t) },
	}
	for name, url := range backends {
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

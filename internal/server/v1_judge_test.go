package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// TestV1ExecutionShowsJudgeVerdicts: a /v1 upload runs the deterministic
// judge, and its execution shows each record column's verdict, the fail
// rate, and a grade that knows when the totals do not add up.
func TestV1ExecutionShowsJudgeVerdicts(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 1, nil, nil)
	ctx := context.Background()
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanStarter}); err != nil {
		t.Fatal(err)
	}
	key, _, _ := (&apikey.Service{Store: a.Store}).Create(ctx, "acme", "", tenant.RoleMember)
	time.Sleep(2100 * time.Millisecond) // the server rechecks for stored keys every 2 s

	good := []byte("Invoice INV-42\nInvoice date: 2025-05-01\nDue date: 2025-05-31\nSubtotal: 100.00 EUR\nVAT: 20.00 EUR\nTotal: 120.00 EUR\n")
	bad := []byte("Invoice INV-43\nInvoice date: 2025-05-01\nDue date: 2025-05-31\nSubtotal: 100.00 EUR\nVAT: 20.00 EUR\nTotal: 210.00 EUR\n")
	_, env := upload(t, ts.URL, key, map[string][]byte{"good.txt": good, "bad.txt": bad}, "good.txt", "bad.txt")
	jobs := dataOf(env)["jobs"].([]any)
	if len(jobs) != 2 {
		t.Fatalf("upload: %v", env)
	}
	verdicts := map[string]map[string]any{}
	for i, name := range []string{"good", "bad"} {
		job := jobs[i].(map[string]any)["job_id"].(string)
		if j := waitJob(t, ts.URL, key, job); j["status"] != "completed" {
			t.Fatalf("%s job: %v", name, j)
		}
		code, _, env := v1Call(t, "GET", ts.URL+"/v1/executions/exec_"+strings.TrimPrefix(job, "job_"), key, nil)
		x := dataOf(env)
		fv, _ := x["field_verdicts"].(map[string]any)
		if code != 200 || fv == nil {
			t.Fatalf("%s execution: %d %v", name, code, env)
		}
		total, _ := fv["total_amount"].(map[string]any)
		if total == nil {
			t.Fatalf("%s: no verdict on total_amount: %v", name, fv)
		}
		verdicts[name] = total
		meta := x["result_meta"].(map[string]any)
		if _, ok := meta["judge_fail_rate"].(float64); !ok {
			t.Errorf("%s: no judge_fail_rate in %v", name, meta)
		}
		if name == "bad" && meta["grade"] == "A" {
			t.Errorf("totals that do not add up graded A: %v", meta)
		}
	}
	if verdicts["good"]["status"] != "pass" || verdicts["good"]["flag_for_review"] != false {
		t.Errorf("good total: %v", verdicts["good"])
	}
	notes, _ := verdicts["bad"]["notes"].(string)
	if verdicts["bad"]["status"] != "fail" || verdicts["bad"]["flag_for_review"] != true || !strings.Contains(notes, "totals_sum") {
		t.Errorf("bad total: %v", verdicts["bad"])
	}
}

package app_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAsyncRunUsesTheWorkspaceKey checks that an async run masks with the
// same per-workspace key as a sync run: hashed PII values must join across
// the two paths, which they only do when the worker runs the pipeline in
// the extraction's workspace.
func TestAsyncRunUsesTheWorkspaceKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t, backends[0])
	e.api.StartWorkers(fastJobs(e.api.JobConfig(1)))
	body := `{"files":[{"filename":"a.txt","content_base64":"` +
		base64.StdEncoding.EncodeToString([]byte("Customer e-mail: jane.doe@example.com, TC Kimlik No: 10000000146")) +
		`"}],"options":{"pii":{"mask":"hash"}}}`
	post := func(path string) map[string]any {
		res, err := http.Post(e.ts.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var m map[string]any
		raw, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(raw, &m); err != nil || res.StatusCode >= 300 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, raw)
		}
		return m
	}
	masked := func(result map[string]any) string {
		return result["files"].([]any)[0].(map[string]any)["masked_text"].(string)
	}
	syncText := masked(post("/api/v1/extract"))
	id := post("/api/v1/extractions")["id"].(string)
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(e.ts.URL + "/api/v1/extractions/" + id + "/result")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 {
			var env struct {
				Result map[string]any `json:"result"`
			}
			json.Unmarshal(raw, &env)
			if got := masked(env.Result); got != syncText {
				t.Fatalf("async masked text %q differs from sync %q", got, syncText)
			}
			if strings.Contains(syncText, "10000000146") || !strings.Contains(syncText, "<NATIONAL_ID_TR:") {
				t.Fatalf("masked text = %q", syncText)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("async result not ready: %d %s", res.StatusCode, raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

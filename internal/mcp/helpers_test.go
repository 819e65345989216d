package mcp_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/mcp"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// corpus is the shared folder of real documents.
const corpus = "../../../shared/corpus"

// receipt and invoicePDF are the real documents the tests process.
var (
	receipt    = filepath.Join(corpus, "receipts/img/023.jpg")
	invoicePDF = filepath.Join(corpus, "invoices/AmazonWebServices.pdf")
)

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(receipt); err != nil {
		t.Skipf("corpus not found at %s: %v", corpus, err)
	}
}

// quarry is a Quarry with two workspaces, each with a member key.
type quarry struct {
	app        *app.App
	dir        string
	key, other string // keys of ws_mcp_a and ws_mcp_b
}

// openQuarry builds the app on a fresh data folder with n workers.
func openQuarry(t *testing.T, workers int) *quarry {
	t.Helper()
	dir := t.TempDir()
	q := &quarry{dir: dir}
	q.app = openApp(t, dir)
	ctx := context.Background()
	keys := apikey.Service{Store: q.app.Store}
	for i, ws := range []string{"ws_mcp_a", "ws_mcp_b"} {
		if err := q.app.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Name: ws, Plan: "enterprise"}); err != nil {
			t.Fatal(err)
		}
		secret, _, err := keys.Create(ctx, ws, "mcp test", tenant.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			q.key = secret
		} else {
			q.other = secret
		}
	}
	if workers > 0 {
		jc := q.app.JobConfig(workers)
		jc.Poll = 20 * time.Millisecond
		q.app.StartWorkers(jc)
	}
	return q
}

func testEnv(dir string) map[string]string {
	return map[string]string{"QUARRY_DATA_DIR": dir, "QUARRY_LOG_LEVEL": "warn", "QUARRY_WEBHOOK_ALLOW_PRIVATE": "true"}
}

func openApp(t *testing.T, dir string) *app.App {
	t.Helper()
	vars := testEnv(dir)
	cfg, err := config.FromLookup(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(context.Background()) })
	return a
}

// connect starts an MCP session with key over the in-memory transport.
func (q *quarry) connect(t *testing.T, key string, opt *sdk.ClientOptions) *sdk.ClientSession {
	t.Helper()
	srv := mcp.New(mcp.Options{Handler: q.app.Server.Handler(), Key: key, Local: true, PollMin: 20 * time.Millisecond, PollMax: 200 * time.Millisecond})
	ct, st := sdk.NewInMemoryTransports()
	ctx, cancel := context.WithCancel(context.Background())
	ss, err := srv.SDK().Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "quarry-test", Version: "1"}, opt).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait(); cancel() })
	return cs
}

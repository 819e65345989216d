// Package pgtest gives PostgreSQL tests a schema of their own, so tests
// (and packages run in parallel) never see each other's rows.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"testing"
	"time"
)

// TestURLEnv names the variable holding the test database URL.
const TestURLEnv = "QUARRY_TEST_POSTGRES_URL"

var schemaSeq atomic.Int64

// SchemaURL creates a fresh schema for one test, drops it at cleanup
// and returns a URL whose connections use it. It skips the test when
// QUARRY_TEST_POSTGRES_URL is unset.
func SchemaURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(TestURLEnv)
	if base == "" {
		t.Skipf("%s is not set: skipping PostgreSQL test (CI sets it, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", TestURLEnv)
	}
	schema := fmt.Sprintf("qt_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return strings.TrimSpace(u.String())
}

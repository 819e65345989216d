package source_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
	"github.com/quarrydev/quarry/internal/store/sqlite"
	"github.com/quarrydev/quarry/internal/webhook"
)

const testSecret = "0123456789abcdef0123456789abcdef-test-secret"

// fakeAdmitter admits like the upload path in the ways a sync depends
// on: one job per new content hash, a duplicate for known bytes, the
// caller's ledger write in the admitting transaction. It counts
// admissions per key (what would be charged).
type fakeAdmitter struct {
	st store.Store

	mu       sync.Mutex
	byHash   map[[32]byte]string
	admitted map[string]int // filename -> admissions
	total    int
	// after, when set, runs after each committed admission (tests cut
	// a run short from it).
	after func(total int)
}

func newAdmitter(st store.Store) *fakeAdmitter {
	return &fakeAdmitter{st: st, byHash: map[[32]byte]string{}, admitted: map[string]int{}}
}

func (f *fakeAdmitter) Admit(ctx context.Context, a source.Admission) source.Admitted {
	if len(a.Data) == 0 {
		return source.Admitted{Rejection: "EMPTY_DOCUMENT"}
	}
	if string(a.Data) == "unsupported" {
		return source.Admitted{Rejection: "UNSUPPORTED_FILE"}
	}
	sum := sha256.Sum256(a.Data)
	f.mu.Lock()
	doc, dup := f.byHash[sum]
	f.mu.Unlock()
	out := source.Admitted{JobID: "job_" + a.Filename, DocumentID: "doc_" + a.Filename, Status: "queued"}
	if dup {
		out = source.Admitted{JobID: "job_" + doc, DocumentID: "doc_" + doc, Status: "queued", Duplicate: true}
	}
	if err := f.st.InTx(ctx, func(tx store.Tx) error { return a.Also(ctx, tx, out) }); err != nil {
		return source.Admitted{Rejection: "INTERNAL_ERROR"}
	}
	if dup {
		return out
	}
	f.mu.Lock()
	f.byHash[sum] = a.Filename
	f.admitted[a.Filename]++
	f.total++
	n, after := f.total, f.after
	f.mu.Unlock()
	if after != nil {
		after(n)
	}
	return out
}

func (f *fakeAdmitter) count(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.admitted[name]
}

func (f *fakeAdmitter) sum() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.total
}

// env is a service over a fresh SQLite store with two workspaces and
// in-memory buckets chosen by the config's "bucket".
type env struct {
	st    store.Store
	svc   *source.Service
	adm   *fakeAdmitter
	now   *time.Time
	mu    sync.Mutex
	bkts  map[string]*connector.Memory
	opens int
}

func newEnv(t *testing.T, plan string) *env {
	t.Helper()
	return newEnvOn(t, plan, sqliteHandles(t))
}

// handles opens handles on one database: each is what one process has.
type handles func() store.Store

func sqliteHandles(t *testing.T) handles {
	path := t.TempDir() + "/q.db"
	return func() store.Store {
		st, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

func postgresHandles(t *testing.T) handles {
	url := pgtest.SchemaURL(t)
	return func() store.Store {
		st, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

func newEnvOn(t *testing.T, plan string, open handles) *env {
	t.Helper()
	ctx := context.Background()
	st := open()
	var err error
	for _, ws := range []string{"ws_a", "ws_b"} {
		if err := st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: plan}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 8, 17, 10, 0, 0, 0, time.UTC)
	e := &env{st: st, adm: newAdmitter(st), now: &now, bkts: map[string]*connector.Memory{}}
	e.svc, err = source.New(st, source.Options{SecretKey: testSecret, Guard: webhook.Guard{AllowPrivate: true}, Admit: e.adm,
		PageSize: 100, Now: func() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return *e.now },
		Open: func(_ context.Context, typ string, cfg connector.Config) (connector.Source, error) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.opens++
			b, ok := e.bkts[cfg.String("bucket")]
			if !ok {
				return nil, connector.Errorf(connector.KindBucketMissing, nil, "bucket %q does not exist", cfg.String("bucket"))
			}
			return b, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	*e.now = e.now.Add(d)
	e.mu.Unlock()
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return *e.now
}

// bucket makes an in-memory bucket and a connector of ws on it.
func (e *env) bucket(t *testing.T, ws, name string) (*connector.Memory, *store.Connector) {
	t.Helper()
	m := connector.NewMemory()
	e.mu.Lock()
	e.bkts[name] = m
	e.mu.Unlock()
	c, err := e.svc.Create(context.Background(), ws, source.CreateInput{Type: "s3", Name: name,
		Config: map[string]any{"bucket": name, "region": "eu-west-1", "aws_access_key_id": "AKIA" + name, "aws_secret_access_key": "s3cr3t-" + name}})
	if err != nil {
		t.Fatal(err)
	}
	return m, c
}

func fill(m *connector.Memory, prefix string, n int) {
	for i := range n {
		m.Set(fmt.Sprintf("%s%05d.pdf", prefix, i), []byte(fmt.Sprintf("%%PDF document %s %d", prefix, i)))
	}
}

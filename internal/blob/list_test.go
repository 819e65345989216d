package blob

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func listAll(t *testing.T, l Lister) map[string]time.Time {
	t.Helper()
	got := map[string]time.Time{}
	if err := l.List(context.Background(), func(i Info) error { got[i.Key] = i.ModTime; return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestListDir lists blobs with their write times and nothing else of the
// folder: not temporary files of Puts in flight, not stray files.
func TestListDir(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	d, err := NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := d.Put(ctx, []byte("a"))
	b, _ := d.Put(ctx, []byte("b"))
	old := time.Now().Add(-48 * time.Hour)
	pa, _ := d.path(a)
	if err := os.Chtimes(pa, old, old); err != nil {
		t.Fatal(err)
	}
	for _, stray := range []string{filepath.Join(root, "ab", ".tmp-123"), filepath.Join(root, "README")} {
		if err := os.MkdirAll(filepath.Dir(stray), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(stray, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := listAll(t, d)
	if len(got) != 2 || !got[a].Equal(old) || got[b].Before(time.Now().Add(-time.Hour)) {
		t.Fatalf("List = %v, want %s at %s and %s now", got, a, old, b)
	}
	// Putting the same bytes again renews the blob's age.
	if _, err := d.Put(ctx, []byte("a")); err != nil {
		t.Fatal(err)
	}
	if got := listAll(t, d); got[a].Before(time.Now().Add(-time.Hour)) {
		t.Fatalf("after a second Put, %s is still dated %s", a, got[a])
	}
}

// TestListS3 lists the objects under the store's prefix only.
func TestListS3(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := fakeS3(t, "quarry")
	st, err := OpenS3(ctx, "s3://quarry/tenant-a", S3Options{Client: client})
	if err != nil {
		t.Fatal(err)
	}
	other, err := OpenS3(ctx, "s3://quarry/tenant-b", S3Options{Client: client})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := range 3 {
		k, err := st.Put(ctx, []byte{byte(i)})
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	if _, err := other.Put(ctx, []byte("elsewhere")); err != nil {
		t.Fatal(err)
	}
	got := listAll(t, st)
	if len(got) != len(keys) {
		t.Fatalf("List = %v, want %v", got, keys)
	}
	for _, k := range keys {
		if mod, ok := got[k]; !ok || mod.IsZero() {
			t.Fatalf("List lacks %s or its time: %v", k, got)
		}
	}
}

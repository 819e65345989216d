package blob

import (
	"context"
	"errors"
	"testing"
)

func TestDirRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k1, err := d.Put(ctx, []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := d.Put(ctx, []byte("hello"))
	if k1 != k2 || k1 != Key([]byte("hello")) {
		t.Fatalf("keys %s %s", k1, k2)
	}
	got, err := d.Get(ctx, k1)
	if err != nil || string(got) != "hello" {
		t.Fatalf("get = %q %v", got, err)
	}
	if err := d.Delete(ctx, k1); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, k1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if _, err := d.Get(ctx, "sha256/../../etc/passwd"); err == nil {
		t.Fatal("traversal key accepted")
	}
}

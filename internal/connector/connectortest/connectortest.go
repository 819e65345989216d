// Package connectortest is the conformance suite every connector driver
// passes: the same cases run against S3 (gofakes3), GCS (fake-gcs-server),
// Azure Blob (Azurite) and connector.Memory, so the source service can rely
// on one behaviour whatever the store.
package connectortest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/connector"
)

// Bucket is one fresh, empty bucket (or container) a case may use.
type Bucket struct {
	// Source reads and writes the bucket with good credentials.
	Source connector.Source
	// Delete removes the bucket and everything in it, as an operator
	// deleting it mid-sync would.
	Delete func(t *testing.T)
}

// Harness is what a driver's test hands the suite.
type Harness struct {
	// NewBucket creates a fresh, empty bucket for one case.
	NewBucket func(t *testing.T) Bucket
	// BadCredentials opens a source on an existing bucket with a wrong
	// key or secret; the first call must fail with BadCredentialsKind.
	BadCredentials func(t *testing.T) connector.Source
	// BadCredentialsKind is KindAuth (the zero value means that) unless
	// the emulator answers a wrong key the way the real store answers a
	// missing permission; the harness then says so and why.
	BadCredentialsKind connector.Kind
	// Denied, when set, opens a source whose credentials are valid but
	// lack the permission to list; List must fail with KindDenied.
	// Nil where the emulator cannot express a permission (the driver's
	// unit tests cover that mapping on a crafted SDK error instead).
	Denied func(t *testing.T) connector.Source
	// Unreachable, when set, opens a source whose endpoint refuses
	// connections; List must fail with KindNetwork.
	Unreachable func(t *testing.T) connector.Source
	// Many is how many objects the pagination case writes and lists
	// back; 0 means 10,000. A harness whose emulator is slow sets less
	// through ManyOr, so QUARRY_CONNECTOR_FULL=1 still runs 10,000.
	Many int
	// LargeSize is the body size of the multipart round trip; 0 means
	// 20 MiB (more than two of the drivers' 8 MiB parts).
	LargeSize int64
}

// ManyOr returns n, or 10,000 when QUARRY_CONNECTOR_FULL=1 asks every
// driver for the full-size listing.
func ManyOr(n int) int {
	if os.Getenv("QUARRY_CONNECTOR_FULL") == "1" {
		return 10000
	}
	return n
}

// pageLimit is the page size the cases ask for: small enough that the
// pagination case needs many pages.
const pageLimit = 1000

// Exercise runs every case against h. Cases run in parallel, each on its
// own bucket.
func Exercise(t *testing.T, h Harness) {
	t.Helper()
	cases := []struct {
		name string
		run  func(t *testing.T, h Harness)
	}{
		{"RoundTrip", roundTrip},
		{"ListsEveryObjectAcrossPages", listsEverything},
		{"PrefixFilters", prefixFilters},
		{"ETagChangesWithContent", etagChanges},
		{"WrongCredentials", wrongCredentials},
		{"Denied", denied},
		{"Unreachable", unreachable},
		{"BucketMissing", bucketMissing},
		{"BucketDeletedMidListing", bucketDeletedMidListing},
		{"ObjectMissing", objectMissing},
		{"LargePutIsStreamed", largePut},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, h)
		})
	}
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func put(t *testing.T, s connector.Source, key, body string) connector.Object {
	t.Helper()
	o, err := s.Put(ctxFor(t), key, strings.NewReader(body), "text/plain")
	if err != nil {
		t.Fatalf("Put %s: %v", key, err)
	}
	return o
}

// listAll walks every page of a listing and checks the pages on the way:
// keys strictly ascending across pages, no page over the limit.
func listAll(t *testing.T, s connector.Source, prefix string) []connector.Object {
	t.Helper()
	ctx := ctxFor(t)
	var all []connector.Object
	token := ""
	for pages := 0; ; pages++ {
		if pages > 100000 {
			t.Fatal("listing never ended")
		}
		p, err := s.List(ctx, connector.ListOptions{Prefix: prefix, Token: token, Limit: pageLimit})
		if err != nil {
			t.Fatalf("List page %d: %v", pages, err)
		}
		if len(p.Objects) > pageLimit {
			t.Fatalf("page %d has %d objects, limit %d", pages, len(p.Objects), pageLimit)
		}
		for _, o := range p.Objects {
			if n := len(all); n > 0 && all[n-1].Key >= o.Key {
				t.Fatalf("keys out of order: %q then %q", all[n-1].Key, o.Key)
			}
			all = append(all, o)
		}
		if p.Next == "" {
			return all
		}
		if p.Next == token {
			t.Fatalf("page token did not advance: %q", token)
		}
		token = p.Next
	}
}

func wantKind(t *testing.T, what string, err error, kinds ...connector.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want kind %v", what, kinds)
	}
	got := connector.KindOf(err)
	for _, k := range kinds {
		if got == k {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("%s: kind %s with an empty message", what, got)
			}
			return
		}
	}
	t.Fatalf("%s: kind %s (%v), want %v", what, got, err, kinds)
}

func roundTrip(t *testing.T, h Harness) {
	b := h.NewBucket(t)
	ctx := ctxFor(t)
	before := time.Now().Add(-time.Hour)
	stored := put(t, b.Source, "in/receipt 1.txt", "hello, quarry")
	if stored.Key != "in/receipt 1.txt" || stored.Size != 13 || stored.ETag == "" {
		t.Fatalf("Put reported %+v", stored)
	}
	if strings.Contains(stored.ETag, `"`) {
		t.Fatalf("ETag keeps its quotes: %s", stored.ETag)
	}
	r, o, err := b.Source.Open(ctx, "in/receipt 1.txt")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	_ = r.Close()
	if err != nil || string(data) != "hello, quarry" {
		t.Fatalf("Open read %q, %v", data, err)
	}
	if o.Key != stored.Key || o.Size != 13 || o.ETag != stored.ETag {
		t.Fatalf("Open reported %+v, Put reported %+v", o, stored)
	}
	all := listAll(t, b.Source, "")
	if len(all) != 1 {
		t.Fatalf("listing has %d objects, want 1: %+v", len(all), all)
	}
	l := all[0]
	if l.Key != stored.Key || l.Size != 13 || l.ETag != stored.ETag {
		t.Fatalf("List reported %+v, Put reported %+v", l, stored)
	}
	if l.Modified.Before(before) || l.Modified.After(time.Now().Add(time.Hour)) {
		t.Fatalf("List modified time %v is not about now", l.Modified)
	}
}

func manyKey(i int) string { return fmt.Sprintf("many/%05d.txt", i) }

func listsEverything(t *testing.T, h Harness) {
	n := h.Many
	if n == 0 {
		n = 10000
	}
	b := h.NewBucket(t)
	// A full-size run on a slow emulator takes minutes (see ManyOr);
	// the go test -timeout bounds it, not this context.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	// Concurrent puts keep the setup quick on an emulator.
	var wg sync.WaitGroup
	keys := make(chan int)
	errs := make(chan error, 1)
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range keys {
				if _, err := b.Source.Put(ctx, manyKey(i), strings.NewReader(manyKey(i)), "text/plain"); err != nil {
					select {
					case errs <- fmt.Errorf("putting %s: %w", manyKey(i), err):
					default:
					}
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		keys <- i
	}
	close(keys)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	all := listAll(t, b.Source, "many/")
	if len(all) != n {
		t.Fatalf("listed %d objects, want %d", len(all), n)
	}
	for i, o := range all {
		if o.Key != manyKey(i) || o.Size != int64(len(manyKey(i))) {
			t.Fatalf("object %d is %+v, want key %s", i, o, manyKey(i))
		}
	}
}

func prefixFilters(t *testing.T, h Harness) {
	b := h.NewBucket(t)
	for _, k := range []string{"a/1.pdf", "a/2.pdf", "ab/3.pdf", "b/1.pdf"} {
		put(t, b.Source, k, k)
	}
	got := listAll(t, b.Source, "a/")
	if len(got) != 2 || got[0].Key != "a/1.pdf" || got[1].Key != "a/2.pdf" {
		t.Fatalf("prefix a/ listed %+v", got)
	}
	if got := listAll(t, b.Source, "zzz/"); len(got) != 0 {
		t.Fatalf("prefix zzz/ listed %+v", got)
	}
	if got := listAll(t, b.Source, ""); len(got) != 4 {
		t.Fatalf("no prefix listed %d objects, want 4", len(got))
	}
}

func etagChanges(t *testing.T, h Harness) {
	b := h.NewBucket(t)
	put(t, b.Source, "doc.txt", "first version")
	first := listAll(t, b.Source, "")
	put(t, b.Source, "doc.txt", "second version, longer")
	second := listAll(t, b.Source, "")
	if len(first) != 1 || len(second) != 1 {
		t.Fatalf("listings: %+v then %+v", first, second)
	}
	if first[0].ETag == "" || first[0].ETag == second[0].ETag {
		t.Fatalf("ETag did not change with the content: %q then %q", first[0].ETag, second[0].ETag)
	}
	if second[0].Size != int64(len("second version, longer")) {
		t.Fatalf("size after change: %d", second[0].Size)
	}
}

func wrongCredentials(t *testing.T, h Harness) {
	want := h.BadCredentialsKind
	if want == "" {
		want = connector.KindAuth
	}
	s := h.BadCredentials(t)
	ctx := ctxFor(t)
	_, err := s.List(ctx, connector.ListOptions{Limit: 10})
	wantKind(t, "List with a wrong key", err, want)
	_, _, err = s.Open(ctx, "anything.pdf")
	wantKind(t, "Open with a wrong key", err, want)
	_, err = s.Put(ctx, "anything.pdf", strings.NewReader("x"), "text/plain")
	wantKind(t, "Put with a wrong key", err, want)
}

func denied(t *testing.T, h Harness) {
	if h.Denied == nil {
		t.Skip("the emulator cannot express a missing permission; the driver's unit test maps a crafted 403")
	}
	_, err := h.Denied(t).List(ctxFor(t), connector.ListOptions{Limit: 10})
	wantKind(t, "List without the list permission", err, connector.KindDenied)
}

func unreachable(t *testing.T, h Harness) {
	if h.Unreachable == nil {
		t.Skip("the harness has no unreachable endpoint")
	}
	_, err := h.Unreachable(t).List(ctxFor(t), connector.ListOptions{Limit: 10})
	wantKind(t, "List against a closed port", err, connector.KindNetwork)
}

func bucketMissing(t *testing.T, h Harness) {
	b := h.NewBucket(t)
	b.Delete(t)
	ctx := ctxFor(t)
	_, err := b.Source.List(ctx, connector.ListOptions{Limit: 10})
	wantKind(t, "List on a missing bucket", err, connector.KindBucketMissing)
	_, err = b.Source.Put(ctx, "x.txt", strings.NewReader("x"), "text/plain")
	wantKind(t, "Put into a missing bucket", err, connector.KindBucketMissing)
}

func bucketDeletedMidListing(t *testing.T, h Harness) {
	b := h.NewBucket(t)
	for i := 0; i < 5; i++ {
		put(t, b.Source, fmt.Sprintf("k%d", i), "x")
	}
	ctx := ctxFor(t)
	p, err := b.Source.List(ctx, connector.ListOptions{Limit: 2})
	if err != nil || len(p.Objects) != 2 || p.Next == "" {
		t.Fatalf("first page: %+v, %v", p, err)
	}
	b.Delete(t)
	_, err = b.Source.List(ctx, connector.ListOptions{Limit: 2, Token: p.Next})
	wantKind(t, "second page after the bucket was deleted", err, connector.KindBucketMissing)
}

func objectMissing(t *testing.T, h Harness) {
	b := h.NewBucket(t)
	put(t, b.Source, "there.txt", "x")
	_, _, err := b.Source.Open(ctxFor(t), "gone.txt")
	wantKind(t, "Open of a missing key", err, connector.KindObjectMissing)
}

// pattern is a deterministic body generator: it never holds more than
// the caller's buffer, so the Put under test cannot lean on a byte slice.
type pattern struct {
	left int64
	off  int64
}

func (p *pattern) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	for i := range b {
		// The byte depends on its offset only, so any read sizes give the
		// same stream.
		x := p.off + int64(i)
		b[i] = byte(x*31 + x>>9)
	}
	p.off += int64(len(b))
	p.left -= int64(len(b))
	return len(b), nil
}

func largePut(t *testing.T, h Harness) {
	size := h.LargeSize
	if size == 0 {
		size = 20 << 20
	}
	b := h.NewBucket(t)
	ctx := ctxFor(t)
	want := sha256.New()
	if _, err := io.Copy(want, &pattern{left: size}); err != nil {
		t.Fatal(err)
	}
	o, err := b.Source.Put(ctx, "big/scan.bin", &pattern{left: size}, "application/octet-stream")
	if err != nil {
		t.Fatal(err)
	}
	if o.Size != size || o.ETag == "" {
		t.Fatalf("Put reported %+v, want size %d", o, size)
	}
	r, _, err := b.Source.Open(ctx, "big/scan.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := sha256.New()
	n, err := io.Copy(got, r)
	if err != nil || n != size {
		t.Fatalf("read back %d bytes, %v", n, err)
	}
	if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Fatal("the object read back differs from what was put")
	}
}

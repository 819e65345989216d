package blob

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// fakeS3 serves an in-memory S3 and returns a client for it (path-style,
// like MinIO).
func fakeS3(t *testing.T, bucket string) *s3.Client {
	t.Helper()
	be := s3mem.New()
	if err := be.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	return s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AK", "SK", ""),
	})
}

func TestS3Store(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := fakeS3(t, "quarry")
	st, err := OpenS3(ctx, "s3://quarry/tenant-a/blobs", S3Options{Client: client})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("%PDF-1.4 not really")
	key, err := st.Put(ctx, data)
	if err != nil || key != Key(data) {
		t.Fatalf("Put = %q, %v", key, err)
	}
	if again, err := st.Put(ctx, data); err != nil || again != key {
		t.Fatalf("second Put = %q, %v", again, err)
	}
	got, err := st.Get(ctx, key)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Get = %q, %v", got, err)
	}
	// The object lives under the prefix.
	if _, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("quarry"), Key: aws.String("tenant-a/blobs/" + key)}); err != nil {
		t.Fatalf("object not under prefix: %v", err)
	}
	if err := st.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := st.Delete(ctx, key); err != nil {
		t.Fatalf("deleting a missing blob: %v", err)
	}
	if _, err := st.Get(ctx, "sha256/../../etc"); err == nil {
		t.Fatal("bad key accepted")
	}
	if _, err := OpenS3(ctx, "s3:///nobucket", S3Options{Client: client}); err == nil {
		t.Fatal("URL without bucket accepted")
	}
}

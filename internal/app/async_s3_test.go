package app_test

import (
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestAsyncWithS3Blobs runs the async path with file bytes in an
// S3-compatible bucket (gofakes3, path-style like MinIO) configured only
// through the environment, as a deployment would.
func TestAsyncWithS3Blobs(t *testing.T) {
	be := s3mem.New()
	if err := be.CreateBucket("quarry"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	defer srv.Close()
	for k, v := range map[string]string{
		"QUARRY_S3_ENDPOINT": srv.URL, "AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK",
		"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	e := newEnvWith(t, backends[0], map[string]string{"QUARRY_BLOB_URL": "s3://quarry/blobs"})
	w := e.open(t)
	w.StartWorkers(fastJobs(w.JobConfig(1)))
	id, code := e.submit(t, "", true)
	if code != 202 {
		t.Fatalf("submit = %d", code)
	}
	e.waitSettled(t, 20e9)
	e.checkExactlyOnce(t, []string{id})
	list, err := be.ListBucket("quarry", nil, gofakes3.ListBucketPage{})
	if err != nil || len(list.Contents) != 1 || list.Contents[0].Key[:13] != "blobs/sha256/" {
		t.Fatalf("bucket holds %v (%v), want the one submitted file under blobs/", list, err)
	}
}

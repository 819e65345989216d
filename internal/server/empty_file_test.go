package server_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
)

// TestEmptyFileIsTheSameInBothModes: an empty file used to be 200 in
// multipart mode and 400 in JSON mode; both are now 422 unsupported_file
// naming the file, on the sync and the async route.
func TestEmptyFileIsTheSameInBothModes(t *testing.T) {
	t.Parallel()
	_, ts := edgeServer(t, nil, nil)
	multipartEmpty := func() (string, *bytes.Buffer) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("files", "ok.txt")
		w.Write([]byte("Invoice 42 from Acme"))
		_, _ = mw.CreateFormFile("files", "empty.txt") // no bytes
		mw.Close()
		return mw.FormDataContentType(), &buf
	}
	cases := []struct {
		name, path string
		multipart  bool
	}{
		{name: "JSONSync", path: "/api/v1/extract"},
		{name: "MultipartSync", path: "/api/v1/extract", multipart: true},
		{name: "JSONAsync", path: "/api/v1/extractions"},
		{name: "MultipartAsync", path: "/api/v1/extractions", multipart: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var r edgeResponse
			if c.multipart {
				ct, body := multipartEmpty()
				r = edgeDo(t, ts, "POST", c.path, ct, body, nil)
			} else {
				body := `{"files":[{"filename":"ok.txt","content_base64":"` + edgeText + `"},{"filename":"empty.txt","content_base64":""}]}`
				r = edgeDo(t, ts, "POST", c.path, "application/json", strings.NewReader(body), nil)
			}
			ext, _ := r.body["extensions"].(map[string]any)
			if r.status != 422 || r.body["code"] != "unsupported_file" || ext["filename"] != "empty.txt" {
				t.Fatalf("got %d %v: %s", r.status, r.body["code"], r.raw)
			}
		})
	}
	// A missing content_base64 is still a malformed JSON-mode body, not an
	// empty file.
	t.Run("JSONMissingContent", func(t *testing.T) {
		t.Parallel()
		r := edgeDo(t, ts, "POST", "/api/v1/extract", "application/json", strings.NewReader(`{"files":[{"filename":"a.txt"}]}`), nil)
		if r.status != 400 || !strings.Contains(r.detail(), "files[0].content_base64") {
			t.Fatalf("got %d: %s", r.status, r.raw)
		}
	})
	t.Run("JSONNullContent", func(t *testing.T) {
		t.Parallel()
		r := edgeDo(t, ts, "POST", "/api/v1/extract", "application/json", strings.NewReader(`{"files":[{"filename":"a.txt","content_base64":null}]}`), nil)
		if r.status != 400 || !strings.Contains(r.detail(), "files[0].content_base64") {
			t.Fatalf("got %d: %s", r.status, r.raw)
		}
	})
}

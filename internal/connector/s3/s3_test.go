package s3

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/connector/connectortest"
)

// The access keys the fake store knows. gofakes3 checks no credentials
// at all, so authFront answers for it the way S3 does: an unknown key
// gets InvalidAccessKeyId, the read-nothing key gets AccessDenied. A
// wrong secret for a known key (SignatureDoesNotMatch) needs a SigV4
// verifier the emulator lacks; TestClassify maps that code instead.
const (
	goodKey   = "AKIAQUARRYGOOD"
	deniedKey = "AKIAQUARRYDENIED"
)

var credential = regexp.MustCompile(`Credential=([^/]+)/`)

func authFront(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := credential.FindStringSubmatch(r.Header.Get("Authorization"))
		switch {
		case m != nil && m[1] == goodKey:
			next.ServeHTTP(w, r)
		case m != nil && m[1] == deniedKey:
			s3Error(w, "AccessDenied", "Access Denied")
		default:
			s3Error(w, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
		}
	})
}

func s3Error(w http.ResponseWriter, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, msg)
}

type fake struct {
	url     string
	backend *s3mem.Backend
	n       atomic.Int64
}

func newFake(t *testing.T) *fake {
	t.Helper()
	be := s3mem.New()
	srv := httptest.NewServer(authFront(gofakes3.New(be).Server()))
	t.Cleanup(srv.Close)
	return &fake{url: srv.URL, backend: be}
}

func (f *fake) source(t *testing.T, bucket, key, endpoint string) connector.Source {
	t.Helper()
	s, err := connector.Open(context.Background(), "s3", connector.Config{
		"bucket": bucket, "region": "eu-west-1", "endpoint": endpoint, "path_style": true,
		"aws_access_key_id": key, "aws_secret_access_key": "secret",
	}, connector.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func (f *fake) bucket(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("bucket-%d", f.n.Add(1))
	if err := f.backend.CreateBucket(name); err != nil {
		t.Fatal(err)
	}
	return name
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}

func TestConformance(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	connectortest.Exercise(t, connectortest.Harness{
		NewBucket: func(t *testing.T) connectortest.Bucket {
			name := f.bucket(t)
			return connectortest.Bucket{
				Source: f.source(t, name, goodKey, f.url),
				Delete: func(t *testing.T) {
					if err := f.backend.ForceDeleteBucket(name); err != nil {
						t.Fatal(err)
					}
				},
			}
		},
		BadCredentials: func(t *testing.T) connector.Source { return f.source(t, f.bucket(t), "AKIAWRONG", f.url) },
		Denied:         func(t *testing.T) connector.Source { return f.source(t, f.bucket(t), deniedKey, f.url) },
		Unreachable:    func(t *testing.T) connector.Source { return f.source(t, "b", goodKey, closedPort(t)) },
	})
}

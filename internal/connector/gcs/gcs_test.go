package gcs

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fsouza/fake-gcs-server/fakestorage"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/connector/connectortest"
)

// fake-gcs-server checks no credentials. The test puts a small Google in
// front of it so the driver's real auth path runs: the service-account
// JSON names this server's /token as its token_uri; /token checks the
// JWT's RS256 signature against the key registered for its issuer and
// answers invalid_grant otherwise, as Google does for a deleted or wrong
// key; the storage routes then accept only the tokens /token issued.
// The "reader" account gets a token but a 403 on every storage call, the
// way an account without storage.objects.list does.
type fake struct {
	url    string
	server *fakestorage.Server
	keys   map[string]*rsa.PublicKey // client_email -> public key
	n      atomic.Int64
}

const (
	owner  = "quarry-owner@quarry-test.iam.gserviceaccount.com"
	reader = "quarry-reader@quarry-test.iam.gserviceaccount.com"
)

var (
	keyOnce             sync.Once
	ownerKey, readerKey *rsa.PrivateKey
	strangerKey         *rsa.PrivateKey
)

// testKeys makes three RSA keys once per test binary (1024 bits: enough
// for a signature check, quick on a busy machine).
func testKeys(t *testing.T) {
	keyOnce.Do(func() {
		var err error
		for _, k := range []**rsa.PrivateKey{&ownerKey, &readerKey, &strangerKey} {
			if *k, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
				panic(err)
			}
		}
	})
}

func newFake(t *testing.T) *fake {
	t.Helper()
	testKeys(t)
	front := httptest.NewUnstartedServer(nil)
	addr := front.Listener.Addr().String()
	srv, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		NoListener: true, Scheme: "http", ExternalURL: "http://" + addr, PublicHost: addr,
	})
	if err != nil {
		t.Fatal(err)
	}
	f := &fake{url: "http://" + addr, server: srv, keys: map[string]*rsa.PublicKey{owner: &ownerKey.PublicKey, reader: &readerKey.PublicKey}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", f.token)
	mux.Handle("/", f.guard(srv.HTTPHandler()))
	front.Config.Handler = mux
	front.Start()
	t.Cleanup(func() { front.Close(); srv.Stop() })
	return f
}

func (f *fake) token(w http.ResponseWriter, r *http.Request) {
	iss, ok := f.verify(r.FormValue("assertion"))
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`)
		return
	}
	fmt.Fprintf(w, `{"access_token":"tok-%s","token_type":"Bearer","expires_in":3600}`, iss)
}

// verify checks an RS256 JWT and returns its issuer.
func (f *fake) verify(jwt string) (string, bool) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return "", false
	}
	claims, err1 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err2 := base64.RawURLEncoding.DecodeString(parts[2])
	var c struct{ Iss string }
	if err1 != nil || err2 != nil || json.Unmarshal(claims, &c) != nil || f.keys[c.Iss] == nil {
		return "", false
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return c.Iss, rsa.VerifyPKCS1v15(f.keys[c.Iss], crypto.SHA256, sum[:], sig) == nil
}

func (f *fake) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Header.Get("Authorization") {
		case "Bearer tok-" + owner:
			next.ServeHTTP(w, r)
		case "Bearer tok-" + reader:
			gcsError(w, http.StatusForbidden, reader+" does not have storage.objects.list access to the Google Cloud Storage bucket.")
		default:
			gcsError(w, http.StatusUnauthorized, "Invalid Credentials")
		}
	})
}

func gcsError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"error":{"code":%d,"message":%q,"errors":[{"message":%q,"reason":"forbidden"}]}}`, code, msg, msg)
}

// serviceAccount writes the JSON key a user would paste: email, PEM
// private key and this fake's token_uri.
func (f *fake) serviceAccount(email string, key *rsa.PrivateKey) string {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "quarry-test", "private_key_id": "k1",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": email, "client_id": "1", "token_uri": f.url + "/token",
	})
	return string(b)
}

func (f *fake) source(t *testing.T, bucket, creds, endpoint string) connector.Source {
	t.Helper()
	s, err := connector.Open(context.Background(), "gcs", connector.Config{
		"project_id": "quarry-test", "bucket": bucket, "credentials_json": creds, "endpoint": endpoint,
	}, connector.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func (f *fake) bucket(t *testing.T) string {
	name := fmt.Sprintf("bucket-%d", f.n.Add(1))
	f.server.CreateBucketWithOpts(fakestorage.CreateBucketOpts{Name: name})
	return name
}

// deleteBucket empties and removes a bucket (the backend refuses to
// delete a bucket that still holds objects, as GCS does).
func (f *fake) deleteBucket(t *testing.T, name string) {
	t.Helper()
	be := f.server.Backend()
	objs, err := be.ListObjects(name, "", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if err := be.DeleteObject(name, o.Name); err != nil {
			t.Fatal(err)
		}
	}
	if err := be.DeleteBucket(name); err != nil {
		t.Fatal(err)
	}
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
	good := f.serviceAccount(owner, ownerKey)
	connectortest.Exercise(t, connectortest.Harness{
		// fake-gcs-server's memory backend finds an object by a linear
		// scan that formats every entry, so n puts cost O(n²): 10,000
		// take minutes (its file backend is slower still). 2,000 still
		// spans pages; the 10,000-object case runs on S3 and Memory, and
		// here with QUARRY_CONNECTOR_FULL=1.
		Many: connectortest.ManyOr(2000),
		NewBucket: func(t *testing.T) connectortest.Bucket {
			name := f.bucket(t)
			return connectortest.Bucket{
				Source: f.source(t, name, good, f.url),
				Delete: func(t *testing.T) { f.deleteBucket(t, name) },
			}
		},
		// The owner's email signed with a key Google does not know.
		BadCredentials: func(t *testing.T) connector.Source {
			return f.source(t, f.bucket(t), f.serviceAccount(owner, strangerKey), f.url)
		},
		Denied: func(t *testing.T) connector.Source {
			return f.source(t, f.bucket(t), f.serviceAccount(reader, readerKey), f.url)
		},
		Unreachable: func(t *testing.T) connector.Source {
			// No credentials: an emulator endpoint may run without, and
			// the token exchange would fail first otherwise.
			return f.source(t, "b", "", closedPort(t))
		},
	})
}

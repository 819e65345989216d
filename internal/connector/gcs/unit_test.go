package gcs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"cloud.google.com/go/storage"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/quarrydev/quarry/internal/connector"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	testKeys(t)
	f := &fake{url: "http://127.0.0.1:1"}
	good := connector.Config{"project_id": "p", "bucket": "b", "credentials_json": f.serviceAccount(owner, ownerKey)}
	if err := validate(good); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		cfg  connector.Config
		want string
	}{
		"no project":     {connector.Config{"bucket": "b", "credentials_json": "{}"}, `"project_id"`},
		"no credentials": {connector.Config{"project_id": "p", "bucket": "b"}, `"credentials_json"`},
		"not JSON":       {connector.Config{"project_id": "p", "bucket": "b", "credentials_json": "hunter2"}, "not a service-account key"},
		// Other credential types can name files or programs to run
		// (external_account's executable source): refused.
		"external account": {connector.Config{"project_id": "p", "bucket": "b", "credentials_json": `{"type":"external_account","audience":"x","subject_token_type":"y","token_url":"http://x","credential_source":{"executable":{"command":"/bin/sh"}}}`}, "not a service-account key"},
		"user account":     {connector.Config{"project_id": "p", "bucket": "b", "credentials_json": `{"type":"authorized_user","client_id":"a","client_secret":"b","refresh_token":"c"}`}, "not a service-account key"},
		"bad endpoint":     {connector.Config{"project_id": "p", "bucket": "b", "endpoint": "gopher://x"}, `"endpoint"`},
	} {
		err := validate(c.cfg)
		if connector.KindOf(err) != connector.KindConfig || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a config error naming %s", name, err, c.want)
		}
	}
	// An emulator endpoint may go without credentials.
	if err := validate(connector.Config{"project_id": "p", "bucket": "b", "endpoint": "http://127.0.0.1:4443"}); err != nil {
		t.Fatal(err)
	}
}

// TestClassify covers errors on the shapes the client returns,
// including ones fake-gcs-server never sends.
func TestClassify(t *testing.T) {
	t.Parallel()
	s := &source{name: "docs"}
	for _, c := range []struct {
		err  error
		op   op
		kind connector.Kind
		msg  string
	}{
		{&oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant", ErrorDescription: "Invalid JWT Signature."}, opList, connector.KindAuth, "Invalid JWT Signature"},
		{fmt.Errorf("Get x: %w", &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}), opList, connector.KindOther, "try again"},
		{&googleapi.Error{Code: 401}, opList, connector.KindAuth, "credentials_json"},
		{&googleapi.Error{Code: 403}, opList, connector.KindDenied, "storage.objects.list on bucket docs"},
		{&googleapi.Error{Code: 403}, opGet, connector.KindDenied, "storage.objects.get"},
		{&googleapi.Error{Code: 403}, opPut, connector.KindDenied, "storage.objects.create"},
		{&googleapi.Error{Code: 404}, opList, connector.KindBucketMissing, "Bucket docs does not exist"},
		{&googleapi.Error{Code: 404}, opPut, connector.KindBucketMissing, "Bucket docs"},
		{&googleapi.Error{Code: 404}, opGet, connector.KindObjectMissing, `"a.pdf"`},
		{storage.ErrBucketNotExist, opGet, connector.KindBucketMissing, "docs"},
		{storage.ErrObjectNotExist, opGet, connector.KindObjectMissing, "a.pdf"},
		{&net.DNSError{Err: "no such host", Name: "storage.example", IsNotFound: true}, opList, connector.KindNetwork, "could not be reached"},
		{&googleapi.Error{Code: 500}, opList, connector.KindOther, "GCS"},
	} {
		got := s.classify(c.err, c.op, "a.pdf")
		if connector.KindOf(got) != c.kind || !strings.Contains(got.Error(), c.msg) {
			t.Errorf("%v on %s: %s %q, want %s containing %q", c.err, c.op, connector.KindOf(got), got, c.kind, c.msg)
		}
		if !errors.Is(got, c.err) {
			t.Errorf("%v: the cause is not kept", c.err)
		}
	}
}

type countingTransport struct {
	token, api atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/token" {
		c.token.Add(1)
	} else {
		c.api.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestUsesTheGivenHTTPClient: the token exchange (token_uri is the
// caller's) and the storage calls both go through the service's client,
// which carries the SSRF guard.
func TestUsesTheGivenHTTPClient(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	name := f.bucket(t)
	ct := &countingTransport{}
	s, err := connector.Open(context.Background(), "gcs", connector.Config{
		"project_id": "quarry-test", "bucket": name, "endpoint": f.url,
		"credentials_json": f.serviceAccount(owner, ownerKey),
	}, connector.Options{HTTPClient: &http.Client{Transport: ct}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(context.Background(), "a.txt", strings.NewReader("a"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(context.Background(), connector.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if ct.token.Load() != 1 || ct.api.Load() < 2 {
		t.Fatalf("through the given client: %d token exchanges (want 1), %d API calls (want >= 2)", ct.token.Load(), ct.api.Load())
	}
}

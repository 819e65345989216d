package azure

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/quarrydev/quarry/internal/connector"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	good := connector.Config{"account_name": "acct", "container_name": "docs", "account_key": devKey}
	if err := validate(good); err != nil {
		t.Fatal(err)
	}
	if got := serviceURL(good); got != "https://acct.blob.core.windows.net" {
		t.Fatalf("default endpoint %s", got)
	}
	for name, c := range map[string]struct {
		cfg  connector.Config
		want string
	}{
		"no container":   {connector.Config{"account_name": "a", "account_key": devKey}, `"container_name"`},
		"no key":         {connector.Config{"account_name": "a", "container_name": "c"}, `"account_key"`},
		"key not base64": {connector.Config{"account_name": "a", "container_name": "c", "account_key": "not base64!"}, "base64"},
		"bad endpoint":   {connector.Config{"account_name": "a", "container_name": "c", "account_key": devKey, "endpoint": "127.0.0.1:10000"}, `"endpoint"`},
	} {
		err := validate(c.cfg)
		if connector.KindOf(err) != connector.KindConfig || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a config error naming %s", name, err, c.want)
		}
	}
}

func respErr(status int, code string) error {
	return &azcore.ResponseError{StatusCode: status, ErrorCode: code}
}

// TestClassify covers answers Azurite cannot give (a key without a
// permission, network rules), on the SDK's error type.
func TestClassify(t *testing.T) {
	t.Parallel()
	s := &source{account: "acct", name: "docs"}
	for _, c := range []struct {
		err  error
		op   op
		kind connector.Kind
		msg  string
	}{
		{respErr(403, "AuthenticationFailed"), opList, connector.KindAuth, "account key is wrong for storage account acct"},
		{respErr(403, "AuthorizationPermissionMismatch"), opList, connector.KindDenied, "list blobs"},
		{respErr(403, "AuthorizationFailure"), opPut, connector.KindDenied, "write blobs"},
		{respErr(403, "AuthorizationSourceIPMismatch"), opGet, connector.KindDenied, "network rules"},
		{respErr(404, "ContainerNotFound"), opGet, connector.KindBucketMissing, "Container docs does not exist"},
		{respErr(404, "BlobNotFound"), opGet, connector.KindObjectMissing, `"a.pdf"`},
		{respErr(404, ""), opGet, connector.KindObjectMissing, `"a.pdf"`}, // a HEAD: no code
		{respErr(404, ""), opList, connector.KindBucketMissing, "docs"},
		{respErr(403, ""), opList, connector.KindDenied, "docs"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, opList, connector.KindNetwork, "could not be reached"},
		{respErr(500, "InternalError"), opList, connector.KindOther, "Azure"},
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

type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// TestUsesTheGivenHTTPClient: the SSRF guard lives in the client the
// service passes; the driver must send through it.
func TestUsesTheGivenHTTPClient(t *testing.T) {
	t.Parallel()
	needAzurite(t)
	name, _ := newContainer(t)
	ct := &countingTransport{}
	s, err := connector.Open(context.Background(), "azure_blob", connector.Config{
		"account_name": devAccount, "container_name": name, "account_key": devKey, "endpoint": azuriteURL,
	}, connector.Options{HTTPClient: &http.Client{Transport: ct}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(testCtx(t), "a.txt", strings.NewReader("a"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(testCtx(t), connector.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if ct.n.Load() < 2 {
		t.Fatalf("%d requests went through the given client, want >= 2", ct.n.Load())
	}
}

package s3

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/quarrydev/quarry/internal/connector"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	good := connector.Config{"bucket": "docs", "region": "eu-west-1", "aws_access_key_id": "AK", "aws_secret_access_key": "SK"}
	if err := validate(good); err != nil {
		t.Fatal(err)
	}
	// The Python SDK's spelling of the key fields is accepted too.
	if err := validate(connector.Config{"bucket": "docs", "region": "eu-west-1", "access_key_id": "AK", "secret_access_key": "SK"}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		cfg  connector.Config
		want string
	}{
		"no bucket":        {connector.Config{"region": "r", "aws_access_key_id": "AK", "aws_secret_access_key": "SK"}, `"bucket"`},
		"no secret":        {connector.Config{"bucket": "b", "region": "r", "aws_access_key_id": "AK"}, `"aws_secret_access_key"`},
		"no region on AWS": {connector.Config{"bucket": "b", "aws_access_key_id": "AK", "aws_secret_access_key": "SK"}, `"region"`},
		"bad endpoint":     {connector.Config{"bucket": "b", "aws_access_key_id": "AK", "aws_secret_access_key": "SK", "endpoint": "ftp://x"}, `"endpoint"`},
	} {
		err := validate(c.cfg)
		if connector.KindOf(err) != connector.KindConfig || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a config error naming %s", name, err, c.want)
		}
	}
	// A MinIO-style endpoint needs no region.
	if err := validate(connector.Config{"bucket": "b", "aws_access_key_id": "AK", "aws_secret_access_key": "SK", "endpoint": "http://minio:9000"}); err != nil {
		t.Fatal(err)
	}
	d, ok := connector.Lookup("s3")
	if !ok || d.Endpoint(connector.Config{"endpoint": "http://minio:9000"}) != "http://minio:9000" {
		t.Fatal("the s3 driver is not registered with its Endpoint")
	}
}

func status(code int) error {
	return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: code}}, Err: errors.New("http error"),
	}}
}

// TestClassify covers codes the test store never sends (expired tokens,
// region redirects, bodiless HEAD answers), on errors shaped as the SDK
// returns them.
func TestClassify(t *testing.T) {
	t.Parallel()
	s := &source{bucket: "docs"}
	for _, c := range []struct {
		err  error
		op   op
		kind connector.Kind
		msg  string
	}{
		{&smithy.GenericAPIError{Code: "SignatureDoesNotMatch"}, opList, connector.KindAuth, "access key or secret is wrong"},
		{&smithy.GenericAPIError{Code: "InvalidAccessKeyId"}, opGet, connector.KindAuth, "access key or secret is wrong"},
		{&smithy.GenericAPIError{Code: "ExpiredToken"}, opList, connector.KindAuth, "wrong"},
		{&smithy.GenericAPIError{Code: "AccessDenied"}, opList, connector.KindDenied, "s3:ListBucket on bucket docs"},
		{&smithy.GenericAPIError{Code: "AccessDenied"}, opGet, connector.KindDenied, "s3:GetObject"},
		{&smithy.GenericAPIError{Code: "AccessDenied"}, opPut, connector.KindDenied, "s3:PutObject"},
		{&smithy.GenericAPIError{Code: "NoSuchBucket"}, opGet, connector.KindBucketMissing, "Bucket docs does not exist"},
		{&smithy.GenericAPIError{Code: "NoSuchKey"}, opGet, connector.KindObjectMissing, `"a.pdf" does not exist`},
		{&smithy.GenericAPIError{Code: "PermanentRedirect"}, opList, connector.KindConfig, "region"},
		{status(404), opGet, connector.KindObjectMissing, "a.pdf"}, // a HEAD: no code, only the status
		{status(404), opList, connector.KindBucketMissing, "docs"},
		{status(403), opGet, connector.KindDenied, "s3:GetObject"},
		{status(401), opList, connector.KindAuth, "wrong"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, opList, connector.KindNetwork, "could not be reached"},
		{status(500), opList, connector.KindOther, "S3"},
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

// TestUsesTheGivenHTTPClient: the service's SSRF guard lives in the
// client it passes, so every request must go through it.
func TestUsesTheGivenHTTPClient(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	name := f.bucket(t)
	ct := &countingTransport{}
	s, err := connector.Open(context.Background(), "s3", connector.Config{
		"bucket": name, "endpoint": f.url, "path_style": "true",
		"aws_access_key_id": goodKey, "aws_secret_access_key": goodSecret,
	}, connector.Options{HTTPClient: &http.Client{Transport: ct}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(context.Background(), "a.txt", strings.NewReader("a"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(context.Background(), connector.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if ct.n.Load() < 3 {
		t.Fatalf("%d requests went through the given client, want every one (>= 3)", ct.n.Load())
	}
}

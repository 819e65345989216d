// Package s3 is the connector driver for Amazon S3 and the stores that
// speak its API (MinIO, Ceph, Cloudflare R2, ...), on the AWS SDK v2.
// It registers itself as type "s3"; import it for its side effect.
package s3

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/quarrydev/quarry/internal/connector"
)

// Upload shape: bodies up to one part go in a single PutObject; larger
// ones in 8 MiB parts, four in flight, so one Put holds at most about
// (Concurrency+2) parts in memory whatever the body's size.
const (
	partSize    = 8 << 20
	concurrency = 4
)

func init() {
	connector.Register(connector.Driver{
		Type:     "s3",
		Validate: validate,
		Open:     open,
		Endpoint: func(cfg connector.Config) string { return cfg.String("endpoint") },
	})
}

// Both spellings of the key fields are in use: the docs say
// aws_access_key_id, the Python SDK sends access_key_id.
var (
	keyID  = []string{"aws_access_key_id", "access_key_id"}
	secret = []string{"aws_secret_access_key", "secret_access_key"}
)

func validate(cfg connector.Config) error {
	if err := cfg.Require([]string{"bucket"}, keyID, secret); err != nil {
		return err
	}
	ep := cfg.String("endpoint")
	// AWS needs the region to sign; an S3-compatible store behind an
	// endpoint usually ignores it, so it defaults there.
	if ep == "" && cfg.String("region") == "" {
		return connector.Errorf(connector.KindConfig, nil, `config field "region" is required (e.g. "us-east-1")`)
	}
	if ep != "" {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return connector.Errorf(connector.KindConfig, err, `config field "endpoint" must be an http(s) URL, got %q`, ep)
		}
	}
	return nil
}

type source struct {
	client   *s3.Client
	transfer *transfermanager.Client
	bucket   string
}

func open(_ context.Context, cfg connector.Config, opt connector.Options) (connector.Source, error) {
	if err := validate(cfg); err != nil {
		return nil, err
	}
	region := cfg.String("region")
	if region == "" {
		region = "us-east-1"
	}
	// Options built by hand, not config.LoadDefaultConfig: that would
	// read AWS_* and ~/.aws from Quarry's own environment, and a tenant
	// must only ever get the keys in its own config.
	o := s3.Options{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(cfg.String(keyID...), cfg.String(secret...), ""),
		UsePathStyle: cfg.Bool("path_style"),
	}
	if opt.HTTPClient != nil {
		o.HTTPClient = opt.HTTPClient
	} else {
		o.HTTPClient = http.DefaultClient
	}
	if ep := cfg.String("endpoint"); ep != "" {
		o.BaseEndpoint = aws.String(ep)
		// Many S3-compatible stores reject the newer default checksums
		// (aws-chunked trailers); send and check them only when the
		// operation requires it.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	}
	client := s3.New(o)
	tm := transfermanager.New(client, func(t *transfermanager.Options) {
		t.PartSizeBytes = partSize
		t.MultipartUploadThreshold = partSize
		t.Concurrency = concurrency
		if o.BaseEndpoint != nil {
			t.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		}
	})
	return &source{client: client, transfer: tm, bucket: cfg.String("bucket")}, nil
}

func (s *source) List(ctx context.Context, opt connector.ListOptions) (connector.Page, error) {
	limit := opt.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), MaxKeys: aws.Int32(int32(limit))}
	if opt.Prefix != "" {
		in.Prefix = aws.String(opt.Prefix)
	}
	if opt.Token != "" {
		in.ContinuationToken = aws.String(opt.Token)
	}
	out, err := s.client.ListObjectsV2(ctx, in)
	if err != nil {
		return connector.Page{}, s.classify(err, opList, "")
	}
	p := connector.Page{Objects: make([]connector.Object, 0, len(out.Contents))}
	for _, c := range out.Contents {
		p.Objects = append(p.Objects, connector.Object{
			Key: aws.ToString(c.Key), Size: aws.ToInt64(c.Size),
			ETag: etag(c.ETag), Modified: aws.ToTime(c.LastModified).UTC(),
		})
	}
	if aws.ToBool(out.IsTruncated) {
		p.Next = aws.ToString(out.NextContinuationToken)
	}
	return p, nil
}

func (s *source) Open(ctx context.Context, key string) (io.ReadCloser, connector.Object, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return nil, connector.Object{}, s.classify(err, opGet, key)
	}
	return out.Body, connector.Object{
		Key: key, Size: aws.ToInt64(out.ContentLength),
		ETag: etag(out.ETag), Modified: aws.ToTime(out.LastModified).UTC(),
	}, nil
}

func (s *source) Put(ctx context.Context, key string, r io.Reader, contentType string) (connector.Object, error) {
	in := &transfermanager.UploadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key), Body: r}
	if contentType != "" {
		in.ContentType = aws.String(contentType)
	}
	if _, err := s.transfer.UploadObject(ctx, in); err != nil {
		return connector.Object{}, s.classify(err, opPut, key)
	}
	// A multipart upload's answer carries no size or time: ask the store
	// what it kept, so Put reports what a listing will.
	head, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return connector.Object{}, s.classify(err, opGet, key)
	}
	return connector.Object{
		Key: key, Size: aws.ToInt64(head.ContentLength),
		ETag: etag(head.ETag), Modified: aws.ToTime(head.LastModified).UTC(),
	}, nil
}

func (s *source) Close() error { return nil }

// etag strips the quotes S3 keeps around the value.
func etag(p *string) string { return strings.Trim(aws.ToString(p), `"`) }

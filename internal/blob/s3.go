package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3 is a Store in an S3-compatible bucket under a key prefix.
type S3 struct {
	client *s3.Client
	bucket string
	prefix string
}

// S3Options are the settings beyond the standard AWS environment
// (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles...).
type S3Options struct {
	Endpoint  string // QUARRY_S3_ENDPOINT: MinIO, Ceph, R2... ("" = AWS)
	PathStyle bool   // bucket in the path, not the host name (MinIO-like stores)
	// Client overrides everything else (tests).
	Client *s3.Client
}

// OpenS3 opens s3://bucket/prefix.
func OpenS3(ctx context.Context, rawURL string, o S3Options) (*S3, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("blob: %q is not s3://bucket/prefix", rawURL)
	}
	st := &S3{client: o.Client, bucket: u.Host, prefix: strings.Trim(u.Path, "/")}
	if st.client == nil {
		cfg, err := awsconfig.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("blob: aws config: %w", err)
		}
		if cfg.Region == "" {
			cfg.Region = "us-east-1" // S3-compatible stores mostly ignore it, but the signer needs one
		}
		st.client = s3.NewFromConfig(cfg, func(so *s3.Options) {
			if o.Endpoint != "" {
				so.BaseEndpoint = aws.String(o.Endpoint)
			}
			so.UsePathStyle = o.PathStyle
		})
	}
	return st, nil
}

func (s *S3) objectKey(key string) (string, error) {
	if !validKey(key) {
		return "", fmt.Errorf("blob: bad key %q", key)
	}
	return path.Join(s.prefix, key), nil
}

// Put uploads data under its content address. Uploading the same bytes
// again rewrites identical content, so no existence check is needed.
func (s *S3) Put(ctx context.Context, data []byte) (string, error) {
	key := Key(data)
	k, _ := s.objectKey(key)
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &s.bucket, Key: &k, Body: bytes.NewReader(data), ContentLength: aws.Int64(int64(len(data))),
	})
	if err != nil {
		return "", fmt.Errorf("blob: s3 put: %w", err)
	}
	return key, nil
}

// Get downloads a blob.
func (s *S3) Get(ctx context.Context, key string) ([]byte, error) {
	k, err := s.objectKey(key)
	if err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &k})
	if err != nil {
		if isNotFound(err) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("blob: s3 get: %w", err)
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}

// Delete removes a blob; S3 deletes of missing keys succeed already.
func (s *S3) Delete(ctx context.Context, key string) error {
	k, err := s.objectKey(key)
	if err != nil {
		return err
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &k}); err != nil && !isNotFound(err) {
		return fmt.Errorf("blob: s3 delete: %w", err)
	}
	return nil
}

func isNotFound(err error) bool {
	var nsk *types.NoSuchKey
	var nf *types.NotFound
	var api smithy.APIError
	return errors.As(err, &nsk) || errors.As(err, &nf) || (errors.As(err, &api) && api.ErrorCode() == "NoSuchKey")
}

func validKey(key string) bool {
	return strings.HasPrefix(key, "sha256/") && len(key) == len("sha256/")+64 && !strings.ContainsAny(key[7:], "./\\")
}

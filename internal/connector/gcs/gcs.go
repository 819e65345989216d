// Package gcs is the connector driver for Google Cloud Storage, on the
// official cloud.google.com/go/storage client. It registers itself as
// type "gcs"; import it for its side effect.
package gcs

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"cloud.google.com/go/storage"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"

	"github.com/quarrydev/quarry/internal/connector"
)

// chunkSize is the resumable upload's chunk: the writer holds one chunk
// in memory, so a Put costs 8 MiB whatever the body's size.
const (
	chunkSize  = 8 << 20
	smallChunk = 256 << 10 // the API's chunk granularity
)

func init() {
	connector.Register(connector.Driver{
		Type:     "gcs",
		Validate: validate,
		Open:     open,
		Endpoint: func(cfg connector.Config) string { return cfg.String("endpoint") },
	})
}

func validate(cfg connector.Config) error {
	if err := cfg.Require([]string{"project_id"}, []string{"bucket"}); err != nil {
		return err
	}
	ep := cfg.String("endpoint")
	if ep != "" {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return connector.Errorf(connector.KindConfig, err, `config field "endpoint" must be an http(s) URL, got %q`, ep)
		}
	}
	// An emulator behind an endpoint may run without credentials; Google
	// itself never does.
	if cfg.String("credentials_json") == "" {
		if ep == "" {
			return connector.Errorf(connector.KindConfig, nil, `config field "credentials_json" is required (a service-account key as a JSON string)`)
		}
		return nil
	}
	_, err := credentials(context.Background(), cfg)
	return err
}

// credentials parses the service-account key. Only the service_account
// type is accepted: the other Google credential types can name files or
// programs to run on this machine, which a tenant must not choose.
func credentials(ctx context.Context, cfg connector.Config) (*google.Credentials, error) {
	c, err := google.CredentialsFromJSONWithType(ctx, []byte(cfg.String("credentials_json")), google.ServiceAccount, storage.ScopeReadWrite)
	if err != nil {
		return nil, connector.Errorf(connector.KindConfig, err, `config field "credentials_json" is not a service-account key: %v`, err)
	}
	return c, nil
}

type source struct {
	client *storage.Client
	bucket *storage.BucketHandle
	name   string
}

func open(ctx context.Context, cfg connector.Config, opt connector.Options) (connector.Source, error) {
	if err := validate(cfg); err != nil {
		return nil, err
	}
	base := opt.HTTPClient
	if base == nil {
		base = http.DefaultClient
	}
	var hc *http.Client
	if cfg.String("credentials_json") == "" {
		hc = base // an emulator without auth (validate allowed it)
	} else {
		// The token exchange goes to the key's token_uri, which the caller
		// wrote: it travels on the same guarded client as everything
		// else. The context lives as long as the source, not this call.
		tokenCtx := context.WithValue(context.Background(), oauth2.HTTPClient, base)
		creds, err := credentials(tokenCtx, cfg)
		if err != nil {
			return nil, err
		}
		hc = &http.Client{
			Transport: &oauth2.Transport{Source: creds.TokenSource, Base: base.Transport},
			Timeout:   base.Timeout,
		}
	}
	opts := []option.ClientOption{option.WithHTTPClient(hc)}
	if ep := cfg.String("endpoint"); ep != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimSuffix(ep, "/")+"/storage/v1/"))
	}
	client, err := storage.NewClient(ctx, opts...)
	if err != nil {
		return nil, connector.Errorf(connector.KindConfig, err, "GCS client: %v", err)
	}
	// The client retries transient failures until the context ends; a
	// store that refuses connections should be reported within seconds,
	// not when a sync's deadline runs out.
	client.SetRetry(storage.WithMaxAttempts(4))
	name := cfg.String("bucket")
	return &source{client: client, bucket: client.Bucket(name), name: name}, nil
}

func (s *source) List(ctx context.Context, opt connector.ListOptions) (connector.Page, error) {
	limit := opt.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	q := &storage.Query{Prefix: opt.Prefix}
	if err := q.SetAttrSelection([]string{"Name", "Size", "Etag", "Updated"}); err != nil {
		return connector.Page{}, connector.Errorf(connector.KindOther, err, "GCS query: %v", err)
	}
	var attrs []*storage.ObjectAttrs
	next, err := iterator.NewPager(s.bucket.Objects(ctx, q), limit, opt.Token).NextPage(&attrs)
	if err != nil {
		return connector.Page{}, s.classify(err, opList, "")
	}
	p := connector.Page{Objects: make([]connector.Object, 0, len(attrs)), Next: next}
	for _, a := range attrs {
		p.Objects = append(p.Objects, object(a))
	}
	return p, nil
}

func (s *source) Open(ctx context.Context, key string) (io.ReadCloser, connector.Object, error) {
	// Attributes first, then the bytes of exactly that generation: the
	// ETag reported is the one of the bytes read, even if the object is
	// replaced in between.
	obj := s.bucket.Object(key)
	a, err := obj.Attrs(ctx)
	if err != nil {
		return nil, connector.Object{}, s.classify(err, opGet, key)
	}
	r, err := obj.Generation(a.Generation).NewReader(ctx)
	if err != nil {
		return nil, connector.Object{}, s.classify(err, opGet, key)
	}
	return r, object(a), nil
}

func (s *source) Put(ctx context.Context, key string, r io.Reader, contentType string) (connector.Object, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // an abandoned writer is cancelled, not left uploading
	// The writer allocates a whole chunk up front. Most documents are
	// small: read the first smallChunk bytes, and when the body ends
	// there, upload it with a chunk that size instead of 8 MiB.
	head := make([]byte, smallChunk)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return connector.Object{}, connector.Errorf(connector.KindOther, err, "reading the body for %q: %v", key, err)
	}
	w := s.bucket.Object(key).NewWriter(ctx)
	w.ContentType = contentType
	w.ChunkSize = chunkSize
	if n < smallChunk {
		w.ChunkSize = smallChunk
	}
	if _, err := io.Copy(w, io.MultiReader(bytes.NewReader(head[:n]), r)); err != nil {
		cancel()
		_ = w.Close()
		return connector.Object{}, s.classify(err, opPut, key)
	}
	if err := w.Close(); err != nil {
		return connector.Object{}, s.classify(err, opPut, key)
	}
	return object(w.Attrs()), nil
}

func (s *source) Close() error { return s.client.Close() }

func object(a *storage.ObjectAttrs) connector.Object {
	return connector.Object{Key: a.Name, Size: a.Size, ETag: strings.Trim(a.Etag, `"`), Modified: a.Updated.UTC()}
}

// Package azure is the connector driver for Azure Blob Storage, on the
// official azblob SDK. It registers itself as type "azure_blob"; import
// it for its side effect.
package azure

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blockblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/quarrydev/quarry/internal/connector"
)

// Upload shape: a body that ends within smallBody goes up in one Put
// Blob; a larger one is staged in 8 MiB blocks, four in flight, so a Put
// holds about four blocks in memory whatever the body's size.
const (
	blockSize   = 8 << 20
	concurrency = 4
	smallBody   = 256 << 10
)

func init() {
	connector.Register(connector.Driver{
		Type:     "azure_blob",
		Validate: validate,
		Open:     open,
		Endpoint: func(cfg connector.Config) string { return cfg.String("endpoint") },
	})
}

var containerName = []string{"container_name", "container"}

func validate(cfg connector.Config) error {
	if err := cfg.Require([]string{"account_name"}, containerName, []string{"account_key"}); err != nil {
		return err
	}
	if _, err := base64.StdEncoding.DecodeString(cfg.String("account_key")); err != nil {
		return connector.Errorf(connector.KindConfig, err, `config field "account_key" must be the storage account's base64 access key (Azure portal: Storage account > Access keys)`)
	}
	if ep := cfg.String("endpoint"); ep != "" {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return connector.Errorf(connector.KindConfig, err, `config field "endpoint" must be an http(s) URL, got %q`, ep)
		}
	}
	return nil
}

// serviceURL is the account's blob endpoint: the caller's (Azurite,
// a sovereign cloud, a private endpoint) or the public one.
func serviceURL(cfg connector.Config) string {
	if ep := cfg.String("endpoint"); ep != "" {
		return strings.TrimSuffix(ep, "/")
	}
	return "https://" + cfg.String("account_name") + ".blob.core.windows.net"
}

type source struct {
	client  *container.Client
	account string
	name    string
}

func open(_ context.Context, cfg connector.Config, opt connector.Options) (connector.Source, error) {
	if err := validate(cfg); err != nil {
		return nil, err
	}
	cred, err := container.NewSharedKeyCredential(cfg.String("account_name"), cfg.String("account_key"))
	if err != nil {
		return nil, connector.Errorf(connector.KindConfig, err, "account_key: %v", err)
	}
	hc := opt.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	name := cfg.String(containerName...)
	client, err := container.NewClientWithSharedKeyCredential(serviceURL(cfg)+"/"+url.PathEscape(name), cred, &container.ClientOptions{
		ClientOptions: azcore.ClientOptions{
			Transport: hc,
			// A refused connection should come back in seconds, not
			// after the SDK's default backoff of up to a minute.
			Retry: policy.RetryOptions{MaxRetries: 2},
		},
	})
	if err != nil {
		return nil, connector.Errorf(connector.KindConfig, err, "Azure client: %v", err)
	}
	return &source{client: client, account: cfg.String("account_name"), name: name}, nil
}

func (s *source) List(ctx context.Context, opt connector.ListOptions) (connector.Page, error) {
	limit := int32(opt.Limit)
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	o := &container.ListBlobsFlatOptions{MaxResults: &limit}
	if opt.Prefix != "" {
		o.Prefix = &opt.Prefix
	}
	if opt.Token != "" {
		o.Marker = &opt.Token
	}
	resp, err := s.client.NewListBlobsFlatPager(o).NextPage(ctx)
	if err != nil {
		return connector.Page{}, s.classify(err, opList, "")
	}
	var p connector.Page
	if resp.Segment != nil {
		p.Objects = make([]connector.Object, 0, len(resp.Segment.BlobItems))
		for _, b := range resp.Segment.BlobItems {
			o := connector.Object{Key: deref(b.Name)}
			if pr := b.Properties; pr != nil {
				o.Size = deref(pr.ContentLength)
				o.ETag = etag(pr.ETag)
				o.Modified = utc(pr.LastModified)
			}
			p.Objects = append(p.Objects, o)
		}
	}
	p.Next = deref(resp.NextMarker)
	return p, nil
}

func (s *source) Open(ctx context.Context, key string) (io.ReadCloser, connector.Object, error) {
	resp, err := s.client.NewBlobClient(key).DownloadStream(ctx, nil)
	if err != nil {
		return nil, connector.Object{}, s.classify(err, opGet, key)
	}
	return resp.Body, connector.Object{Key: key, Size: deref(resp.ContentLength), ETag: etag(resp.ETag), Modified: utc(resp.LastModified)}, nil
}

func (s *source) Put(ctx context.Context, key string, r io.Reader, contentType string) (connector.Object, error) {
	bb := s.client.NewBlockBlobClient(key)
	headers := &blob.HTTPHeaders{}
	if contentType != "" {
		headers.BlobContentType = &contentType
	}
	// UploadStream allocates whole blocks up front; most documents are
	// small, so read the start and send a short body in one request.
	head := make([]byte, smallBody)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return connector.Object{}, connector.Errorf(connector.KindOther, err, "reading the body for %q: %v", key, err)
	}
	// Both answers carry the stored ETag and time; the size is what was
	// read, so no extra request is needed to report the object.
	o := connector.Object{Key: key, Size: int64(n)}
	if n < smallBody {
		resp, err := bb.Upload(ctx, streaming.NopCloser(bytes.NewReader(head[:n])), &blockblob.UploadOptions{HTTPHeaders: headers})
		if err != nil {
			return connector.Object{}, s.classify(err, opPut, key)
		}
		o.ETag, o.Modified = etag(resp.ETag), utc(resp.LastModified)
		return o, nil
	}
	body := &counter{r: io.MultiReader(bytes.NewReader(head), r)}
	resp, err := bb.UploadStream(ctx, body, &blockblob.UploadStreamOptions{BlockSize: blockSize, Concurrency: concurrency, HTTPHeaders: headers})
	if err != nil {
		return connector.Object{}, s.classify(err, opPut, key)
	}
	o.Size, o.ETag, o.Modified = body.n, etag(resp.ETag), utc(resp.LastModified)
	return o, nil
}

func (s *source) Close() error { return nil }

type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func etag(t *azcore.ETag) string {
	if t == nil {
		return ""
	}
	return strings.Trim(string(*t), `"`)
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// Package connector is the seam between Quarry and the object stores
// documents live in (S3 and S3-compatible stores, Google Cloud Storage,
// Azure Blob Storage). A driver lives in its own folder (connector/s3,
// connector/gcs, connector/azure), registers itself under the wire's type
// name and passes connectortest's conformance suite; the source service
// (connectors, schedules, the sync ledger) only ever sees a Source.
//
// The package is a leaf: it imports nothing of Quarry's, so engines,
// services and tests can all use it.
package connector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Object is one stored object as a listing or an open reports it.
type Object struct {
	Key      string
	Size     int64
	ETag     string // the store's content version token; changes when the bytes do
	Modified time.Time
}

// ListOptions asks for one page of a listing.
type ListOptions struct {
	Prefix string
	Token  string // Page.Next of the previous page; "" for the first page
	Limit  int    // objects per page; 0 lets the driver choose (at most 1000)
}

// Page is one page of a listing, in key order. Next is "" on the last page.
type Page struct {
	Objects []Object
	Next    string
}

// Source is one configured bucket or container.
//
// Open streams the object; callers must Close the reader. Put streams r
// into key (a multipart or block upload for large bodies: the driver never
// holds the whole body in memory) and reports the stored object.
type Source interface {
	List(ctx context.Context, opt ListOptions) (Page, error)
	Open(ctx context.Context, key string) (io.ReadCloser, Object, error)
	Put(ctx context.Context, key string, r io.Reader, contentType string) (Object, error)
	Close() error
}

// Options are what the service hands every driver besides the config.
type Options struct {
	// HTTPClient carries the SSRF guard for caller-supplied endpoints.
	// Nil means http.DefaultClient (tests against local emulators).
	HTTPClient *http.Client
}

// Driver is one registered connector type.
type Driver struct {
	// Type is the wire name: "s3", "gcs", "azure_blob".
	Type string
	// Validate checks a config before it is stored and returns a
	// KindConfig error naming the missing or malformed field.
	Validate func(Config) error
	// Open builds a Source; it must not do network I/O beyond what the
	// SDK does lazily, so Open on a bad key succeeds and the first call
	// reports KindAuth.
	Open func(ctx context.Context, cfg Config, opt Options) (Source, error)
	// Endpoint returns the caller-supplied base URL in cfg, if any, so the
	// service can check it against the SSRF policy before use.
	Endpoint func(Config) string
}

var (
	mu      sync.RWMutex
	drivers = map[string]Driver{}
)

// Register adds a driver; registering a type twice panics at start.
func Register(d Driver) {
	mu.Lock()
	defer mu.Unlock()
	if d.Type == "" || d.Open == nil {
		panic("connector: Register needs a Type and an Open")
	}
	if _, dup := drivers[d.Type]; dup {
		panic("connector: type registered twice: " + d.Type)
	}
	drivers[d.Type] = d
}

// Lookup returns the driver for a wire type.
func Lookup(typ string) (Driver, bool) {
	mu.RLock()
	defer mu.RUnlock()
	d, ok := drivers[typ]
	return d, ok
}

// Types lists the registered wire types in order.
func Types() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(drivers))
	for t := range drivers {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Open validates cfg and opens a Source of type typ.
func Open(ctx context.Context, typ string, cfg Config, opt Options) (Source, error) {
	d, ok := Lookup(typ)
	if !ok {
		return nil, Errorf(KindConfig, nil, "unknown connector type %q", typ)
	}
	if d.Validate != nil {
		if err := d.Validate(cfg); err != nil {
			return nil, err
		}
	}
	return d.Open(ctx, cfg, opt)
}

// Config is a connector's decrypted config exactly as the caller sent it
// (JSON object). Drivers read it through String and Bool so both key
// spellings the clients use can be accepted in one place.
type Config map[string]any

// String returns the first non-empty string value among keys.
func (c Config) String(keys ...string) string {
	for _, k := range keys {
		if s, ok := c[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// Bool returns the value of key as a bool; "true" strings count.
func (c Config) Bool(key string) bool {
	switch v := c[key].(type) {
	case bool:
		return v
	case string:
		return v == "true" || v == "1"
	}
	return false
}

// Require returns a KindConfig error naming the first of fields (each a
// list of accepted spellings) that is missing.
func (c Config) Require(fields ...[]string) error {
	for _, names := range fields {
		if c.String(names...) == "" {
			return Errorf(KindConfig, nil, "config field %q is required", names[0])
		}
	}
	return nil
}

// Kind sorts a failure into what a person can do about it.
type Kind string

const (
	KindConfig        Kind = "config"         // the config is incomplete or malformed
	KindAuth          Kind = "auth"           // the credentials are wrong or expired
	KindDenied        Kind = "denied"         // the credentials lack a permission
	KindBucketMissing Kind = "bucket_missing" // the bucket or container does not exist
	KindObjectMissing Kind = "object_missing" // the key does not exist (deleted since the listing)
	KindNetwork       Kind = "network"        // the store could not be reached
	KindOther         Kind = "other"
)

// Error is a driver failure with its Kind and a message a person can act
// on ("Access denied: the key lacks s3:ListBucket on bucket x").
type Error struct {
	Kind Kind
	Msg  string
	Err  error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error.
func Errorf(k Kind, cause error, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// KindOf returns the Kind of err, KindNetwork for context deadlines and
// KindOther for anything a driver did not classify.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return KindNetwork
	}
	return KindOther
}

// Package config reads Quarry's settings from QUARRY_* environment
// variables. Every setting has a safe default so that `quarry serve` runs
// with nothing set.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/ingest"
)

// Config is the whole configuration.
type Config struct {
	Addr                string        // QUARRY_ADDR
	DataDir             string        // QUARRY_DATA_DIR
	DatabaseURL         string        // QUARRY_DATABASE_URL: sqlite path/URL or postgres://
	BlobURL             string        // QUARRY_BLOB_URL: folder path, file://... or s3://bucket/prefix
	APIKeys             []string      // QUARRY_API_KEYS (comma-separated); empty = open API
	SyncTimeout         time.Duration // QUARRY_SYNC_TIMEOUT_S
	AsyncTimeout        time.Duration // QUARRY_ASYNC_TIMEOUT_S
	MaxBodyBytes        int64         // QUARRY_MAX_BODY_BYTES: a whole request body
	LogLevel            string        // QUARRY_LOG_LEVEL: debug|info|warn|error
	Workers             int           // QUARRY_WORKERS: in-process workers (default: cores)
	JobMaxAttempts      int           // QUARRY_JOB_MAX_ATTEMPTS
	Limits              ingest.Limits // QUARRY_MAX_BYTES, QUARRY_MAX_PAGES, QUARRY_ARCHIVE_*...
	HMACSecret          string        // QUARRY_WEBHOOK_HMAC_SECRET
	WebhookMaxAttempts  int           // QUARRY_WEBHOOK_MAX_ATTEMPTS
	WebhookAllowPrivate bool          // QUARRY_WEBHOOK_ALLOW_PRIVATE
	PIIKey              string        // QUARRY_PII_HASH_KEY: key of the hash masking strategy
	BlobGrace           time.Duration // QUARRY_BLOB_GRACE_S: age at which an unreferenced blob is swept
}

// Setting documents one environment variable (README's table is made
// from the same list, see TestReadmeListsSettings).
type Setting struct {
	Env, Default, Meaning string
}

// Settings lists every environment variable Quarry reads.
var Settings = []Setting{
	{"QUARRY_ADDR", ":8080", "Address the HTTP server listens on."},
	{"QUARRY_DATA_DIR", "./data", "Folder for the embedded SQLite database and blobs."},
	{"QUARRY_DATABASE_URL", "<data>/quarry.db", "SQLite file, or postgres://... for scale-out."},
	{"QUARRY_BLOB_URL", "<data>/blobs", "Blob store: a folder, or s3://bucket/prefix."},
	{"QUARRY_S3_ENDPOINT", "(AWS)", "S3-compatible endpoint URL (MinIO and the like); credentials and region come from the standard AWS_* variables."},
	{"QUARRY_S3_PATH_STYLE", "true with an endpoint", "Path-style S3 addressing."},
	{"QUARRY_API_KEYS", "(empty: open)", "Comma-separated API keys; when set, /api/v1 needs `Authorization: Bearer <key>`."},
	{"QUARRY_SYNC_TIMEOUT_S", "60", "Time limit of POST /api/v1/extract; past it the answer is 408 timeout."},
	{"QUARRY_ASYNC_TIMEOUT_S", "1200", "Time limit of one async extraction job; its stages' limits derive from it and the page count (the load stage gets all of it)."},
	{"QUARRY_BLOB_GRACE_S", "86400", "Age at which a blob no extraction references is deleted by the hourly sweep (a submit that failed after storing its files)."},
	{"QUARRY_MAX_BYTES", "33554432", "Largest accepted file (decoded), in bytes; larger gives 413 file_too_large."},
	{"QUARRY_MAX_BODY_BYTES", "268435456", "Largest accepted request body, in bytes."},
	{"QUARRY_MAX_PAGES", "2000", "Most pages read from one file; a PDF over it gets 413 limit_exceeded from its page count, before any text is read."},
	{"QUARRY_ARCHIVE_MAX_DEPTH", "3", "How deep archives and e-mails may nest."},
	{"QUARRY_ARCHIVE_MAX_FILES", "50", "Most files one submitted file may expand into."},
	{"QUARRY_TOOL_TIMEOUT_S", "120", "Time limit of one external program run (Poppler, Tesseract, LibreOffice)."},
	{"QUARRY_WORKERS", "number of cores", "In-process job workers of `quarry serve`."},
	{"QUARRY_JOB_MAX_ATTEMPTS", "3", "Attempts of an async job before it is failed."},
	{"QUARRY_WEBHOOK_HMAC_SECRET", "(empty)", "Secret of the X-Flydocs-Signature webhook signature."},
	{"QUARRY_WEBHOOK_MAX_ATTEMPTS", "5", "Delivery attempts of one webhook."},
	{"QUARRY_WEBHOOK_ALLOW_PRIVATE", "false", "Allow callback_url on loopback and private networks (tests)."},
	{"QUARRY_PII_HASH_KEY", "(derived per workspace)", "Key of the `hash` PII masking strategy."},
	{"QUARRY_LOG_LEVEL", "info", "debug, info, warn or error."},
}

// Load reads the environment.
func Load() (Config, error) { return FromLookup(os.LookupEnv) }

// FromLookup reads settings through lookup (tests pass a map).
func FromLookup(lookup func(string) (string, bool)) (Config, error) {
	r := reader{lookup: lookup}
	c := Config{
		Addr:       r.str("QUARRY_ADDR", ":8080"),
		DataDir:    r.str("QUARRY_DATA_DIR", "./data"),
		LogLevel:   r.str("QUARRY_LOG_LEVEL", "info"),
		HMACSecret: r.str("QUARRY_WEBHOOK_HMAC_SECRET", ""),
		PIIKey:     r.str("QUARRY_PII_HASH_KEY", ""),
	}
	c.DatabaseURL = r.str("QUARRY_DATABASE_URL", filepath.Join(c.DataDir, "quarry.db"))
	c.BlobURL = r.str("QUARRY_BLOB_URL", filepath.Join(c.DataDir, "blobs"))
	for _, k := range strings.Split(r.str("QUARRY_API_KEYS", ""), ",") {
		if k = strings.TrimSpace(k); k != "" {
			c.APIKeys = append(c.APIKeys, k)
		}
	}
	c.SyncTimeout = r.seconds("QUARRY_SYNC_TIMEOUT_S", 60)
	c.AsyncTimeout = r.seconds("QUARRY_ASYNC_TIMEOUT_S", 1200)
	c.BlobGrace = r.seconds("QUARRY_BLOB_GRACE_S", 86400)
	c.MaxBodyBytes = r.int64("QUARRY_MAX_BODY_BYTES", 256<<20)
	c.Workers = int(r.int64("QUARRY_WORKERS", 0))
	c.JobMaxAttempts = int(r.int64("QUARRY_JOB_MAX_ATTEMPTS", 3))
	c.WebhookMaxAttempts = int(r.int64("QUARRY_WEBHOOK_MAX_ATTEMPTS", 5))
	c.WebhookAllowPrivate = r.bool("QUARRY_WEBHOOK_ALLOW_PRIVATE", false)
	c.Limits = ingest.DefaultLimits()
	c.Limits.MaxBytes = r.int64("QUARRY_MAX_BYTES", c.Limits.MaxBytes)
	c.Limits.MaxPages = int(r.int64("QUARRY_MAX_PAGES", int64(c.Limits.MaxPages)))
	c.Limits.MaxDepth = int(r.int64("QUARRY_ARCHIVE_MAX_DEPTH", int64(c.Limits.MaxDepth)))
	c.Limits.MaxFiles = int(r.int64("QUARRY_ARCHIVE_MAX_FILES", int64(c.Limits.MaxFiles)))
	c.Limits.ToolTimeout = r.seconds("QUARRY_TOOL_TIMEOUT_S", int64(c.Limits.ToolTimeout/time.Second))
	if len(r.errs) > 0 {
		return c, fmt.Errorf("config: %s", strings.Join(r.errs, "; "))
	}
	return c, nil
}

type reader struct {
	lookup func(string) (string, bool)
	errs   []string
}

func (r *reader) str(k, def string) string {
	if v, ok := r.lookup(k); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (r *reader) int64(k string, def int64) int64 {
	v := r.str(k, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		r.errs = append(r.errs, fmt.Sprintf("%s=%q is not a non-negative integer", k, v))
		return def
	}
	return n
}

func (r *reader) seconds(k string, def int64) time.Duration {
	v := r.str(k, "")
	if v == "" {
		return time.Duration(def) * time.Second
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 {
		r.errs = append(r.errs, fmt.Sprintf("%s=%q is not a positive number of seconds", k, v))
		return time.Duration(def) * time.Second
	}
	return time.Duration(f * float64(time.Second))
}

func (r *reader) bool(k string, def bool) bool {
	v := r.str(k, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Sprintf("%s=%q is not true or false", k, v))
		return def
	}
	return b
}

// Package config reads Quarry's settings from QUARRY_* environment
// variables. Every setting has a safe default so that `quarry serve` runs
// with nothing set.
package config

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/llm"
)

// Config is the whole configuration.
type Config struct {
	Addr                string             // QUARRY_ADDR
	DataDir             string             // QUARRY_DATA_DIR
	DatabaseURL         string             // QUARRY_DATABASE_URL: sqlite path/URL or postgres://
	BlobURL             string             // QUARRY_BLOB_URL: folder path, file://... or s3://bucket/prefix
	PGVector            string             // QUARRY_PGVECTOR: auto|off
	APIKeys             []string           // QUARRY_API_KEYS (comma-separated); empty = open API
	SyncTimeout         time.Duration      // QUARRY_SYNC_TIMEOUT_S
	AsyncTimeout        time.Duration      // QUARRY_ASYNC_TIMEOUT_S
	MaxBodyBytes        int64              // QUARRY_MAX_BODY_BYTES: a whole request body
	LogLevel            string             // QUARRY_LOG_LEVEL: debug|info|warn|error
	Workers             int                // QUARRY_WORKERS: in-process workers (default: cores)
	JobMaxAttempts      int                // QUARRY_JOB_MAX_ATTEMPTS
	Limits              ingest.Limits      // QUARRY_MAX_BYTES, QUARRY_MAX_PAGES, QUARRY_ARCHIVE_*...
	HMACSecret          string             // QUARRY_WEBHOOK_HMAC_SECRET
	WebhookMaxAttempts  int                // QUARRY_WEBHOOK_MAX_ATTEMPTS
	WebhookAllowPrivate bool               // QUARRY_WEBHOOK_ALLOW_PRIVATE
	AllowOpen           bool               // QUARRY_ALLOW_OPEN
	Plans               []billing.PlanSpec // QUARRY_PLANS: operator-defined plans (JSON)
	PIIKey              string             // QUARRY_PII_HASH_KEY: key of the hash masking strategy
	Edge                Edge               // connection, body-rate and memory limits of the HTTP edge
	BlobGrace           time.Duration      // QUARRY_BLOB_GRACE_S: age at which an unreferenced blob is swept
	RedactDPI           int                // QUARRY_REDACT_DPI: resolution of the pages of a redacted PDF
	AuthSecret          string             // QUARRY_AUTH_SECRET: signs /v1 access tokens; empty: generated and kept in the database
	SecretKey           string             // QUARRY_SECRET_KEY: seals stored secrets (internal/secret); empty: none can be stored
	SMTPURL             string             // QUARRY_SMTP_URL: smtp://user:pass@host:587 for verification and invitation mails
	SMTPFrom            string             // QUARRY_SMTP_FROM: sender of those mails
	PublicURL           string             // QUARRY_PUBLIC_URL: where links in mails point
	LLM                 LLM                // QUARRY_MODEL and the provider settings (docs/llm.md)
}

// LLM configures language models; with no Model set none is used and the
// stages that need one say skipped.
type LLM struct {
	Model          string // QUARRY_MODEL: provider:model
	FallbackModel  string // QUARRY_FALLBACK_MODEL: answers when the primary fails
	EmbeddingModel string // QUARRY_EMBEDDING_MODEL: provider:model for embeddings
	ProvidersFile  string // QUARRY_LLM_PROVIDERS_FILE: more OpenAI-compatible or Anthropic endpoints
	PricingFile    string // QUARRY_LLM_PRICING_FILE: replaces the shipped price table
	MaxConcurrent  int    // QUARRY_LLM_MAX_CONCURRENT: calls in flight per provider
	Vision         bool   // QUARRY_LLM_VISION: page images go with the extraction fallback
	// Env reads QUARRY_<PROVIDER>_API_KEY and QUARRY_<PROVIDER>_BASE_URL.
	Env func(string) string
}

// Edge holds the limits that keep slow or greedy clients from holding
// connections, memory or pipelines (docs/security.md, "Limits").
type Edge struct {
	ReadHeaderTimeout time.Duration // QUARRY_READ_HEADER_TIMEOUT_S
	// BodyGrace is the time a request body may take before BodyMinRate
	// applies: the body's read deadline is start + BodyGrace + received/BodyMinRate.
	BodyGrace    time.Duration // QUARRY_BODY_TIMEOUT_S
	BodyMinRate  int64         // QUARRY_BODY_MIN_RATE_BPS, bytes per second
	WriteTimeout time.Duration // QUARRY_WRITE_TIMEOUT_S: answer time after the body's deadline
	IdleTimeout  time.Duration // QUARRY_IDLE_TIMEOUT_S
	MaxConns     int           // QUARRY_MAX_CONNECTIONS: open connections per process
	MaxFiles     int           // QUARRY_MAX_FILES_PER_REQUEST
	MemoryBudget int64         // QUARRY_MEMORY_BUDGET_MB, in bytes: request bodies held at once
	MaxPipelines int           // QUARRY_MAX_CONCURRENT_PIPELINES: sync pipelines at once
	BudgetWait   time.Duration // QUARRY_BUDGET_WAIT_S: longest wait for memory or a pipeline slot
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
	{"QUARRY_PGVECTOR", "auto", "PostgreSQL only: auto stores and searches embeddings with the pgvector extension when the server has it (creating it when the role may), off never touches it and scans the compact vector column exactly."},
	{"QUARRY_S3_ENDPOINT", "(AWS)", "S3-compatible endpoint URL (MinIO and the like); credentials and region come from the standard AWS_* variables."},
	{"QUARRY_S3_PATH_STYLE", "true with an endpoint", "Path-style S3 addressing."},
	{"QUARRY_PLANS", "(the reference plans)", "Operator-defined plans, a JSON list of {id, name, credits, period_days, rpm, max_file_mb, retention_days} (-1: unlimited; period_days 0: calendar months); an id of trial, starter, pro or enterprise redefines that plan."},
	{"QUARRY_ALLOW_OPEN", "false", "Serve with no API key on a non-loopback address; without it, a keyless server listens on 127.0.0.1 only."},
	{"QUARRY_AUTH_SECRET", "(generated once, kept in the database)", "Key that signs /v1 access tokens (HS256, at least 32 bytes); every process must share it."},
	{"QUARRY_SECRET_KEY", "(none: no stored model keys or connectors)", "Key (at least 32 bytes) that encrypts secrets at rest: a workspace's model API key, connector credentials; every process must share it."},
	{"QUARRY_SMTP_URL", "(empty: no mail)", "`smtp://user:pass@host:587`: sends sign-up verification links and team invitations; without it `quarry users verify EMAIL` verifies accounts."},
	{"QUARRY_SMTP_FROM", "(empty)", "Sender address of those mails; required with QUARRY_SMTP_URL."},
	{"QUARRY_PUBLIC_URL", "http://localhost:8080", "Address the links in mails point at (never taken from a request's Host header)."},
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
	{"QUARRY_OCR_VOTE", "true", "Read a photographed or scanned till roll (a one-image receipt) up to four ways, with both segmentation modes and both Tesseract model builds, and let extraction vote between the readings; false reads it twice, as before (about half the OCR time, fewer right values: docs/accuracy.md)."},
	{"QUARRY_OCR_LINEREC", "true", "With QUARRY_OCR_VOTE, also reread a till roll's lines with a second, neural line recogniser (PP-OCRv4 in the Node helper tools/linerec, where it is installed), as cut by three of the Tesseract readings, for three more readings in the vote; false leaves them out (about 2.5 s less CPU a receipt, fewer right values: docs/accuracy.md)."},
	{"QUARRY_WORKERS", "number of cores", "In-process job workers of `quarry serve`."},
	{"QUARRY_JOB_MAX_ATTEMPTS", "3", "Attempts of an async job before it is failed."},
	{"QUARRY_WEBHOOK_HMAC_SECRET", "(empty)", "Secret of the X-Flydocs-Signature webhook signature."},
	{"QUARRY_WEBHOOK_MAX_ATTEMPTS", "5", "Delivery attempts of one webhook."},
	{"QUARRY_WEBHOOK_ALLOW_PRIVATE", "false", "Allow callback_url on loopback and private networks (tests)."},
	{"QUARRY_PII_HASH_KEY", "(derived per workspace)", "Key of the `hash` PII masking strategy."},
	{"QUARRY_MODEL", "(none)", "Language model as provider:model (openai:gpt-4o, anthropic:claude-sonnet-4-6, ollama:qwen2.5:7b); unset, every LLM stage says skipped (docs/llm.md)."},
	{"QUARRY_FALLBACK_MODEL", "(none)", "Model that answers when a call to QUARRY_MODEL fails."},
	{"QUARRY_EMBEDDING_MODEL", "(none)", "Embeddings model as provider:model, for semantic search."},
	{"QUARRY_<PROVIDER>_API_KEY", "(none)", "Key of one provider: QUARRY_OPENAI_API_KEY, QUARRY_ANTHROPIC_API_KEY, QUARRY_MISTRAL_API_KEY..."},
	{"QUARRY_<PROVIDER>_BASE_URL", "(provider's)", "Endpoint of one provider, e.g. QUARRY_OLLAMA_BASE_URL=http://gpu-box:11434/v1 or an Azure OpenAI deployment."},
	{"QUARRY_LLM_PROVIDERS_FILE", "(none)", "JSON list of extra endpoints: name, family (openai or anthropic), base_url, api_key_env."},
	{"QUARRY_LLM_PRICING_FILE", "(shipped table)", "JSON price table (USD per million tokens) replacing the one in the binary."},
	{"QUARRY_LLM_MAX_CONCURRENT", "4", "Model calls in flight per provider."},
	{"QUARRY_LLM_VISION", "false", "Send the first two pages as images (about a megapixel each) with the extraction fallback; only for vision models."},
	{"QUARRY_REDACT_DPI", "150", "Resolution PDF pages are rendered at by POST /api/v1/pii:redact (72 to 400); a request's `dpi` overrides it."},
	{"QUARRY_LOG_LEVEL", "info", "debug, info, warn or error."},
	{"QUARRY_READ_HEADER_TIMEOUT_S", "10", "Time a client has to send the request line and headers; then the connection is closed."},
	{"QUARRY_BODY_TIMEOUT_S", "30", "Grace a request body gets before QUARRY_BODY_MIN_RATE_BPS applies; a slower body is cut off with 408 `timeout`."},
	{"QUARRY_BODY_MIN_RATE_BPS", "16384", "Slowest accepted average upload rate, in bytes per second, after the grace."},
	{"QUARRY_WRITE_TIMEOUT_S", "660", "Time to write the answer once the body is in (covers the sync time-out and the 600 s long-poll ceiling)."},
	{"QUARRY_IDLE_TIMEOUT_S", "120", "How long an idle keep-alive connection stays open."},
	{"QUARRY_MAX_CONNECTIONS", "1024", "Open connections one process accepts; more wait in the listen backlog."},
	{"QUARRY_MAX_FILES_PER_REQUEST", "100", "Most files (JSON entries or multipart parts) in one request; more gives 413 `limit_exceeded`."},
	{"QUARRY_MEMORY_BUDGET_MB", "half of GOMEMLIMIT, else 1024", "Request bodies held in memory at once, in MiB; past it a request waits, then gets 503 `unavailable` with Retry-After."},
	{"QUARRY_MAX_CONCURRENT_PIPELINES", "4 x cores", "Sync extractions running at once; past it a request waits, then gets 503 `unavailable` with Retry-After."},
	{"QUARRY_BUDGET_WAIT_S", "5", "Longest wait for memory budget or a pipeline slot before 503."},
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
		AuthSecret: r.str("QUARRY_AUTH_SECRET", ""),
		SecretKey:  r.str("QUARRY_SECRET_KEY", ""),
		SMTPURL:    r.str("QUARRY_SMTP_URL", ""),
		SMTPFrom:   r.str("QUARRY_SMTP_FROM", ""),
		PublicURL:  r.str("QUARRY_PUBLIC_URL", "http://localhost:8080"),
	}
	if c.AuthSecret != "" && len(c.AuthSecret) < 32 {
		r.errs = append(r.errs, "QUARRY_AUTH_SECRET must be at least 32 bytes")
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		r.errs = append(r.errs, "QUARRY_SECRET_KEY must be at least 32 bytes")
	}
	if u, err := url.Parse(c.SMTPURL); c.SMTPURL != "" && (err != nil || u.Scheme != "smtp" || u.Hostname() == "") {
		r.errs = append(r.errs, "QUARRY_SMTP_URL must look like smtp://user:pass@host:587")
	}
	if c.SMTPURL != "" && c.SMTPFrom == "" {
		r.errs = append(r.errs, "QUARRY_SMTP_FROM is required with QUARRY_SMTP_URL")
	}
	c.DatabaseURL = r.str("QUARRY_DATABASE_URL", filepath.Join(c.DataDir, "quarry.db"))
	c.BlobURL = r.str("QUARRY_BLOB_URL", filepath.Join(c.DataDir, "blobs"))
	if c.PGVector = r.str("QUARRY_PGVECTOR", "auto"); c.PGVector != "auto" && c.PGVector != "off" {
		r.errs = append(r.errs, "QUARRY_PGVECTOR must be auto or off")
	}
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
	c.AllowOpen = r.bool("QUARRY_ALLOW_OPEN", false)
	if v := r.str("QUARRY_PLANS", ""); v != "" {
		if err := json.Unmarshal([]byte(v), &c.Plans); err != nil {
			r.errs = append(r.errs, "QUARRY_PLANS is not a JSON list of plans: "+err.Error())
		}
	}
	c.LLM = LLM{
		Model:          r.str("QUARRY_MODEL", ""),
		FallbackModel:  r.str("QUARRY_FALLBACK_MODEL", ""),
		EmbeddingModel: r.str("QUARRY_EMBEDDING_MODEL", ""),
		ProvidersFile:  r.str("QUARRY_LLM_PROVIDERS_FILE", ""),
		PricingFile:    r.str("QUARRY_LLM_PRICING_FILE", ""),
		MaxConcurrent:  int(r.int64("QUARRY_LLM_MAX_CONCURRENT", 4)),
		Vision:         r.bool("QUARRY_LLM_VISION", false),
		Env:            func(k string) string { return r.str(k, "") },
	}
	for _, m := range []struct{ key, val string }{{"QUARRY_MODEL", c.LLM.Model}, {"QUARRY_FALLBACK_MODEL", c.LLM.FallbackModel}, {"QUARRY_EMBEDDING_MODEL", c.LLM.EmbeddingModel}} {
		if _, _, err := llm.ParseModel(m.val); m.val != "" && err != nil {
			r.errs = append(r.errs, m.key+": "+err.Error())
		}
	}
	c.RedactDPI = int(r.int64("QUARRY_REDACT_DPI", 150))
	if c.RedactDPI < 72 || c.RedactDPI > 400 {
		r.errs = append(r.errs, fmt.Sprintf("QUARRY_REDACT_DPI=%d is outside 72..400", c.RedactDPI))
		c.RedactDPI = 150
	}
	c.Limits = ingest.DefaultLimits()
	c.Limits.MaxBytes = r.int64("QUARRY_MAX_BYTES", c.Limits.MaxBytes)
	c.Limits.MaxPages = int(r.int64("QUARRY_MAX_PAGES", int64(c.Limits.MaxPages)))
	c.Limits.MaxDepth = int(r.int64("QUARRY_ARCHIVE_MAX_DEPTH", int64(c.Limits.MaxDepth)))
	c.Limits.MaxFiles = int(r.int64("QUARRY_ARCHIVE_MAX_FILES", int64(c.Limits.MaxFiles)))
	c.Limits.ToolTimeout = r.seconds("QUARRY_TOOL_TIMEOUT_S", int64(c.Limits.ToolTimeout/time.Second))
	c.Limits.OCRVote = r.bool("QUARRY_OCR_VOTE", c.Limits.OCRVote)
	c.Limits.OCRLineRec = r.bool("QUARRY_OCR_LINEREC", c.Limits.OCRLineRec)
	c.Edge = Edge{
		ReadHeaderTimeout: r.seconds("QUARRY_READ_HEADER_TIMEOUT_S", 10),
		BodyGrace:         r.seconds("QUARRY_BODY_TIMEOUT_S", 30),
		BodyMinRate:       r.int64("QUARRY_BODY_MIN_RATE_BPS", 16384),
		WriteTimeout:      r.seconds("QUARRY_WRITE_TIMEOUT_S", 660),
		IdleTimeout:       r.seconds("QUARRY_IDLE_TIMEOUT_S", 120),
		MaxConns:          int(r.int64("QUARRY_MAX_CONNECTIONS", 1024)),
		MaxFiles:          int(r.int64("QUARRY_MAX_FILES_PER_REQUEST", 100)),
		MemoryBudget:      r.int64("QUARRY_MEMORY_BUDGET_MB", defaultBudgetMB()) << 20,
		MaxPipelines:      int(r.int64("QUARRY_MAX_CONCURRENT_PIPELINES", int64(4*runtime.GOMAXPROCS(0)))),
		BudgetWait:        r.seconds("QUARRY_BUDGET_WAIT_S", 5),
	}
	if len(r.errs) > 0 {
		return c, fmt.Errorf("config: %s", strings.Join(r.errs, "; "))
	}
	return c, nil
}

// defaultBudgetMB leaves half of a configured GOMEMLIMIT to the pipeline,
// the decoded layouts and the runtime; without one it assumes a 2 GiB box.
func defaultBudgetMB() int64 {
	if lim := debug.SetMemoryLimit(-1); lim > 0 && lim < math.MaxInt64 {
		return max(lim/2>>20, 1)
	}
	return 1024
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

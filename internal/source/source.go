// Package source is the connectors service: storage connectors of a
// workspace (their config sealed at rest), pulling objects from them
// into processing, schedules that sync a prefix, the sync ledger that
// makes a sync hand each object version over exactly once, and pushing
// exports back into a bucket. It sees buckets only through
// connector.Source; the drivers live in internal/connector/*.
package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/secret"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/webhook"
)

// Types are the connector types the wire accepts.
var Types = []string{"s3", "gcs", "azure_blob"}

// sealPurpose binds a sealed config to its use (internal/secret).
const sealPurpose = "connector_config"

var (
	// ErrNotFound: no such (active) connector or schedule in the workspace.
	ErrNotFound = errors.New("source: not found")
	// ErrNoSecretKey: without QUARRY_SECRET_KEY credentials cannot be
	// stored, so connectors cannot be created.
	ErrNoSecretKey = errors.New("this server cannot store connector credentials: the operator has not set QUARRY_SECRET_KEY")
)

// InputError is a refusal of what the caller sent (VALIDATION_ERROR).
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func invalid(format string, a ...any) error { return &InputError{Msg: fmt.Sprintf(format, a...)} }

// PlanError is a refusal by the workspace's plan: Code is the /v1 error
// code (PLAN_UPGRADE_REQUIRED or RATE_LIMIT_EXCEEDED).
type PlanError struct{ Code, Msg string }

func (e *PlanError) Error() string { return e.Msg }

// Plan error codes.
const (
	CodePlanUpgrade = "PLAN_UPGRADE_REQUIRED"
	CodeTooFrequent = "RATE_LIMIT_EXCEEDED"
)

// Opener opens a Source of a type from its decrypted config. Tests
// inject one returning connector.Memory sources.
type Opener func(ctx context.Context, typ string, cfg connector.Config) (connector.Source, error)

// Options configure the service.
type Options struct {
	// SecretKey is QUARRY_SECRET_KEY; "" means connectors cannot be
	// created (their credentials would have to be stored plain).
	SecretKey string
	// Guard checks a caller-supplied endpoint and carries every driver
	// request: a workspace chooses the endpoint, so it must not reach
	// inside the network.
	Guard webhook.Guard
	// Open opens sources (nil: the registered drivers over a guarded
	// HTTP client).
	Open Opener
	// Admit turns one object's bytes into a document and a job with the
	// upload's rules. Pulls and syncs need it.
	Admit Admitter
	// Limits override the schedule limits of a plan id (Enterprise is
	// whatever its operator sets).
	Limits map[string]ScheduleLimits
	// MaxFileBytes caps an object's size below the plan's (the server's
	// own request limit); 0 leaves the plan's.
	MaxFileBytes int64
	// PageSize is the listing page of a sync (default 1000).
	PageSize int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service manages connectors, schedules and syncs. Safe for concurrent use.
type Service struct {
	store store.Store
	box   *secret.Box // nil without a secret key
	opt   Options
}

// New builds the service; a set but unusable secret key is an error.
func New(st store.Store, o Options) (*Service, error) {
	if o.PageSize <= 0 || o.PageSize > 1000 {
		o.PageSize = 1000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{store: st, opt: o}
	if o.Open == nil {
		s.opt.Open = s.openDriver
	}
	if o.SecretKey != "" {
		box, err := secret.New(o.SecretKey)
		if err != nil {
			return nil, err
		}
		s.box = box
	}
	return s, nil
}

func (s *Service) now() time.Time { return s.opt.Now().UTC() }

// guardedHTTP is the client every driver request goes through. It has no
// overall time limit (a large object streams for as long as it takes);
// the guard's dialer and the response-header limit bound a dead peer.
func (s *Service) guardedHTTP() *http.Client {
	c := webhook.NewClient("", s.opt.Guard, 60*time.Second).HTTP
	c.Timeout = 0
	return c
}

// openDriver is the default Opener: the registered driver, with its
// caller-supplied endpoint (if any) checked against the SSRF policy.
func (s *Service) openDriver(ctx context.Context, typ string, cfg connector.Config) (connector.Source, error) {
	d, ok := connector.Lookup(typ)
	if !ok {
		return nil, connector.Errorf(connector.KindConfig, nil, "connector type %q is not available on this server", typ)
	}
	if d.Endpoint != nil {
		if ep := d.Endpoint(cfg); ep != "" {
			if err := s.opt.Guard.CheckURL(ctx, ep); err != nil {
				return nil, connector.Errorf(connector.KindConfig, err, "endpoint is not allowed: %s", err.Error())
			}
		}
	}
	return connector.Open(ctx, typ, cfg, connector.Options{HTTPClient: s.guardedHTTP()})
}

// CreateInput is a new connector as the caller sends it.
type CreateInput struct {
	Type   string
	Name   string
	Config map[string]any
}

// Create validates and stores a connector with its config sealed.
func (s *Service) Create(ctx context.Context, workspaceID string, in CreateInput) (*store.Connector, error) {
	switch {
	case in.Name == "":
		return nil, invalid("name is required.")
	case in.Type == "":
		return nil, invalid("type is required: one of s3, gcs, azure_blob.")
	case !slices.Contains(Types, in.Type):
		return nil, invalid("type %q is not supported: one of s3, gcs, azure_blob.", in.Type)
	case len(in.Config) == 0:
		return nil, invalid("config is required (the bucket and credentials of the %s connector).", in.Type)
	}
	cfg := connector.Config(in.Config)
	if d, ok := connector.Lookup(in.Type); ok {
		if d.Validate != nil {
			if err := d.Validate(cfg); err != nil {
				return nil, invalid("config: %s", err.Error())
			}
		}
		if d.Endpoint != nil {
			if ep := d.Endpoint(cfg); ep != "" {
				if err := s.opt.Guard.CheckURL(ctx, ep); err != nil {
					return nil, invalid("config endpoint is not allowed: %s", err.Error())
				}
			}
		}
	}
	if s.box == nil {
		return nil, ErrNoSecretKey
	}
	raw, err := json.Marshal(in.Config)
	if err != nil {
		return nil, invalid("config is not a JSON object: %s", err.Error())
	}
	sealed, err := s.box.Seal(workspaceID, sealPurpose, string(raw))
	if err != nil {
		return nil, err
	}
	c := &store.Connector{ID: ids.New("conn"), WorkspaceID: workspaceID, Name: in.Name, Type: in.Type, SealedConfig: sealed,
		Active: true, CreatedAt: s.now()}
	if err := s.store.ConnectorInsert(ctx, c); err != nil {
		return nil, err
	}
	_ = audit.Record(ctx, s.store, workspaceID, audit.Event{Action: "connector.created", Subject: c.ID, Details: map[string]any{"type": c.Type}})
	return c, nil
}

// Get returns an active connector of the workspace.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (*store.Connector, error) {
	c, err := s.store.ConnectorGet(ctx, workspaceID, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !c.Active {
		return nil, ErrNotFound
	}
	return c, err
}

// List returns the workspace's active connectors.
func (s *Service) List(ctx context.Context, workspaceID string) ([]*store.Connector, error) {
	return s.store.ConnectorList(ctx, workspaceID)
}

// Delete deactivates a connector and its schedules.
func (s *Service) Delete(ctx context.Context, workspaceID, id string) error {
	err := s.store.ConnectorDeactivate(ctx, workspaceID, id, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err == nil {
		_ = audit.Record(ctx, s.store, workspaceID, audit.Event{Action: "connector.deleted", Subject: id})
	}
	return err
}

// open unseals a connector's config and opens its source.
func (s *Service) open(ctx context.Context, c *store.Connector) (connector.Source, error) {
	if s.box == nil {
		return nil, connector.Errorf(connector.KindConfig, ErrNoSecretKey, "%s", ErrNoSecretKey.Error())
	}
	plain, err := s.box.Open(c.WorkspaceID, sealPurpose, c.SealedConfig)
	if err != nil {
		return nil, connector.Errorf(connector.KindConfig, err, "the connector's stored config cannot be opened with this server's secret key; create the connector again")
	}
	var cfg connector.Config
	if err := json.Unmarshal([]byte(plain), &cfg); err != nil {
		return nil, connector.Errorf(connector.KindConfig, err, "the connector's stored config is unreadable")
	}
	return s.opt.Open(ctx, c.Type, cfg)
}

// TestResult is the outcome of a connectivity check (E28).
type TestResult struct {
	Success   bool
	LatencyMS *int64
	Message   string
}

// Test lists one object of the connector and says what went wrong in
// words a person can act on. The attempt is recorded as last_tested_at.
func (s *Service) Test(ctx context.Context, workspaceID, id string) (TestResult, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return TestResult{}, err
	}
	start := time.Now() // wall time: the latency is real even under a driven clock
	res := TestResult{Success: true, Message: "Connection established successfully."}
	src, err := s.open(ctx, c)
	if err == nil {
		_, err = src.List(ctx, connector.ListOptions{Limit: 1})
		src.Close()
	}
	if err != nil {
		res = TestResult{Message: Explain(err)}
	} else {
		ms := time.Since(start).Milliseconds()
		res.LatencyMS = &ms
	}
	at := s.now()
	if err := s.store.ConnectorTouch(ctx, workspaceID, id, &at, nil); err != nil {
		return TestResult{}, err
	}
	return res, nil
}

// Explain turns a driver failure into a sentence naming what to fix.
func Explain(err error) string {
	var ce *connector.Error
	msg := err.Error()
	if errors.As(err, &ce) {
		msg = ce.Msg
	}
	switch connector.KindOf(err) {
	case connector.KindAuth:
		return "Authentication failed: check the access key and secret. " + msg
	case connector.KindDenied:
		return "Access denied: the credentials lack a permission the connector needs (list and read objects). " + msg
	case connector.KindBucketMissing:
		return "The bucket or container does not exist: check its name and region. " + msg
	case connector.KindNetwork:
		return "The storage service could not be reached: check the endpoint and region. " + msg
	case connector.KindConfig:
		return "The connector's config is incomplete: " + msg
	case connector.KindObjectMissing:
		return "The object does not exist: " + msg
	}
	return msg
}

// maxBytes is the largest object the workspace may have processed.
func (s *Service) maxBytes(p billing.Plan) int64 {
	if s.opt.MaxFileBytes > 0 && s.opt.MaxFileBytes < p.MaxFileBytes {
		return s.opt.MaxFileBytes
	}
	return p.MaxFileBytes
}

// plan reads the workspace's plan.
func (s *Service) plan(ctx context.Context, workspaceID string) (billing.Plan, error) {
	ws, err := s.store.WorkspaceGet(ctx, workspaceID)
	if err != nil {
		return billing.Plan{}, err
	}
	p, ok := billing.Lookup(ws.Plan)
	if !ok {
		return billing.Plan{}, fmt.Errorf("source: workspace %s has unknown plan %q", workspaceID, ws.Plan)
	}
	return p, nil
}

// SetOpener replaces how sources are opened (tests of the layers above
// inject in-memory buckets; nil restores the registered drivers). Call it
// before the service is in use.
func (s *Service) SetOpener(o Opener) {
	if o == nil {
		o = s.openDriver
	}
	s.opt.Open = o
}

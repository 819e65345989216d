// Package dataset builds, versions and serves the /v1 platform's datasets
// (issue 14): curated collections of execution records that a team builds
// explicitly and exports in one operation.
//
// A build is a dataset_build job. The worker resolves the request's
// executions (listed ids, or a filter evaluated at build time) within the
// workspace, turns each into one export.Record (masked by default), and
// writes the records as the rows of a new version, with the version's
// schema and profile. Rows live in the database and are read back in
// pages, so exports and previews stream and a large version never sits in
// memory. Builds charge no credits.
package dataset

import (
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// KindBuild is the queue kind of a dataset build (stable: stored).
const KindBuild = "dataset_build"

// EventReady is the /v1 webhook event a finished build fires.
const EventReady = "dataset.ready"

// Defaults of Options.
const (
	DefaultMaxRows     = 100_000
	DefaultMaxIDs      = 10_000
	DefaultMaxAttempts = 3
	// rowBatch is how many rows one transaction writes and one page of a
	// stream reads: large enough to amortise a round trip, small enough
	// that a batch of masked records stays a few megabytes.
	rowBatch = 200
)

// Options bound what one build may do.
type Options struct {
	// MaxRows caps the executions one version holds; a build matching
	// more fails and says so (memory and time grow with rows).
	MaxRows int
	// MaxIDs caps the ids one request may list.
	MaxIDs int
	// MaxAttempts of a build job before it fails for good.
	MaxAttempts int
}

func (o *Options) defaults() {
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxIDs <= 0 {
		o.MaxIDs = DefaultMaxIDs
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
}

// Service is the dataset lifecycle over a store.
type Service struct {
	store store.Store
	opt   Options
	now   func() time.Time
}

// New returns the service.
func New(st store.Store, opt Options) *Service {
	opt.defaults()
	return &Service{store: st, opt: opt, now: func() time.Time { return time.Now().UTC() }}
}

// Errors the routes map to the contract's codes.
var (
	// ErrNotFound: no such dataset (or job, or execution) in the workspace.
	ErrNotFound = errors.New("dataset: not found")
	// ErrNotReady: the dataset has no ready version yet.
	ErrNotReady = errors.New("dataset: not ready")
	// ErrConflict: the name or slug is taken, or a build is running.
	ErrConflict = errors.New("dataset: conflict")
)

// InvalidError is a request the service refuses, with the reason.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

func invalid(format string, a ...any) error { return &InvalidError{Msg: fmt.Sprintf(format, a...)} }

// notFound turns the store's not-found into the service's.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// Package store defines Quarry's storage seam: the records it keeps and
// one small interface per concept (workspaces, extractions, jobs, events),
// composed into Store and, inside a transaction, into Tx. Each database
// driver (sqlite/, postgres/) implements them. Methods are named
// noun-then-verb and take params structs, so a new filter never changes a
// signature. storetest.Exercise runs the same cases against every driver.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/tenant"
)

// DefaultWorkspace owns every row while authentication is off.
const DefaultWorkspace = tenant.Default

// ErrNotFound is returned when a row does not exist (in this workspace).
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a unique key (an idempotency key) is taken
// or a compare-and-set finds another state.
var ErrConflict = errors.New("store: conflict")

// Store is everything Quarry persists. Keys, documents, executions,
// datasets and connectors get their own concept interface here when they
// arrive.
type Store interface {
	Ping(ctx context.Context) error
	Close() error

	// InTx runs fn in one transaction: it commits when fn returns nil
	// and rolls back otherwise (fn's error is returned).
	InTx(ctx context.Context, fn func(Tx) error) error
	Retention
	DatasetRetention
	Totals

	// Transient reports whether err means the database could not be
	// reached or dropped the session (a restart, a killed connection),
	// rather than anything the caller did: such a failure is retried
	// without counting against a job's attempts.
	Transient(err error) bool

	Workspaces
	APIKeys
	Credits
	Documents
	Hooks
	Audit
	Extractions
	Jobs
	Events
	Users
	Team
	Sessions
	Datasets
	LLMSettings
	Search
	Connectors
	Revisions
	Queue
}

// Tx is the concepts inside one transaction (see Store.InTx and the
// queue's lease-guarded Queue.JobComplete).
type Tx interface {
	Workspaces
	APIKeys
	Credits
	Documents
	Hooks
	Audit
	Extractions
	Jobs
	Events
	Users
	Team
	Sessions
	Datasets
	LLMSettings
	Search
	Connectors
	Revisions
}

// Micros converts a time to the integer microseconds both drivers store
// (sortable, dialect-free).
func Micros(t time.Time) int64 { return t.UTC().UnixMicro() }

// FromMicros is the inverse of Micros.
func FromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

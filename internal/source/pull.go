package source

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/store"
)

// Admission is one object's bytes handed to processing.
type Admission struct {
	WorkspaceID      string
	Filename         string
	Data             []byte
	Locale           string
	DocumentTypeHint string
	MaskPII          *bool
	// Also runs inside the transaction that queues the document and job
	// (for a duplicate, in a transaction of its own), so what the caller
	// records about the admission (the sync ledger) commits with it or
	// not at all.
	Also func(ctx context.Context, tx store.Tx, a Admitted) error
}

// Admitted is what came of an Admission.
type Admitted struct {
	JobID      string
	DocumentID string
	Status     string
	Duplicate  bool // the bytes are a document already: nothing charged, nothing queued
	// Rejection is a per-file code (FILE_TOO_LARGE, UNSUPPORTED_FILE,
	// EMPTY_DOCUMENT, QUOTA_EXCEEDED, TRIAL_EXPIRED, INTERNAL_ERROR);
	// "" when admitted.
	Rejection string
}

// Admitter makes an object a document and a queued job with exactly the
// rules of an upload: the credit hold, the duplicate check by content
// hash, the supported types. The server implements it over the same
// code its upload route uses.
type Admitter interface {
	Admit(ctx context.Context, a Admission) Admitted
}

// Per-key codes a pull adds to the upload's.
const (
	CodeObjectMissing  = "OBJECT_NOT_FOUND" // the key does not exist in the bucket
	CodeConnectorError = "CONNECTOR_ERROR"  // the bucket refused or could not be reached
	codeTooLarge       = "FILE_TOO_LARGE"
	codeEmpty          = "EMPTY_DOCUMENT"
)

// permanentRejections are rejections of the object's bytes themselves:
// a sync records them in the ledger and does not try the same version
// again. Credit and trial refusals are not among them: they pass.
var permanentRejections = map[string]bool{codeTooLarge: true, "UNSUPPORTED_FILE": true, codeEmpty: true}

// PullOptions are the processing options of a pull (the upload's form
// fields).
type PullOptions struct {
	Locale           string
	DocumentTypeHint string
	MaskPII          *bool
}

// Outcome is what came of one key.
type Outcome struct {
	Key string
	Admitted
	Message string // why the key was refused, for a person
}

// Pull processes keys of a connector like uploaded files: one document
// and job per key. A key that cannot be read is refused on its own
// (OBJECT_NOT_FOUND, CONNECTOR_ERROR) while the others go on.
func (s *Service) Pull(ctx context.Context, workspaceID, connectorID string, keys []string, o PullOptions) ([]Outcome, error) {
	c, err := s.Get(ctx, workspaceID, connectorID)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, invalid("source.keys must name at least one object key.")
	}
	for _, k := range keys {
		if strings.TrimSpace(k) == "" {
			return nil, invalid("source.keys must not hold an empty key.")
		}
	}
	plan, err := s.plan(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	src, err := s.open(ctx, c)
	if err != nil {
		out := make([]Outcome, 0, len(keys))
		for _, k := range keys {
			out = append(out, Outcome{Key: k, Admitted: Admitted{Rejection: CodeConnectorError}, Message: Explain(err)})
		}
		return out, nil
	}
	defer src.Close()
	used := s.now()
	_ = s.store.ConnectorTouch(ctx, workspaceID, c.ID, nil, &used)
	out := make([]Outcome, 0, len(keys))
	for _, k := range keys {
		out = append(out, s.pullOne(ctx, src, c, connector.Object{Key: k}, "", s.maxBytes(plan), o))
	}
	return out, nil
}

// pullOne reads one object and admits it, recording the object's
// version in the sync ledger in the admitting transaction. want is the
// listing's view of the object (ETag "" for a direct pull: the open
// tells the version).
func (s *Service) pullOne(ctx context.Context, src connector.Source, c *store.Connector, want connector.Object, runID string,
	maxBytes int64, o PullOptions) Outcome {
	out := Outcome{Key: want.Key}
	refuse := func(code, msg string) Outcome {
		out.Rejection, out.Message = code, msg
		return out
	}
	// A listing that already tells the size spares the download.
	if want.Size > maxBytes {
		return s.rejectForGood(ctx, c, want, runID, refuse(codeTooLarge, "The object is larger than the plan's file size limit."))
	}
	rc, obj, err := src.Open(ctx, want.Key)
	if err != nil {
		if connector.KindOf(err) == connector.KindObjectMissing {
			return refuse(CodeObjectMissing, "No object "+want.Key+" in the bucket.")
		}
		return refuse(CodeConnectorError, Explain(err))
	}
	defer rc.Close()
	if obj.ETag == "" {
		obj.ETag = want.ETag
	}
	if obj.Key == "" {
		obj.Key = want.Key
	}
	if obj.Size > maxBytes {
		return s.rejectForGood(ctx, c, obj, runID, refuse(codeTooLarge, "The object is larger than the plan's file size limit."))
	}
	// The object is read through a limit one byte past the plan's file
	// size, as an upload's part is: memory is bounded by the plan, not by
	// what the bucket holds.
	data, err := io.ReadAll(io.LimitReader(rc, maxBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return refuse(CodeConnectorError, ctx.Err().Error())
		}
		return refuse(CodeConnectorError, Explain(err))
	}
	if int64(len(data)) > maxBytes {
		return s.rejectForGood(ctx, c, obj, runID, refuse(codeTooLarge, "The object is larger than the plan's file size limit."))
	}
	name := want.Key
	if i := strings.LastIndexByte(name, '/'); i >= 0 && i < len(name)-1 {
		name = name[i+1:]
	}
	entry := func(a Admitted) *store.SyncEntry {
		outcome := store.SyncQueued
		if a.Duplicate {
			outcome = store.SyncDuplicate
		}
		return &store.SyncEntry{WorkspaceID: c.WorkspaceID, ConnectorID: c.ID, Key: obj.Key, ETag: obj.ETag, Outcome: outcome,
			DocumentID: a.DocumentID, JobID: a.JobID, SyncLogID: runID, SeenAt: s.now()}
	}
	a := s.opt.Admit.Admit(ctx, Admission{WorkspaceID: c.WorkspaceID, Filename: name, Data: data, Locale: o.Locale,
		DocumentTypeHint: o.DocumentTypeHint, MaskPII: o.MaskPII,
		Also: func(ctx context.Context, tx store.Tx, a Admitted) error { return tx.SyncEntryPut(ctx, entry(a)) }})
	out.Admitted = a
	if a.Rejection != "" {
		if permanentRejections[a.Rejection] {
			return s.rejectForGood(ctx, c, obj, runID, refuse(a.Rejection, rejectionText(a.Rejection)))
		}
		return refuse(a.Rejection, rejectionText(a.Rejection))
	}
	return out
}

// rejectForGood records that this version of the object can never be
// processed, so a sync does not fetch it again until it changes.
func (s *Service) rejectForGood(ctx context.Context, c *store.Connector, obj connector.Object, runID string, out Outcome) Outcome {
	if obj.ETag == "" {
		return out // nothing to compare a later listing with
	}
	err := s.store.SyncEntryPut(ctx, &store.SyncEntry{WorkspaceID: c.WorkspaceID, ConnectorID: c.ID, Key: obj.Key, ETag: obj.ETag,
		Outcome: store.SyncRejected, Error: out.Rejection, SyncLogID: runID, SeenAt: s.now()})
	if err != nil && !errors.Is(err, context.Canceled) {
		out.Message += " (the sync ledger could not record it: " + err.Error() + ")"
	}
	return out
}

func rejectionText(code string) string {
	switch code {
	case "UNSUPPORTED_FILE":
		return "The object's type is not one Quarry reads."
	case codeEmpty:
		return "The object is empty."
	case "QUOTA_EXCEEDED":
		return "The workspace has no credits left in this billing period."
	case "TRIAL_EXPIRED":
		return "The workspace's trial has ended."
	}
	return "The object could not be queued; retry later."
}

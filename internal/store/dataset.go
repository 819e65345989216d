package store

import (
	"context"
	"time"
)

// Datasets are curated, versioned collections of execution records
// (issue 14). A dataset row names the collection; each build writes a
// version with its own rows, so an earlier version stays readable until
// retention removes it. Rows hold the dataset's (masked) record JSON, one
// per execution, read back in pages so no export holds a version whole.
type Datasets interface {
	// DatasetInsert stores a new dataset; ErrConflict when its name or
	// slug is taken in the workspace.
	DatasetInsert(ctx context.Context, d *Dataset) error
	DatasetGet(ctx context.Context, workspaceID, id string) (*Dataset, error)
	// DatasetByName finds the workspace's dataset of that name.
	DatasetByName(ctx context.Context, workspaceID, name string) (*Dataset, error)
	// DatasetUpdate writes status, version, row count, description and
	// spec of an existing dataset.
	DatasetUpdate(ctx context.Context, d *Dataset) error
	// DatasetList is newest first, with the total of the filtered list.
	DatasetList(ctx context.Context, p DatasetListParams) ([]*Dataset, int, error)
	// DatasetDelete removes a dataset with its versions and rows.
	DatasetDelete(ctx context.Context, workspaceID, id string) error

	DatasetVersionInsert(ctx context.Context, v *DatasetVersion) error
	DatasetVersionGet(ctx context.Context, workspaceID, datasetID string, version int) (*DatasetVersion, error)
	// DatasetVersionByJob finds the version a dataset_build job builds.
	DatasetVersionByJob(ctx context.Context, workspaceID, jobID string) (*DatasetVersion, error)
	// DatasetVersionPage lists the workspace's builds (every dataset's
	// versions), newest first, with their total: the dataset_build jobs.
	DatasetVersionPage(ctx context.Context, p DatasetVersionPageParams) ([]*DatasetVersion, int, error)
	// DatasetVersionList lists a dataset's versions, oldest first.
	DatasetVersionList(ctx context.Context, workspaceID, datasetID string) ([]*DatasetVersion, error)
	// DatasetVersionFinish writes a version's outcome: status, row count,
	// profile, schema, error and finish time.
	DatasetVersionFinish(ctx context.Context, v *DatasetVersion) error
	// DatasetRowsInsert appends rows to a version.
	DatasetRowsInsert(ctx context.Context, rows []DatasetRow) error
	// DatasetRowsClear drops a version's rows (a retried build starts over).
	DatasetRowsClear(ctx context.Context, workspaceID, datasetID string, version int) error
	// DatasetRowPage reads a version's rows in order: after AfterSeq (a
	// keyset for streaming) or from Offset, filtered by Query, at most Limit.
	DatasetRowPage(ctx context.Context, p DatasetRowParams) ([]DatasetRow, error)
	// DatasetRowCount counts the rows DatasetRowPage would page through.
	DatasetRowCount(ctx context.Context, p DatasetRowParams) (int, error)
}

// DatasetRetention removes what a plan no longer keeps of datasets. It
// runs in a transaction of its own, so it is on Store only.
type DatasetRetention interface {
	// DatasetVersionPurge deletes the workspace's finished versions
	// created before the cutoff that are not their dataset's current
	// version, with their rows, and reports how many versions went.
	DatasetVersionPurge(ctx context.Context, workspaceID string, before time.Time) (int64, error)
}

// Dataset statuses.
const (
	DatasetBuilding = "building"
	DatasetReady    = "ready"
	DatasetFailed   = "failed"
)

// Dataset is one named collection in a workspace.
type Dataset struct {
	ID          string // ds_...
	WorkspaceID string
	Name        string // unique in the workspace
	Slug        string // unique in the workspace; export file names
	Description string
	Status      string // building | ready | failed
	Version     int    // the current (last ready) version; 0 before the first
	RowCount    int    // rows of the current version
	Spec        []byte // the build request (sources, filter, masking) as JSON
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// DatasetListParams filter a listing; empty fields do not filter. The
// source filters match the rows of the current version.
type DatasetListParams struct {
	WorkspaceID       string
	Status            string
	SourceExecutionID string // ext_... of a row
	SourceDocumentID  string
	Query             string // part of the name, slug or description
	Limit, Offset     int
}

// DatasetVersion is one build of a dataset.
type DatasetVersion struct {
	WorkspaceID string
	DatasetID   string
	Version     int
	JobID       string // the dataset_build job
	Status      string // building | ready | failed
	RowCount    int
	Profile     []byte // JSON, set when ready
	Schema      []byte // JSON, set when ready
	Error       string
	CreatedAt   time.Time
	FinishedAt  *time.Time
}

// DatasetVersionPageParams page the workspace's builds; an empty Status
// does not filter.
type DatasetVersionPageParams struct {
	WorkspaceID   string
	Status        string // building | ready | failed
	Limit, Offset int
}

// DatasetRow is one record of a version.
type DatasetRow struct {
	WorkspaceID string
	DatasetID   string
	Version     int
	Seq         int    // 1-based order within the version
	ExecutionID string // ext_... the record came from
	DocumentID  string
	Body        string // the record as JSON
}

// DatasetRowParams select rows of one version.
type DatasetRowParams struct {
	WorkspaceID string
	DatasetID   string
	Version     int
	AfterSeq    int
	Query       string // case-insensitive substring of the record JSON
	Limit       int
	Offset      int
}

package store

import (
	"context"
	"time"
)

// Search holds the chunks search answers from (issue 17): pieces of a
// processed document's text, or of a dataset's records once the dataset
// is indexed, with the metadata a query filters on and, when an embedding
// model is configured, a unit vector (float32, little-endian). A masked
// document's chunks hold only its masked text.
//
// Chunks with an empty DatasetID belong to an execution and go with it:
// queries leave out chunks whose execution retention removed. Dataset
// chunks go with their dataset the same way.
type Search interface {
	// SearchChunksDelete drops the chunks of one source: an execution's
	// when datasetID is "", else every chunk of the dataset.
	SearchChunksDelete(ctx context.Context, workspaceID, datasetID, extractionID string) error
	// SearchChunksInsert adds chunks (a batch the caller bounds).
	SearchChunksInsert(ctx context.Context, chunks []SearchChunk) error
	// SearchText ranks chunks matching the full-text query, best first
	// (BM25 on SQLite, ts_rank_cd on PostgreSQL, both as a positive
	// relevance where larger is better).
	SearchText(ctx context.Context, p SearchTextParams) ([]SearchHit, error)
	// SearchVectorScan streams the id and vector of every filtered chunk
	// that has one; fn sees one row at a time (the bytes are only valid
	// during the call). An error from fn stops the scan.
	SearchVectorScan(ctx context.Context, p SearchFilter, fn func(id string, vec []byte) error) error
	// SearchChunksGet reads chunks by id within the workspace, in no
	// particular order; ids that are gone are left out.
	SearchChunksGet(ctx context.Context, workspaceID string, ids []string) ([]*SearchChunk, error)
	// SearchChunkPage pages a dataset's chunks in index order with the
	// filtered total.
	SearchChunkPage(ctx context.Context, p SearchChunkPageParams) ([]*SearchChunk, int, error)

	// SearchChunksPurge deletes every workspace's chunks whose source is
	// gone (an execution retention removed, a deleted dataset) and the
	// index state of deleted datasets, reporting the chunks removed.
	SearchChunksPurge(ctx context.Context) (int64, error)

	// SearchIndexGet reads a dataset's indexing state; ErrNotFound when
	// it was never indexed.
	SearchIndexGet(ctx context.Context, workspaceID, datasetID string) (*SearchIndex, error)
	// SearchIndexPut writes a dataset's indexing state (an upsert).
	SearchIndexPut(ctx context.Context, ix *SearchIndex) error
}

// SearchChunk is one indexed piece of text.
type SearchChunk struct {
	ID             string // chk_...
	WorkspaceID    string
	DatasetID      string // "" for a processed document's execution
	DatasetName    string // filled by reads, from the dataset
	ExtractionID   string // ext_... the text came from
	DocumentID     string
	ChunkIndex     int
	Page           int // first page the chunk draws from (1-based)
	Text           string
	TokenCount     int
	DocType        string
	Language       string
	QualityGrade   string
	QualityScore   float64
	PIIMasked      bool
	SourceFilename string
	Embedding      []byte // unit float32 little-endian; nil when none
	CreatedAt      time.Time
}

// SearchFilter narrows a query; empty fields do not filter.
type SearchFilter struct {
	WorkspaceID  string
	DocType      string
	Language     string
	QualityGrade string
	PIIMasked    *bool
	DatasetID    string
}

// SearchTextParams is one full-text query.
type SearchTextParams struct {
	SearchFilter
	// FTS5 and TSQuery are the match expression in each dialect
	// (search.FTS5Match, search.TSQuery); the driver uses its own.
	FTS5, TSQuery string
	Limit         int
}

// SearchHit is a chunk id with its full-text relevance.
type SearchHit struct {
	ID   string
	Rank float64 // larger is better
}

// SearchChunkPageParams page one dataset's chunks.
type SearchChunkPageParams struct {
	WorkspaceID   string
	DatasetID     string
	Grades        []string // any of these quality grades
	PIIMasked     *bool
	Limit, Offset int
}

// Index states of a dataset (E21).
const (
	IndexNotIndexed = "not_indexed"
	IndexIndexing   = "indexing"
	IndexReady      = "ready"
	IndexFailed     = "failed"
)

// SearchIndex is a dataset's indexing state.
type SearchIndex struct {
	WorkspaceID   string
	DatasetID     string
	Version       int // the dataset version indexed (or being indexed)
	Status        string
	ChunksIndexed int
	TotalChunks   int
	Embedded      bool // chunks carry vectors
	Error         string
	JobID         string
	UpdatedAt     time.Time
}

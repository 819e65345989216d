package searchindex

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/search"
	"github.com/quarrydev/quarry/internal/store"
)

// Query is one search.
type Query struct {
	WorkspaceID string
	Text        string
	TopK        int      // 0: search.DefaultTopK
	Mode        string   // "": auto
	Alpha       *float64 // hybrid weight of the vector score; nil: search.DefaultAlpha
	Filter      store.SearchFilter
}

// Hit is one result.
type Hit struct {
	Chunk   *store.SearchChunk
	Score   float64
	Snippet string // HTML-escaped text around the matches, terms in <mark>
}

// Answer is a search's results and how they were found.
type Answer struct {
	Mode  string   // the mode that ran (auto resolved)
	Alpha *float64 // set in hybrid mode only
	Hits  []Hit
}

// snippetWords is the width of a snippet.
const snippetWords = 30

// Search runs q. The plan decides what auto means and whether vectors
// may be used: structured on Trial and Starter; hybrid on Pro and up when
// the workspace has an embedding model, structured otherwise.
func (s *Service) Search(ctx context.Context, q Query) (*Answer, error) {
	q.Text = strings.TrimSpace(q.Text)
	switch {
	case q.Text == "":
		return nil, invalid("query is required.")
	case utf8.RuneCountInString(q.Text) > search.MaxQueryChars:
		return nil, invalid("query is at most %d characters.", search.MaxQueryChars)
	case q.TopK < 0 || q.TopK > search.MaxTopK:
		return nil, invalid("top_k must be 1-%d.", search.MaxTopK)
	case q.Mode != "" && !search.ValidMode(q.Mode):
		return nil, invalid("mode must be auto, structured, semantic or hybrid.")
	case q.Alpha != nil && (*q.Alpha < 0 || *q.Alpha > 1):
		return nil, invalid("alpha must be between 0 and 1.")
	case q.Filter.QualityGrade != "" && (len(q.Filter.QualityGrade) != 1 || !strings.Contains("ABCD", q.Filter.QualityGrade)):
		return nil, invalid("filters.quality_grade must be A, B, C or D.")
	}
	if q.TopK == 0 {
		q.TopK = search.DefaultTopK
	}
	if q.Mode == "" {
		q.Mode = search.ModeAuto
	}
	q.Filter.WorkspaceID = q.WorkspaceID
	allowed, err := s.semanticAllowed(ctx, q.WorkspaceID)
	if err != nil {
		return nil, err
	}
	client := s.embedder(ctx, q.WorkspaceID)
	switch q.Mode {
	case search.ModeAuto:
		q.Mode = search.ModeStructured
		if allowed && client != nil {
			q.Mode = search.ModeHybrid
		}
	case search.ModeSemantic, search.ModeHybrid:
		if !allowed {
			return nil, ErrPlan
		}
		if client == nil {
			return nil, ErrNoEmbeddings
		}
	}
	ans := &Answer{Mode: q.Mode, Hits: []Hit{}}
	terms := search.Terms(q.Text)
	var text, vec []search.Scored
	want := q.TopK
	if q.Mode == search.ModeHybrid {
		// Each side offers more than k, so a chunk ranked well by both
		// but top by neither still reaches the fusion.
		want = max(4*q.TopK, 20)
	}
	if q.Mode != search.ModeSemantic && len(terms) > 0 {
		hits, err := s.store.SearchText(ctx, store.SearchTextParams{SearchFilter: q.Filter,
			FTS5: search.FTS5Match(terms), TSQuery: search.TSQuery(terms), Limit: want})
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			text = append(text, search.Scored{ID: h.ID, Score: search.TextScore(h.Rank)})
		}
	}
	if q.Mode == search.ModeSemantic || q.Mode == search.ModeHybrid {
		if vec, err = s.nearest(ctx, q, want); err != nil {
			return nil, err
		}
	}
	var ranked []search.Scored
	switch q.Mode {
	case search.ModeStructured:
		ranked = text
	case search.ModeSemantic:
		ranked = vec
	default:
		alpha := search.DefaultAlpha
		if q.Alpha != nil {
			alpha = *q.Alpha
		}
		ans.Alpha = &alpha
		ranked = search.Fuse(text, vec, alpha, q.TopK)
	}
	return ans, s.fill(ctx, ans, q.WorkspaceID, ranked, terms)
}

// nearest embeds the query and scans the workspace's vectors exactly,
// keeping the k most similar in a heap: memory is k entries and one row,
// whatever the number of chunks.
func (s *Service) nearest(ctx context.Context, q Query, k int) ([]search.Scored, error) {
	vecs, err := s.embedder(ctx, q.WorkspaceID).Embed(ctx, []string{q.Text})
	if err != nil {
		return nil, &EmbedError{Err: err}
	}
	unit, err := search.Normalize(vecs[0])
	if err != nil {
		return nil, &EmbedError{Err: err}
	}
	if nn, ok := s.store.(nearestSearcher); ok {
		hits, used, err := nn.SearchVectorNearest(ctx, q.Filter, unit, k)
		if used {
			out := make([]search.Scored, len(hits))
			for i, h := range hits {
				out[i] = search.Scored{ID: h.ID, Score: h.Rank}
			}
			return out, err
		}
	}
	top := search.NewTopK(k)
	err = s.store.SearchVectorScan(ctx, q.Filter, func(id string, v []byte) error {
		if sc, ok := search.DotEncoded(unit, v); ok {
			top.Push(id, sc)
		}
		return ctx.Err()
	})
	return top.Results(), err
}

// nearestSearcher is a store that can answer nearest vectors itself
// (PostgreSQL with pgvector); used is false when it cannot and the
// exact scan runs instead.
type nearestSearcher interface {
	SearchVectorNearest(ctx context.Context, f store.SearchFilter, unit []float32, k int) (hits []store.SearchHit, used bool, err error)
}

// EmbedError is a failed call to the embedding model at query time.
type EmbedError struct{ Err error }

func (e *EmbedError) Error() string { return "embedding the query: " + e.Err.Error() }
func (e *EmbedError) Unwrap() error { return e.Err }

// fill reads the ranked chunks and makes the hits, in rank order.
func (s *Service) fill(ctx context.Context, ans *Answer, workspaceID string, ranked []search.Scored, terms []string) error {
	idList := make([]string, len(ranked))
	for i, r := range ranked {
		idList[i] = r.ID
	}
	chunks, err := s.store.SearchChunksGet(ctx, workspaceID, idList)
	if err != nil {
		return err
	}
	byID := make(map[string]*store.SearchChunk, len(chunks))
	for _, c := range chunks {
		byID[c.ID] = c
	}
	for _, r := range ranked {
		c, ok := byID[r.ID]
		if !ok {
			continue // removed between the ranking and the read
		}
		ans.Hits = append(ans.Hits, Hit{Chunk: c, Score: r.Score, Snippet: search.Snippet(c.Text, terms, snippetWords)})
	}
	return nil
}

// IndexStatus is a dataset's indexing state (E21).
type IndexStatus struct {
	Status        string
	ChunksIndexed int
	TotalChunks   int
}

// IndexDataset queues the indexing of the dataset's current version. A
// request while one is running is answered as accepted without a second
// job.
func (s *Service) IndexDataset(ctx context.Context, workspaceID, datasetID string) error {
	if err := s.requirePlan(ctx, workspaceID); err != nil {
		return err
	}
	d, err := s.datasets.Get(ctx, workspaceID, datasetID)
	if err != nil {
		return mapDataset(err)
	}
	if d.Version == 0 {
		return ErrNotReady
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		if ix, err := tx.SearchIndexGet(ctx, workspaceID, datasetID); err == nil && ix.Status == store.IndexIndexing && ix.Version == d.Version {
			return nil
		}
		args := IndexDatasetArgs{DatasetID: datasetID, Version: d.Version}
		jobID := newJobID()
		if err := tx.SearchIndexPut(ctx, &store.SearchIndex{WorkspaceID: workspaceID, DatasetID: datasetID, Version: d.Version,
			Status: store.IndexIndexing, JobID: jobID, UpdatedAt: s.now()}); err != nil {
			return err
		}
		return insertJob(ctx, tx, args, workspaceID, datasetID, jobID, s.opt.MaxAttempts)
	})
}

// Status is the dataset's indexing state; not_indexed before the first
// request.
func (s *Service) Status(ctx context.Context, workspaceID, datasetID string) (*IndexStatus, error) {
	if err := s.requirePlan(ctx, workspaceID); err != nil {
		return nil, err
	}
	if _, err := s.datasets.Get(ctx, workspaceID, datasetID); err != nil {
		return nil, mapDataset(err)
	}
	ix, err := s.store.SearchIndexGet(ctx, workspaceID, datasetID)
	if errors.Is(err, store.ErrNotFound) {
		return &IndexStatus{Status: store.IndexNotIndexed}, nil
	}
	if err != nil {
		return nil, err
	}
	return &IndexStatus{Status: ix.Status, ChunksIndexed: ix.ChunksIndexed, TotalChunks: ix.TotalChunks}, nil
}

// ChunkPage is one page of a dataset's chunks.
type ChunkPage struct {
	Chunks []*store.SearchChunk
	Total  int
}

// Chunks pages an indexed dataset's chunks (E22).
func (s *Service) Chunks(ctx context.Context, p store.SearchChunkPageParams) (*ChunkPage, error) {
	if err := s.requirePlan(ctx, p.WorkspaceID); err != nil {
		return nil, err
	}
	if _, err := s.datasets.Get(ctx, p.WorkspaceID, p.DatasetID); err != nil {
		return nil, mapDataset(err)
	}
	ix, err := s.store.SearchIndexGet(ctx, p.WorkspaceID, p.DatasetID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && ix.Status != store.IndexReady) {
		return nil, ErrNotIndexed
	}
	if err != nil {
		return nil, err
	}
	list, total, err := s.store.SearchChunkPage(ctx, p)
	if err != nil {
		return nil, err
	}
	return &ChunkPage{Chunks: list, Total: total}, nil
}

func (s *Service) requirePlan(ctx context.Context, workspaceID string) error {
	ok, err := s.semanticAllowed(ctx, workspaceID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrPlan
	}
	return nil
}

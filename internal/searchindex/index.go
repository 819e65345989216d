package searchindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/search"
	"github.com/quarrydev/quarry/internal/store"
)

// chunksOf cuts one record into search chunks with the rag export's
// chunker and parameters, so a chunk found here is a chunk the rag export
// writes. A record without text (a run that neither masked nor kept its
// layout) is indexed by its extracted fields, one "name: value" line
// each, so it can still be found.
func chunksOf(rec *export.Record, workspaceID, datasetID, extractionID string) []store.SearchChunk {
	pages := rec.Pages
	if len(pages) == 0 {
		if t := fieldsText(rec.Fields); t != "" {
			pages = []string{t}
		}
	}
	var out []store.SearchChunk
	for i, c := range export.ChunkPages(pages, export.ChunkTargetTokens, export.ChunkOverlapTokens) {
		out = append(out, store.SearchChunk{ID: ids.New("chk"), WorkspaceID: workspaceID, DatasetID: datasetID,
			ExtractionID: extractionID, DocumentID: rec.DocumentID, ChunkIndex: i, Page: c.Pages[0], Text: c.Text,
			TokenCount: c.Tokens, DocType: rec.DocType, Language: rec.Language, QualityGrade: rec.QualityGrade,
			QualityScore: rec.QualityScore, PIIMasked: rec.PIIMasked, SourceFilename: rec.SourceFilename})
	}
	return out
}

func fieldsText(fields map[string]any) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		v := fields[k]
		if v == nil {
			continue
		}
		s, ok := v.(string)
		if !ok {
			raw, _ := json.Marshal(v)
			s = string(raw)
		}
		fmt.Fprintf(&b, "%s: %s\n", k, s)
	}
	return b.String()
}

// embed gives chunks their vectors when c can embed (one metered call per
// llm.EmbedBatch texts).
func embed(ctx context.Context, c *llm.Client, chunks []store.SearchChunk) error {
	if c == nil || len(chunks) == 0 {
		return nil
	}
	texts := make([]string, len(chunks))
	for i, ch := range chunks {
		texts[i] = ch.Text
	}
	vecs, err := c.Embed(ctx, texts)
	if err != nil {
		return err
	}
	for i, v := range vecs {
		b, err := search.Encode(v)
		if err != nil {
			return fmt.Errorf("chunk %d: %w", i, err)
		}
		chunks[i].Embedding = b
	}
	return nil
}

// extractionOf turns a record's exec_ id into the stored ext_ id.
func extractionOf(execID string) string {
	if rest, ok := strings.CutPrefix(execID, "exec_"); ok {
		return "ext_" + rest
	}
	return execID
}

// indexExecution (re)writes one succeeded execution's chunks. A failed
// embedding call leaves the chunks without vectors rather than out of the
// index: full-text search must not depend on a model being up. The
// returned note says so.
func (s *Service) indexExecution(ctx context.Context, workspaceID, extID string) (string, error) {
	e, err := s.store.ExtractionGet(ctx, workspaceID, extID)
	if errors.Is(err, store.ErrNotFound) {
		return "the execution is gone", nil
	}
	if err != nil {
		return "", err
	}
	if e.Status != api.ExtractionSucceeded {
		return "the execution did not succeed", nil
	}
	var meta struct {
		DocumentID string `json:"document_id"`
	}
	_ = json.Unmarshal(e.Metadata, &meta)
	rec, ok, err := dataset.ExecutionRecord(e, meta.DocumentID)
	if err != nil || !ok {
		return "the execution has no readable result", err
	}
	chunks := chunksOf(rec, workspaceID, "", e.ID)
	note := ""
	if err := embed(ctx, s.embedder(ctx, workspaceID), chunks); err != nil {
		for i := range chunks {
			chunks[i].Embedding = nil
		}
		note = "indexed for full-text search only: " + err.Error()
	}
	now := s.now()
	for i := range chunks {
		chunks[i].CreatedAt = now
	}
	return note, s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SearchChunksDelete(ctx, workspaceID, "", e.ID); err != nil {
			return err
		}
		return tx.SearchChunksInsert(ctx, chunks)
	})
}

// indexBatch is how many chunks one dataset transaction writes and one
// embedding call sends (the provider's batch).
const indexBatch = llm.EmbedBatch

// indexDataset (re)writes a dataset version's chunks: a first pass counts
// them (total_chunks), the second embeds and writes them in batches,
// updating chunks_indexed as it goes. Records stream from the database.
func (s *Service) indexDataset(ctx context.Context, ix *store.SearchIndex) error {
	ws, id := ix.WorkspaceID, ix.DatasetID
	_, src, err := s.datasets.Open(ctx, ws, id)
	if err != nil {
		return mapDataset(err)
	}
	total := 0
	for rec, err := range src.Records(ctx) {
		if err != nil {
			return err
		}
		total += len(chunksOf(rec, ws, id, ""))
	}
	client := s.embedder(ctx, ws)
	ix.TotalChunks, ix.ChunksIndexed, ix.Embedded = total, 0, client != nil
	if err := s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SearchChunksDelete(ctx, ws, id, ""); err != nil {
			return err
		}
		ix.UpdatedAt = s.now()
		return tx.SearchIndexPut(ctx, ix)
	}); err != nil {
		return err
	}
	var batch []store.SearchChunk
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := embed(ctx, client, batch); err != nil {
			return err
		}
		now := s.now()
		for i := range batch {
			batch[i].CreatedAt = now
		}
		err := s.store.InTx(ctx, func(tx store.Tx) error {
			if err := tx.SearchChunksInsert(ctx, batch); err != nil {
				return err
			}
			ix.ChunksIndexed += len(batch)
			ix.UpdatedAt = now
			return tx.SearchIndexPut(ctx, ix)
		})
		batch = batch[:0]
		return err
	}
	for rec, err := range src.Records(ctx) {
		if err != nil {
			return err
		}
		for _, c := range chunksOf(rec, ws, id, extractionOf(rec.ExecutionID)) {
			batch = append(batch, c)
			if len(batch) == indexBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

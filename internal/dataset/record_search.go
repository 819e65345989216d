package dataset

import (
	"encoding/json"
	"errors"

	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
)

// ExecutionRecord is a succeeded execution as one record, the way a
// dataset would hold it, for the search index (internal/searchindex).
// An execution whose run masked PII is read masked, and masked once more
// like a masked dataset (fields, file name, text): the index never holds
// an original value of a masked document. ok is false for an execution
// with no readable result.
func ExecutionRecord(e *store.Extraction, documentID string) (rec *export.Record, ok bool, err error) {
	c, err := toRecord(e, documentID, ranMasked(e))
	if errors.Is(err, errNoResult) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return c.rec, true, nil
}

// ranMasked reports whether the run masked its text: some file carries
// masked_text.
func ranMasked(e *store.Extraction) bool {
	var res struct {
		Files []struct {
			MaskedText *string `json:"masked_text"`
		} `json:"files"`
	}
	if json.Unmarshal(e.Result, &res) != nil {
		return false
	}
	for _, f := range res.Files {
		if f.MaskedText != nil {
			return true
		}
	}
	return false
}

package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/ingest"
)

// stageLoad reads every submitted file. Bundles fan out; a pin
// (expected_type) applies to a submitted file that reads as one file, not
// to the members of an archive or e-mail, which are classified one by one.
func (e *Engine) stageLoad(ctx context.Context, r *Run) (string, error) {
	for i, in := range r.Req.Files {
		files, err := e.Loader.Load(ctx, ingest.Input{
			Name:         in.Filename,
			Data:         in.Data,
			DeclaredType: in.ContentType,
			LanguageHint: r.Options.LanguageHint,
		})
		if err != nil {
			return "", err
		}
		pin := in.ExpectedType
		if pin == "" && r.Req.FileOptions != nil {
			pin = r.Req.FileOptions[in.Filename].ExpectedType
		}
		for _, f := range files {
			fr := &FileRun{File: f, InputIndex: i}
			if len(files) == 1 {
				fr.Pin = pin
			}
			r.Files = append(r.Files, fr)
		}
	}
	return "", nil
}

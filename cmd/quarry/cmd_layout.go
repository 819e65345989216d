package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/problem"
)

// layoutFile is `quarry layout --json` output for one read file.
type layoutFile struct {
	Filename   string           `json:"filename"`
	MediaType  string           `json:"media_type"`
	PageCount  int              `json:"page_count"`
	Language   string           `json:"language"`
	TextSource string           `json:"text_source"`
	OCR        *ingest.OCRStats `json:"ocr,omitempty"`
	Pages      any              `json:"pages"`
}

func cmdLayout(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("layout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print pages, words and boxes as JSON")
	lang := fs.String("lang", "", "language hint (ISO 639-1) for OCR")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(files) != 1 {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: "FILE", Message: "give exactly one FILE"}))
	}
	cfg, ok := loadConfig(stderr)
	if !ok {
		return 2
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: files[0], Message: err.Error()}))
	}
	read, err := ingest.NewLoader(cfg.Limits, ingest.FindEngines()).Load(ctx, ingest.Input{
		Name: filepath.Base(files[0]), Data: data, LanguageHint: *lang,
	})
	if err != nil {
		return fail(stderr, err)
	}
	if !*asJSON {
		for i, f := range read {
			if len(read) > 1 {
				fmt.Fprintf(stdout, "==> %s (%s, %d pages) <==\n", f.Name, f.MediaType, f.PageCount)
			}
			fmt.Fprintln(stdout, f.Layout.Text)
			if i < len(read)-1 {
				fmt.Fprintln(stdout)
			}
		}
		return 0
	}
	out := make([]layoutFile, 0, len(read))
	for _, f := range read {
		out = append(out, layoutFile{Filename: f.Name, MediaType: f.MediaType, PageCount: f.PageCount,
			Language: f.Language, TextSource: f.TextSource, OCR: f.OCR, Pages: pipeline.LayoutPages(f.Layout)})
	}
	return printJSON(stdout, out, true)
}

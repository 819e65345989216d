package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

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
	if err := writeLayoutJSON(stdout, read); err != nil {
		return 1
	}
	return 0
}

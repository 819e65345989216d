package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/redact"
)

// cmdRedact handles `quarry redact FILE -o OUT`: the same redaction as
// POST /api/v1/pii:redact, with the summary of what was removed on stderr.
func cmdRedact(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("redact", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the redacted file here (default: stdout)")
	types := fs.String("types", "", "comma-separated PII types (default: all)")
	juris := fs.String("jurisdictions", "", "comma-separated jurisdictions: tr, eu, us, global (default: all)")
	locale := fs.String("locale", "", "gate detectors by locale (all or und enables every detector)")
	minScore := fs.Float64("min-score", 0, "drop findings scoring below (0: the detector's default)")
	mask := fs.String("mask", pii.MaskRedact, "placeholder strategy of the text layer")
	dpi := fs.Int("dpi", 0, "resolution PDF pages are rendered at (default QUARRY_REDACT_DPI)")
	fields := fs.String("fields", "", "comma-separated extracted fields whose boxes are removed too (runs the pipeline)")
	docType := fs.String("document-type", "", "document type the fields are extracted with (default: classified)")
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
	secret, err := app.PIIKey(cfg, false)
	if err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return 1
	}
	masker, err := pii.NewMasker(*mask, pii.WorkspaceKey(ctx, secret), 1)
	if err != nil {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: "--mask", Message: err.Error()}))
	}
	po := pii.Options{Types: splitList(*types), Jurisdictions: splitList(*juris), Locale: *locale, MinScore: *minScore}
	if err := pii.ValidateOptions(po); err != nil {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: "--types/--jurisdictions/--locale", Message: err.Error()}))
	}
	if *dpi == 0 {
		*dpi = cfg.RedactDPI
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: files[0], Message: err.Error()}))
	}
	opts := redact.Options{PII: po, Masker: masker, DPI: *dpi, MaxPixels: cfg.Limits.MaxImagePixels, ToolTimeout: cfg.Limits.ToolTimeout}
	var missing []string
	if names := splitList(*fields); len(names) > 0 {
		engine, err := app.NewEngine(cfg, app.FindCapabilities(ctx), secret)
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		file := api.FileInput{Filename: filepath.Base(files[0]), Data: data}
		if opts.Areas, missing, err = engine.FieldAreas(ctx, file, *docType, names); err != nil {
			return fail(stderr, err)
		}
	}
	res, err := redact.File(ctx, ingest.NewLoader(cfg.Limits, ingest.FindEngines()), ingest.Input{Name: filepath.Base(files[0]), Data: data}, opts)
	if err != nil {
		return fail(stderr, err)
	}
	if *out == "" {
		_, err = stdout.Write(res.Data)
	} else {
		err = os.WriteFile(*out, res.Data, 0o600)
	}
	if err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return 1
	}
	if missing != nil {
		res.Summary.FieldsNotFound = missing
	}
	return printJSON(stderr, res.Summary, false)
}

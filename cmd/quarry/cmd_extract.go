package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/problem"
)

// cmdExtract runs the pipeline in-process: the result JSON on stdout (exit
// 0), or a problem JSON on stderr (exit 2 for bad input, 1 otherwise).
func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reqPath := fs.String("request", "", "request JSON (document_types, rules, options); files come from the arguments")
	pretty := fs.Bool("pretty", false, "indent the JSON output")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: "files", Message: "give at least one FILE"}))
	}
	cfg, ok := loadConfig(stderr)
	if !ok {
		return 2
	}
	setupLogging("error", stderr)
	req := &api.ExtractRequest{}
	if *reqPath != "" {
		body, err := os.ReadFile(*reqPath)
		if err != nil {
			return fail(stderr, problem.Invalid(problem.FieldError{Path: "--request", Message: err.Error()}))
		}
		if err := json.Unmarshal(body, req); err != nil {
			return fail(stderr, problem.Invalid(problem.FieldError{Path: "--request", Message: "malformed JSON: " + err.Error()}))
		}
	}
	// Pins declared in the request file apply to the argument with the same name.
	pins := map[string]string{}
	for _, f := range req.Files {
		pins[f.Filename] = f.ExpectedType
	}
	req.Files = nil
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return fail(stderr, problem.Invalid(problem.FieldError{Path: path, Message: err.Error()}))
		}
		name := filepath.Base(path)
		if cfg.Limits.MaxBytes > 0 && int64(len(data)) > cfg.Limits.MaxBytes {
			return fail(stderr, problem.New(problem.FileTooLarge, "File %q is larger than %d bytes.", name, cfg.Limits.MaxBytes).With("filename", name))
		}
		req.Files = append(req.Files, api.FileInput{Filename: name, Data: data, ExpectedType: pins[name]})
	}
	if err := pipeline.Check(req); err != nil {
		return fail(stderr, err)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.AsyncTimeout)
	defer cancel()
	key, err := app.PIIKey(cfg, false)
	if err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return 1
	}
	engine, err := app.NewEngine(cfg, app.FindCapabilities(ctx), key)
	if err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return 1
	}
	res, err := engine.Run(ctx, ids.New("ext"), req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = problem.New(problem.Timeout, "The extraction took longer than %s.", cfg.AsyncTimeout)
		}
		return fail(stderr, err)
	}
	return printJSON(stdout, res, *pretty)
}

// parseInterleaved parses flags that may come after positional arguments
// (`quarry extract a.pdf --pretty`).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func printJSON(w io.Writer, v any, pretty bool) int {
	enc := json.NewEncoder(w)
	if pretty {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return 1
	}
	return 0
}

// fail prints err as a problem JSON and returns the exit code: 2 for a
// problem with a 4xx status (bad input), 1 for anything else.
func fail(stderr io.Writer, err error) int {
	p := problem.From(err)
	_ = json.NewEncoder(stderr).Encode(p)
	if p.Status >= 400 && p.Status < 500 {
		return 2
	}
	return 1
}

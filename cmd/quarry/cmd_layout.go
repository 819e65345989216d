package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

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
	defer layoutGC(os.Getenv)()
	in, err := readInputFile(files[0])
	if err != nil {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: files[0], Message: err.Error()}))
	}
	in.LanguageHint = *lang
	read, err := ingest.NewLoader(cfg.Limits, ingest.FindEngines()).Load(ctx, in)
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
	if f, ok := stdout.(*os.File); ok {
		// The JSON is several times the size of the text it holds;
		// with a larger pipe Quarry waits less often for its reader.
		ingest.GrowPipe(int(f.Fd()))
	}
	if err := writeLayoutJSON(stdout, read); err != nil {
		return 1
	}
	return 0
}

// readInputFile reads the file at name into an input. A regular file
// also goes in as Path, so that pdftotext reads it where it is instead of
// from a temp copy; a pipe or a device (/dev/stdin) can be read only
// once, so only its bytes go in.
func readInputFile(name string) (ingest.Input, error) {
	st, err := os.Stat(name)
	if err != nil {
		return ingest.Input{}, err
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return ingest.Input{}, err
	}
	in := ingest.Input{Name: filepath.Base(name), Data: data}
	if st.Mode().IsRegular() && int64(len(data)) == st.Size() {
		in.Path = name
	}
	return in, nil
}

// layoutGC turns the collector off for one `quarry layout` run, up to a
// 1 GiB heap, unless GOGC or GOMEMLIMIT says otherwise; it returns what
// puts the settings back. The run keeps most of what it allocates (the
// layout, until it is printed) and then exits, so collecting as it goes
// finds little garbage: on a 600-page PDF it cost 3-4 % of the run's CPU
// (ratio to bare pdftotext 1.27x -> 1.22x, and 1.23x -> 1.20x, without
// it) for 7 MB more peak memory. Past the limit
// the collector runs as usual. The server and the other commands keep
// their settings.
func layoutGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(1 << 30)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

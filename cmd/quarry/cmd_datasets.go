package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
)

const datasetsUsage = `usage: quarry datasets build --workspace W --name N [--min-grade G] [--ids ID,...] [--no-mask] [--rebuild]
       quarry datasets list --workspace W
       quarry datasets export --workspace W --format F [-o FILE] DATASET_ID`

// cmdDatasets builds, lists and exports datasets against the configured
// database, in this process (no server or worker needed).
func cmdDatasets(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, datasetsUsage)
		return 2
	}
	fs := flag.NewFlagSet("datasets "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	ws := fs.String("workspace", store.DefaultWorkspace, "workspace")
	name := fs.String("name", "", "dataset name (build)")
	minGrade := fs.String("min-grade", "", "lowest grade kept: A, B, C or D (build)")
	idList := fs.String("ids", "", "comma-separated exec_/job_ ids instead of the whole workspace (build)")
	noMask := fs.Bool("no-mask", false, "keep PII values as extracted (build)")
	rebuild := fs.Bool("rebuild", false, "build a new version of an existing dataset (build)")
	format := fs.String("format", "jsonl", "export format (export)")
	outPath := fs.String("o", "", "output file (export; default stdout)")
	id, rest := splitName(args[1:])
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	}
	st, ok := openStore(ctx, stderr)
	if !ok {
		return 2
	}
	defer st.Close()
	svc := dataset.New(st, dataset.Options{})
	switch args[0] {
	case "build":
		if *name == "" {
			fmt.Fprintln(stderr, "quarry datasets build: --name is required")
			return 2
		}
		req := dataset.BuildRequest{WorkspaceID: *ws, Name: *name, ReplaceExisting: *rebuild, Inline: true}
		if *noMask {
			off := false
			req.Mask = &off
		}
		if *idList != "" {
			req.IDs = strings.Split(*idList, ",")
		} else {
			req.Filter = &dataset.Filter{MinGrade: *minGrade}
		}
		acc, err := svc.Build(ctx, req)
		if err == nil {
			err = svc.RunInline(ctx, *ws, acc)
		}
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", datasetErr(err))
			return 1
		}
		d, err := svc.Get(ctx, *ws, acc.DatasetID)
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		fmt.Fprintln(stdout, d.ID)
		fmt.Fprintf(stderr, "built %s version %d: %d rows\n", d.Slug, d.Version, d.RowCount)
		return 0
	case "list":
		list, _, err := svc.List(ctx, store.DatasetListParams{WorkspaceID: *ws, Limit: 1000})
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSLUG\tSTATUS\tVERSION\tROWS\tCREATED")
		for _, d := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", d.ID, d.Name, d.Slug, d.Status, d.Version, d.RowCount, d.CreatedAt.UTC().Format(time.RFC3339))
		}
		_ = tw.Flush()
		return 0
	case "export":
		if id == "" {
			fmt.Fprintln(stderr, datasetsUsage)
			return 2
		}
		f, ok := export.Lookup(*format)
		if !ok {
			fmt.Fprintf(stderr, "quarry: unknown format %q\n", *format)
			return 2
		}
		w := stdout
		if *outPath != "" {
			file, err := os.Create(*outPath)
			if err != nil {
				fmt.Fprintln(stderr, "quarry:", err)
				return 1
			}
			defer file.Close()
			w = file
		}
		if err := svc.Export(ctx, *ws, id, f, w, export.Options{}); err != nil {
			fmt.Fprintln(stderr, "quarry:", datasetErr(err))
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "quarry datasets: unknown command %q\n", args[0])
	return 2
}

// datasetErr words the service's errors for a person at a terminal.
func datasetErr(err error) error {
	var inv *dataset.InvalidError
	switch {
	case errors.As(err, &inv):
		return errors.New(inv.Msg)
	case errors.Is(err, dataset.ErrNotFound):
		return errors.New("no such dataset or execution in this workspace")
	case errors.Is(err, dataset.ErrNotReady):
		return errors.New("the dataset has no ready version yet")
	case errors.Is(err, dataset.ErrConflict):
		return errors.New("the name is taken by another source (pass --rebuild), or a build is running")
	}
	return err
}

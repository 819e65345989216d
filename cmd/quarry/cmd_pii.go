package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/problem"
)

// cmdPII handles `quarry pii detect` (text on stdin, JSON on stdout) and
// `quarry pii types` (the catalogue).
func cmdPII(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "detect" && args[0] != "types") {
		fmt.Fprintln(stderr, "usage: quarry pii detect [--types a,b] [--jurisdictions tr,eu,us,global,sg,...] [--locale L] [--mask STRATEGY] < text\n       quarry pii types")
		return 2
	}
	if args[0] == "types" {
		return printJSON(stdout, pii.Types(), true)
	}
	fs := flag.NewFlagSet("pii detect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	types := fs.String("types", "", "comma-separated PII types (default: all)")
	juris := fs.String("jurisdictions", "", "comma-separated jurisdictions: "+strings.Join(pii.Jurisdictions(), ", ")+" (default: all)")
	locale := fs.String("locale", "", "gate detectors by locale (all or und enables every detector)")
	mask := fs.String("mask", "", "masking strategy: "+strings.Join(pii.Strategies(), ", "))
	if _, err := parseInterleaved(fs, args[1:]); err != nil {
		return 2
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
	opts := pii.StreamOptions{
		Options: pii.Options{Types: splitList(*types), Jurisdictions: splitList(*juris), Locale: *locale},
		Mask:    *mask,
		Key:     pii.WorkspaceKey(ctx, secret),
		Seed:    1,
	}
	if *mask != "" {
		if _, err := pii.NewMasker(*mask, opts.Key, 1); err != nil {
			return fail(stderr, problem.Invalid(problem.FieldError{Path: "--mask", Message: err.Error()}))
		}
	}
	if err := pii.ValidateOptions(opts.Options); err != nil {
		return fail(stderr, problem.Invalid(problem.FieldError{Path: "--types/--jurisdictions/--locale", Message: err.Error()}))
	}
	if err := pii.Stream(stdin, stdout, opts); err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return 1
	}
	return 0
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

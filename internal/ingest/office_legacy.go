package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.legacy_office", legacyOfficeReader{}, "application/msword", "application/vnd.ms-excel",
		"application/vnd.ms-powerpoint")
}

type legacyOfficeReader struct{}

// legacyExt gives LibreOffice the file name extension it filters by.
var legacyExt = map[string]string{
	"application/msword":            ".doc",
	"application/vnd.ms-excel":      ".xls",
	"application/vnd.ms-powerpoint": ".ppt",
}

// Read converts a binary Word, Excel or PowerPoint file to PDF with
// LibreOffice and reads that PDF (text layer, OCR for image-only pages), so
// that these formats get real pages and word boxes. Each run has its own
// throw-away profile: concurrent soffice processes sharing one profile
// block each other.
func (legacyOfficeReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	if env.Engines.Soffice == "" {
		return nil, problem.New(problem.OfficeConversionFailed,
			"%q needs LibreOffice, which is not installed here; run scripts/deps.sh.", in.Name)
	}
	mt := Sniff(in.Data, in.Name, in.DeclaredType)
	pdf, err := convertWithSoffice(ctx, env, in, legacyExt[mt])
	if err != nil {
		return nil, err
	}
	rd, err := pdfReader{}.Read(ctx, env, Input{Name: in.Name, Data: pdf, LanguageHint: in.LanguageHint})
	if err != nil {
		if p, ok := problem.As(err); ok && (p.Code == problem.CorruptPDF || p.Code == problem.EncryptedPDF) {
			return nil, problem.New(problem.OfficeConversionFailed, "%q could not be converted: %s", in.Name, p.Detail)
		}
		return nil, err
	}
	return rd, nil
}

// convertWithSoffice runs `soffice --headless --convert-to pdf` in a temp
// folder and returns the PDF's bytes.
func convertWithSoffice(ctx context.Context, env *Env, in Input, ext string) ([]byte, error) {
	if ext == "" {
		ext = ".bin"
	}
	dir, err := mkdirTemp("soffice-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "input"+ext)
	if err := os.WriteFile(src, in.Data, 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "out")
	profile := "file://" + filepath.Join(dir, "profile")
	_, stderr, err := RunTool(ctx, env.Limits.ToolTimeout, nil, env.Engines.Soffice,
		"-env:UserInstallation="+profile, "--headless", "--norestore", "--nolockcheck", "--nodefault",
		"--convert-to", "pdf", "--outdir", out, src)
	if err != nil {
		if errors.Is(err, ErrToolTimeout) {
			return nil, problem.New(problem.OfficeConversionFailed, "Converting %q took too long.", in.Name)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, problem.New(problem.OfficeConversionFailed, "LibreOffice could not convert %q: %s", in.Name, firstLine(stderr))
	}
	pdf, err := os.ReadFile(filepath.Join(out, "input.pdf"))
	if err != nil || len(pdf) == 0 {
		return nil, problem.New(problem.OfficeConversionFailed, "LibreOffice produced no PDF for %q: %s", in.Name, firstLine(stderr))
	}
	return pdf, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

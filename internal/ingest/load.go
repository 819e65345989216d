package ingest

import (
	"context"
	"fmt"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/problem"
)

// Loader reads inputs into files.
type Loader struct {
	Env Env
}

// NewLoader returns a loader with the given limits and engines.
func NewLoader(limits Limits, engines Engines) *Loader {
	return &Loader{Env: Env{Limits: limits, Engines: engines}}
}

// budget tracks what one submitted file has expanded into so far.
type budget struct {
	files int
	bytes int64
}

// Load reads one submitted file. Bundles fan out into several files, named
// after their path inside the bundle. Refusals are *problem.Problem values
// naming the file.
func (l *Loader) Load(ctx context.Context, in Input) ([]*File, error) {
	lim := l.Env.Limits
	if lim.MaxBytes > 0 && int64(len(in.Data)) > lim.MaxBytes {
		return nil, problem.New(problem.FileTooLarge,
			"File %q is %d bytes; the limit is %d bytes.", in.Name, len(in.Data), lim.MaxBytes).
			With("filename", in.Name).With("limit_bytes", lim.MaxBytes)
	}
	return l.load(ctx, in, in.Name, &budget{})
}

func (l *Loader) load(ctx context.Context, in Input, source string, b *budget) ([]*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lim := l.Env.Limits
	b.bytes += int64(len(in.Data))
	if lim.MaxTotalBytes > 0 && b.bytes > lim.MaxTotalBytes {
		return nil, problem.New(problem.LimitExceeded,
			"File %q expands to more than %d bytes.", source, lim.MaxTotalBytes).With("filename", source)
	}
	mt := in.MediaType
	if mt == "" {
		mt = Sniff(in.Data, in.Name, in.DeclaredType)
	}
	reader, unpacker := lookup(mt)
	if unpacker != nil {
		if in.Depth >= lim.MaxDepth {
			return nil, problem.New(problem.ArchiveExtractionFailed,
				"%q is nested deeper than %d levels.", in.Name, lim.MaxDepth).With("filename", in.Name)
		}
		members, err := unpacker.Unpack(ctx, &l.Env, in)
		if err != nil {
			return nil, withFilename(err, in.Name, problem.ArchiveExtractionFailed)
		}
		out, left, dropped, err := l.loadMembers(ctx, members, in, source, b)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 {
			code := problem.ArchiveExtractionFailed
			if isEmail(mt) {
				code = problem.EmailParseFailed
			}
			return nil, problem.New(code, "%q holds no readable documents (%d members left out).", in.Name, len(left)+len(dropped)).
				With("filename", in.Name)
		}
		out[0].Skipped = append(out[0].Skipped, left...)
		out[0].Dropped = append(out[0].Dropped, dropped...)
		return out, nil
	}
	if reader == nil {
		return nil, problem.New(problem.UnsupportedFile,
			"%q has media type %s, which Quarry cannot read.", in.Name, mt).
			With("filename", in.Name).With("media_type", mt)
	}
	b.files++
	if lim.MaxFiles > 0 && b.files > lim.MaxFiles {
		return nil, problem.New(problem.LimitExceeded,
			"%q expands to more than %d files.", source, lim.MaxFiles).With("filename", source)
	}
	rd, err := reader.Read(ctx, &l.Env, in)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, withFilename(err, in.Name, problem.UnsupportedFile)
	}
	if rd.MediaType != "" {
		mt = rd.MediaType
	}
	f := &File{
		Name:      in.Name,
		MediaType: mt,
		Bytes:     int64(len(in.Data)),
		Layout:    rd.Layout,
		OCR:       rd.OCR,
		Source:    source,
		EInvoice:  rd.EInvoice,
		Readings:  rd.Readings,
		Data:      in.Data,
	}
	if f.Layout == nil {
		f.Layout = doc.NewBuilder().Layout()
	}
	f.PageCount = len(f.Layout.Pages)
	if lim.MaxPages > 0 && f.PageCount > lim.MaxPages {
		return nil, pageLimitProblem(in.Name, f.PageCount, lim.MaxPages)
	}
	f.TextSource = textSource(f.Layout)
	f.Language = DetectLanguage(f.Layout.Text, in.LanguageHint)
	if len(rd.Attachments) == 0 || in.Depth >= lim.MaxDepth {
		// Attachments past the nesting limit are left out; the document
		// itself still reads.
		return []*File{f}, nil
	}
	more, left, _, err := l.loadMembers(ctx, rd.Attachments, in, source, b)
	if err != nil {
		return nil, err
	}
	f.Skipped = append(f.Skipped, left...)
	return append([]*File{f}, more...), nil
}

// loadMembers reads the members of a bundle (or a document's
// attachments); members the unpacker refused unread come back in dropped.
// A member nobody can read (a signature, a font, a broken
// image) is left out and returned in left: it must not sink the
// documents next to it. Safety limits still fail the whole input.
func (l *Loader) loadMembers(ctx context.Context, members []Input, in Input, source string, b *budget) (out []*File, left []*problem.Problem, dropped []DroppedMember, err error) {
	for _, m := range members {
		if m.Dropped != nil {
			dropped = append(dropped, *m.Dropped)
			continue
		}
		m.Depth = in.Depth + 1
		if m.LanguageHint == "" {
			m.LanguageHint = in.LanguageHint
		}
		files, err := l.load(ctx, m, source, b)
		if err != nil {
			if p, ok := problem.As(err); ok && memberSkippable[p.Code] {
				left = append(left, p)
				continue
			}
			return nil, nil, nil, err
		}
		out = append(out, files...)
	}
	return out, left, dropped, nil
}

// memberSkippable are the refusals that leave one bundle member out
// instead of failing the bundle.
var memberSkippable = map[string]bool{
	problem.UnsupportedFile: true, problem.ImageConversionFailed: true, problem.OfficeConversionFailed: true,
	problem.CorruptPDF: true, problem.EncryptedPDF: true, problem.EmailParseFailed: true,
}

// withFilename makes sure a reader's error is a problem naming the file.
func withFilename(err error, name, fallbackCode string) error {
	if p, ok := problem.As(err); ok {
		if _, has := p.Extensions["filename"]; !has {
			p.With("filename", name)
		}
		return p
	}
	return problem.New(fallbackCode, "%q could not be read: %v", name, err).With("filename", name)
}

func textSource(l *doc.Layout) string {
	seen := map[doc.Source]bool{}
	for _, p := range l.Pages {
		if p.WordCount() > 0 || len(l.Pages) == 1 {
			seen[p.Source] = true
		}
	}
	switch {
	case len(seen) > 1:
		return TextMixed
	case seen[doc.SourceOCR]:
		return TextOCR
	case seen[doc.SourcePDFText]:
		return TextPDF
	default:
		return TextNative
	}
}

// String is for logs.
func (f *File) String() string {
	return fmt.Sprintf("%s (%s, %d pages)", f.Name, f.MediaType, f.PageCount)
}

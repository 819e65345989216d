package ingest

import (
	"errors"
	"io"
	"path"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

// ratioFloor is how many decompressed bytes a member may produce before its
// compression ratio is checked: small, very repetitive files (a page of
// spaces) compress far beyond any bomb threshold and are harmless.
const ratioFloor = 1 << 20

// expander bounds what one bundle may decompress: entry count, bytes per
// entry, bytes in total and the compression ratio, all checked while
// streaming so that a bomb is stopped before it is in memory.
type expander struct {
	env     *Env
	name    string // the bundle, for problems
	total   int64
	entries int
	dropped int
}

func newExpander(env *Env, name string) *expander { return &expander{env: env, name: name} }

// entry counts one more member and refuses the bundle past MaxFiles.
func (x *expander) entry() error {
	x.entries++
	if lim := x.env.Limits.MaxFiles; lim > 0 && x.entries > lim {
		return problem.New(problem.LimitExceeded, "%q holds more than %d files.", x.name, lim).With("filename", x.name)
	}
	return nil
}

// drop reports a member refused unread as a dropped-member Input. Reports
// share the MaxFiles budget with the members read, so that an archive of a
// million links cannot grow the list; past it they are left out silently.
func (x *expander) drop(member, reason string) (Input, bool) {
	x.dropped++
	if lim := x.env.Limits.MaxFiles; lim > 0 && x.entries+x.dropped > lim {
		return Input{}, false
	}
	return Input{Dropped: &DroppedMember{Name: x.name + "/" + member, Reason: reason}}, true
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// read decompresses one member. compressed reports how many compressed
// bytes stand behind what was read so far (a constant for zip entries, a
// running count for gzip streams); nil skips the ratio check.
func (x *expander) read(member string, r io.Reader, compressed func() int64) ([]byte, error) {
	lim := x.env.Limits
	max := lim.MaxEntryBytes
	if max <= 0 {
		max = 64 << 20
	}
	var buf []byte
	chunk := make([]byte, 32*1024)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		size := int64(len(buf))
		if size > max {
			return nil, problem.New(problem.LimitExceeded, "%q inside %q is larger than %d bytes.", member, x.name, max).
				With("filename", x.name).With("member", member)
		}
		if lim.MaxTotalBytes > 0 && x.total+size > lim.MaxTotalBytes {
			return nil, problem.New(problem.LimitExceeded, "%q expands to more than %d bytes.", x.name, lim.MaxTotalBytes).
				With("filename", x.name)
		}
		if compressed != nil && lim.MaxRatio > 0 && size > ratioFloor {
			if c := compressed(); c > 0 && float64(size)/float64(c) > lim.MaxRatio {
				return nil, problem.New(problem.LimitExceeded,
					"%q inside %q decompresses more than %.0f times its size: refused as a decompression bomb.", member, x.name, lim.MaxRatio).
					With("filename", x.name).With("member", member)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, problem.New(problem.ArchiveExtractionFailed, "%q inside %q is damaged: %v", member, x.name, err).
				With("filename", x.name)
		}
	}
	x.total += int64(len(buf))
	return buf, nil
}

// Why a bundle member was dropped without being read (DroppedMember.Reason).
const (
	DropAbsolutePath  = "absolute_path"  // "/etc/passwd", "C:\\x"
	DropPathTraversal = "path_traversal" // a ".." element
	DropLink          = "link"           // symbolic or hard link
)

// DroppedMember is a bundle member refused on purpose, with why. Unlike
// File.Skipped (members that could not be read), these were never read.
type DroppedMember struct {
	Name   string // as the bundle names it, under the bundle's name
	Reason string // DropAbsolutePath, DropPathTraversal or DropLink
}

var (
	// errSkip marks a member that is left out silently: folders and OS
	// metadata are not documents.
	errSkip      = errors.New("skipped member")
	errAbsolute  = errors.New("absolute member name")
	errTraversal = errors.New("member name escapes the bundle")
)

// dropReason says whether a member is dropped for safety, and why: err is
// memberPath's verdict, link whether the member is a symbolic or hard link.
func dropReason(err error, link bool) (string, bool) {
	switch {
	case errors.Is(err, errAbsolute):
		return DropAbsolutePath, true
	case errors.Is(err, errTraversal):
		return DropPathTraversal, true
	case err == nil && link:
		return DropLink, true
	}
	return "", false
}

// memberPath cleans a member's name and rejects names that would escape the
// bundle (absolute, "..") or that are not documents (folders, OS metadata).
func memberPath(name string) (string, error) {
	name = strings.ReplaceAll(name, "\\", "/")
	if name == "" {
		return "", errSkip
	}
	if strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':') {
		return "", errAbsolute
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", errTraversal
		}
	}
	clean := path.Clean(name)
	if clean == "." || strings.HasSuffix(name, "/") {
		return "", errSkip
	}
	base := path.Base(clean)
	if strings.HasPrefix(clean, "__MACOSX/") || base == ".DS_Store" || base == "Thumbs.db" || strings.HasPrefix(base, "._") {
		return "", errSkip
	}
	return clean, nil
}

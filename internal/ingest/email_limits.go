package ingest

import (
	"bytes"
	"context"

	"github.com/quarrydev/quarry/internal/problem"
)

// MIME structure limits. The MIME parser (enmime) nests one reader per
// multipart level and links every part to its siblings one by one, so a
// message of 20,000 nested multiparts kept a core busy for 90 s, and it
// cannot be interrupted once started. The structure is therefore counted
// first, in one cancellable pass, and refused past these limits with
// limit_exceeded. Real mail uses a handful of each.
const (
	// MaxMIMEContainers bounds the multipart containers of one message
	// (boundary parameters), and with them its nesting depth.
	MaxMIMEContainers = 50
	// MaxMIMEParts bounds the parts of one message (boundary delimiter
	// lines).
	MaxMIMEParts = 1000
)

// checkMIME counts a message's multipart containers and parts without
// parsing it. It over-counts rather than under-counts: every "boundary"
// parameter is a container, and when a boundary cannot be read exactly
// (RFC 2231 continuations) every line starting with "--" is a part.
func checkMIME(ctx context.Context, name string, data []byte) error {
	boundaries, exact, err := mimeBoundaries(ctx, data)
	if err != nil {
		return err
	}
	if len(boundaries) > MaxMIMEContainers {
		return problem.New(problem.LimitExceeded, "%q nests more than %d MIME multiparts.", name, MaxMIMEContainers).
			With("filename", name).With("limit_multiparts", MaxMIMEContainers)
	}
	parts := 0
	for i, line := 0, 0; i < len(data); line++ {
		if line%ctxEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data) - i
		}
		l := data[i : i+end]
		i += end + 1
		if len(l) < 2 || l[0] != '-' || l[1] != '-' {
			continue
		}
		if !exact || delimits(l[2:], boundaries) {
			if parts++; parts > MaxMIMEParts {
				return problem.New(problem.LimitExceeded, "%q has more than %d MIME parts.", name, MaxMIMEParts).
					With("filename", name).With("limit_parts", MaxMIMEParts)
			}
		}
	}
	return nil
}

func delimits(l []byte, boundaries [][]byte) bool {
	for _, b := range boundaries {
		if len(b) > 0 && bytes.HasPrefix(l, b) {
			return true
		}
	}
	return false
}

var boundaryWord = []byte("boundary")

// mimeBoundaries returns the value of every boundary parameter in data (one
// entry per occurrence, so its length counts containers; it stops one past
// MaxMIMEContainers). exact is false when a value could not be read.
func mimeBoundaries(ctx context.Context, data []byte) (out [][]byte, exact bool, err error) {
	exact = true
	for i := 0; i+len(boundaryWord) <= len(data); i++ {
		if i%ctxEveryBytes == 0 && ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		if data[i]|0x20 != 'b' || !bytes.EqualFold(data[i:i+len(boundaryWord)], boundaryWord) {
			continue
		}
		j := skipSpace(data, i+len(boundaryWord))
		if j >= len(data) {
			break
		}
		switch data[j] {
		case '*':
			out, exact = append(out, nil), false // RFC 2231: boundary*0=...
		case '=':
			out = append(out, paramValue(data, skipSpace(data, j+1)))
		default:
			continue // the word in prose
		}
		if len(out) > MaxMIMEContainers {
			return out, exact, nil
		}
	}
	return out, exact, nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return i
}

// paramValue reads a MIME parameter value at data[i:]: quoted, or a token.
func paramValue(data []byte, i int) []byte {
	if i < len(data) && data[i] == '"' {
		end := bytes.IndexAny(data[i+1:], "\"\r\n")
		if end < 0 {
			return data[i+1:]
		}
		return data[i+1 : i+1+end]
	}
	j := i
	for j < len(data) && !bytes.ContainsRune([]byte(" \t\r\n;\""), rune(data[j])) {
		j++
	}
	return data[i:j]
}

package ingest

import (
	"fmt"
	"sort"
	"sync"
)

// The registry maps media types to readers and unpackers. Each format
// registers itself from its own file's init, so adding a format is one file.
var (
	regMu     sync.RWMutex
	readers   = map[string]regEntry[Reader]{}
	unpackers = map[string]regEntry[Unpacker]{}
)

type regEntry[T any] struct {
	id string
	v  T
}

// RegisterReader registers r under id (e.g. "reader.pdf") for media types.
// A media type registered twice panics at start.
func RegisterReader(id string, r Reader, mediaTypes ...string) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, mt := range mediaTypes {
		if prev, ok := readers[mt]; ok {
			panic(fmt.Sprintf("ingest: %s and %s both read %s", prev.id, id, mt))
		}
		readers[mt] = regEntry[Reader]{id, r}
	}
}

// RegisterUnpacker registers u under id for media types.
func RegisterUnpacker(id string, u Unpacker, mediaTypes ...string) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, mt := range mediaTypes {
		if prev, ok := unpackers[mt]; ok {
			panic(fmt.Sprintf("ingest: %s and %s both unpack %s", prev.id, id, mt))
		}
		unpackers[mt] = regEntry[Unpacker]{id, u}
	}
}

func lookup(mediaType string) (Reader, Unpacker) {
	regMu.RLock()
	defer regMu.RUnlock()
	var (
		r Reader
		u Unpacker
	)
	if e, ok := readers[mediaType]; ok {
		r = e.v
	}
	if e, ok := unpackers[mediaType]; ok {
		u = e.v
	}
	return r, u
}

// SupportedTypes lists every media type a reader or unpacker handles.
func SupportedTypes() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	var out []string
	for mt := range readers {
		out = append(out, mt)
	}
	for mt := range unpackers {
		out = append(out, mt)
	}
	sort.Strings(out)
	return out
}

package validate

import (
	"regexp"
	"sync"
)

// Patterns come from callers and are compiled on every request that uses
// them, so compiled forms (and compile errors) are cached by source text.
// The cache is bounded because the sources are caller-controlled: when it
// is full an arbitrary entry is evicted, which is cheap and good enough for
// a working set that is normally a few dozen schemas.
const patternCacheSize = 1024

type compiled struct {
	re  *regexp.Regexp
	err error
}

var patterns = struct {
	sync.RWMutex
	m map[string]compiled
}{m: make(map[string]compiled, 64)}

// compilePattern returns the full-match form of pattern: the value must
// match from its first to its last character, as the reference requires.
func compilePattern(pattern string) (*regexp.Regexp, error) {
	patterns.RLock()
	c, ok := patterns.m[pattern]
	patterns.RUnlock()
	if ok {
		return c.re, c.err
	}
	// Check the caller's text alone first so the error message talks
	// about what they wrote, not about our anchoring wrapper.
	if _, err := regexp.Compile(pattern); err != nil {
		c.err = err
	} else {
		c.re = regexp.MustCompile(`^(?:` + pattern + `)$`)
	}
	patterns.Lock()
	if len(patterns.m) >= patternCacheSize {
		for k := range patterns.m {
			delete(patterns.m, k)
			break
		}
	}
	patterns.m[pattern] = c
	patterns.Unlock()
	return c.re, c.err
}

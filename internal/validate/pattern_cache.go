package validate

import (
	"container/list"
	"fmt"
	"regexp"
	"regexp/syntax"
	"sync"
)

// Patterns come from callers and are compiled on every request that uses
// them, so compiled forms (and compile errors) are cached by source text.
// The sources are caller-controlled, so the cache is bounded three ways:
// a pattern longer than MaxPatternBytes is refused as invalid_pattern
// before it is compiled; the cache holds at most patternCacheSize entries;
// and their estimated size stays under patternCacheBytes, least recently
// used first out. Counting entries alone let 100 distinct 256 KB patterns
// keep 2.2 GB alive for good.
const (
	// MaxPatternBytes is the longest field pattern accepted. Real patterns
	// (an ID shape, a list of codes) are a few hundred bytes at most.
	MaxPatternBytes  = 8 << 10
	patternCacheSize = 1024
	// patternCacheBytes bounds the estimated memory of cached patterns.
	patternCacheBytes = 64 << 20
	// bytesPerInst estimates what one compiled instruction costs a
	// *regexp.Regexp with its matcher caches: 50 to 70 bytes measured for
	// literal, class and repeat patterns; twice that to stay on the safe
	// side.
	bytesPerInst = 128
)

type compiled struct {
	re   *regexp.Regexp
	err  error
	src  string
	cost int64
}

var patterns = struct {
	sync.RWMutex
	m     map[string]*list.Element // of *compiled
	lru   list.List                // front: most recently used
	bytes int64
}{m: make(map[string]*list.Element, 64)}

// errPatternTooLong reads well after the invalid_pattern wording ("has a
// pattern that is not valid RE2: ...").
func errPatternTooLong(n int) error {
	return fmt.Errorf("pattern is %d bytes long; the limit is %d bytes", n, MaxPatternBytes)
}

// compilePattern returns the full-match form of pattern: the value must
// match from its first to its last character, as the reference requires.
func compilePattern(pattern string) (*regexp.Regexp, error) {
	if len(pattern) > MaxPatternBytes {
		return nil, errPatternTooLong(len(pattern))
	}
	patterns.Lock()
	if e, ok := patterns.m[pattern]; ok {
		patterns.lru.MoveToFront(e)
		c := e.Value.(*compiled)
		patterns.Unlock()
		return c.re, c.err
	}
	patterns.Unlock()
	c := &compiled{src: pattern}
	// Check the caller's text alone first so the error message talks
	// about what they wrote, not about our anchoring wrapper.
	if _, err := regexp.Compile(pattern); err != nil {
		c.err = err
	} else {
		c.re = regexp.MustCompile(`^(?:` + pattern + `)$`)
	}
	c.cost = patternCost(pattern)
	storePattern(c)
	return c.re, c.err
}

// patternCost estimates the memory a cached pattern holds: its source and
// its compiled program. The program is compiled a second time through
// regexp/syntax to count instructions, because *regexp.Regexp does not
// say; that happens once per distinct pattern.
func patternCost(pattern string) int64 {
	cost := int64(len(pattern)) + 64
	re, err := syntax.Parse(`^(?:`+pattern+`)$`, syntax.Perl)
	if err != nil {
		return cost
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return cost
	}
	return cost + int64(len(prog.Inst))*bytesPerInst
}

// storePattern caches c, evicting least recently used entries until both
// bounds hold. A pattern too big for the whole budget is not cached.
func storePattern(c *compiled) {
	if c.cost > patternCacheBytes {
		return
	}
	patterns.Lock()
	defer patterns.Unlock()
	if _, ok := patterns.m[c.src]; ok {
		return // another request compiled it meanwhile
	}
	for patterns.lru.Len() > 0 && (patterns.lru.Len() >= patternCacheSize || patterns.bytes+c.cost > patternCacheBytes) {
		old := patterns.lru.Remove(patterns.lru.Back()).(*compiled)
		delete(patterns.m, old.src)
		patterns.bytes -= old.cost
	}
	patterns.m[c.src] = patterns.lru.PushFront(c)
	patterns.bytes += c.cost
}

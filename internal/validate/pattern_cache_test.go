package validate

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// heavyPattern is a distinct pattern of about n bytes that compiles to
// three instructions per byte, the costly shape of issue 11.
func heavyPattern(i, n int) string {
	return fmt.Sprintf("p%d", i) + strings.Repeat("(?:ab{1,20}c)?", (n-8)/14)
}

// TestPatternCacheIsBoundedByBytes: 100 distinct patterns of 8 KB (each
// about 1.4 MB compiled) stay within patternCacheBytes, measured both by
// the cache's estimate and by the heap after a collection; the most
// recently used pattern survives the evictions. Not parallel: it measures
// the process heap and fills the shared cache.
func TestPatternCacheIsBoundedByBytes(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	keep := heavyPattern(-1, MaxPatternBytes)
	for i := 0; i < 100; i++ {
		if _, err := compilePattern(keep); err != nil {
			t.Fatal(err)
		}
		if _, err := compilePattern(heavyPattern(i, MaxPatternBytes)); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	patterns.RLock()
	n, est := len(patterns.m), patterns.bytes
	_, kept := patterns.m[keep]
	patterns.RUnlock()
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d entries, estimate %d MB, heap grew %d MB", n, est>>20, grown>>20)
	if est > patternCacheBytes {
		t.Errorf("estimate %d B over the %d B bound", est, patternCacheBytes)
	}
	if grown > patternCacheBytes {
		t.Errorf("heap grew %d MB, bound %d MB", grown>>20, patternCacheBytes>>20)
	}
	if n >= 100 {
		t.Errorf("%d entries: nothing was evicted", n)
	}
	if !kept {
		t.Error("the most recently used pattern was evicted")
	}
}

func TestPatternLengthLimit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		pattern string
		ok      bool
	}{
		{"AtLimit", strings.Repeat("a", MaxPatternBytes), true},
		{"OverLimit", strings.Repeat("a", MaxPatternBytes+1), false},
		{"Huge", strings.Repeat("a", 256<<10), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			re, err := compilePattern(tc.pattern)
			if (err == nil) != tc.ok || (re != nil) != tc.ok {
				t.Fatalf("compilePattern = %v, %v; want ok=%v", re, err, tc.ok)
			}
			if !tc.ok {
				if !strings.Contains(err.Error(), fmt.Sprint(MaxPatternBytes)) {
					t.Errorf("error %q does not state the limit", err)
				}
				patterns.RLock()
				_, cached := patterns.m[tc.pattern]
				patterns.RUnlock()
				if cached {
					t.Error("a refused pattern was cached")
				}
			}
		})
	}
}

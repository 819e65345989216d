//go:build linux

package ingest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestGrowPipe: a streamed program's pipe holds what the system allows
// up to 1 MiB, and growing something that is not a pipe is harmless.
func TestGrowPipe(t *testing.T) {
	t.Parallel()
	want := 1 << 20
	if b, err := os.ReadFile("/proc/sys/fs/pipe-max-size"); err == nil {
		if limit, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && limit < want {
			t.Skipf("pipe-max-size is %d", limit)
		}
	}
	r, w, err := outputPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if got, err := unix.FcntlInt(r.Fd(), unix.F_GETPIPE_SZ, 0); err != nil || got != want {
		t.Fatalf("pipe holds %d bytes (%v), want %d", got, err, want)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "plain"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	GrowPipe(int(f.Fd()))
	if _, err := f.WriteString("still writable"); err != nil {
		t.Fatal(err)
	}
}

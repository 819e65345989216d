package ingest

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// deadPID returns the id of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run true: %v", err)
	}
	return cmd.Process.Pid
}

func TestSweepTemp(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dead := filepath.Join(root, tempPrefix+strconv.Itoa(deadPID(t)))
	own := filepath.Join(root, tempPrefix+strconv.Itoa(os.Getpid()))
	parent := filepath.Join(root, tempPrefix+strconv.Itoa(os.Getppid()))
	other := filepath.Join(root, "quarry.db")
	notPID := filepath.Join(root, tempPrefix+"cache")
	for _, d := range []string{dead, own, parent, notPID} {
		if err := os.MkdirAll(filepath.Join(d, "pages-1"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "pages-1", "p1.tif"), []byte("II*"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(other, []byte("db"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := SweepTemp(root)
	if err != nil || n != 1 {
		t.Fatalf("SweepTemp = %d, %v; want 1 removed", n, err)
	}
	cases := []struct {
		name, path string
		kept       bool
	}{
		{"DeadProcess", dead, false},
		{"ThisProcess", own, true},
		{"LiveProcess", parent, true},
		{"NotATempFolder", notPID, true},
		{"OtherFile", other, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := os.Stat(tc.path)
			if kept := err == nil; kept != tc.kept {
				t.Errorf("%s kept = %v, want %v", tc.path, kept, tc.kept)
			}
		})
	}
	if n, err := SweepTemp(filepath.Join(root, "absent")); n != 0 || err != nil {
		t.Errorf("absent root: %d, %v", n, err)
	}
}

// TestTempFilesUseTheConfiguredFolder: not parallel, SetTempDir is global.
func TestTempFilesUseTheConfiguredFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "tmp")
	if err := SetTempDir(root); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		temp.Lock()
		temp.root, temp.dir = "", ""
		temp.Unlock()
	})
	path, cleanup, err := TempFile([]byte("scan"), ".tif")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, tempPrefix+strconv.Itoa(os.Getpid())) + string(filepath.Separator)
	if !strings.HasPrefix(path, want) {
		t.Errorf("temp file %s, want under %s", path, want)
	}
	cleanup()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("cleanup left %s", path)
	}
	dir, err := mkdirTemp("pages-*")
	if err != nil || !strings.HasPrefix(dir, want) {
		t.Errorf("mkdirTemp = %s, %v; want under %s", dir, err, want)
	}
}

// TestToolDiesWithQuarry: a helper process (this test binary) starts a
// tool through RunTool and is then killed with SIGKILL, as an operator's
// kill -9 would. The tool holds the write end of a FIFO; reading the FIFO
// returns EOF exactly when the tool is gone, so the test waits on that
// instead of sleeping.
func TestToolDiesWithQuarry(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Pdeathsig is Linux-only")
	}
	if fifo := os.Getenv("QUARRY_TEST_RUNTOOL_FIFO"); fifo != "" {
		// The helper: run a tool that outlives us unless the kernel kills it.
		RunTool(context.Background(), 0, nil, "sh", "-c", `exec sleep 60 3>"$0"`, fifo)
		return
	}
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "alive")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	helper := exec.Command(os.Args[0], "-test.run=^TestToolDiesWithQuarry$")
	helper.Env = append(os.Environ(), "QUARRY_TEST_RUNTOOL_FIFO="+fifo)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	// Opening the read end blocks until the tool opened the write end.
	r, err := os.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := helper.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	helper.Wait()
	gone := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(r)
		gone <- err
	}()
	select {
	case err := <-gone:
		if err != nil {
			t.Fatalf("read: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the tool outlived its killed parent by 10 s")
	}
}

// TestToolInput: an input with a path on disk is handed over as that
// file, made absolute; one without is written to a temp file that the
// clean-up removes.
func TestToolInput(t *testing.T) {
	t.Parallel()
	path, cleanup, err := toolInput(Input{Data: []byte("ignored"), Path: "-rf.pdf"}, ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if !filepath.IsAbs(path) || filepath.Base(path) != "-rf.pdf" {
		t.Fatalf("path = %q, want the caller's file made absolute", path)
	}
	path, cleanup, err = toolInput(Input{Data: []byte("%PDF-1.4 x")}, ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "%PDF-1.4 x" || filepath.Ext(path) != ".pdf" {
		t.Fatalf("temp copy %q holds %q, %v", path, got, err)
	}
	cleanup()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("temp copy left behind: %v", err)
	}
}

package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// ErrToolTimeout is returned when an external program ran out of time.
var ErrToolTimeout = errors.New("external program timed out")

// RunTool runs an external program with a time limit. The program gets its
// own process group so that a cancel or time-out kills it and every child
// it started (LibreOffice forks; Tesseract may too).
func RunTool(ctx context.Context, timeout time.Duration, stdin []byte, name string, args ...string) (stdout []byte, stderr string, err error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	// Pdeathsig fires when the thread that started the child exits, not
	// the process; pinning this goroutine to its thread until the child is
	// reaped keeps the runtime from retiring that thread under it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := toolCommand(ctx, name, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, errb.String(), fmt.Errorf("%s: %w", name, ErrToolTimeout)
		}
		return nil, errb.String(), ctx.Err()
	}
	if err != nil {
		return out.Bytes(), errb.String(), fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), errb.String(), nil
}

// toolCommand is an external program run in its own process group, killed
// with all its children when ctx ends.
func toolCommand(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = toolProcAttr()
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 2 * time.Second
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1", "LC_ALL=C.UTF-8")
	return cmd
}

// RunToolStream is RunTool for a program whose output is consumed as it
// is written: consume reads the program's stdout to its end while the
// program runs, so the two overlap instead of taking turns. When consume
// fails, the program is killed and consume's error returned.
func RunToolStream(ctx context.Context, timeout time.Duration, name string, args []string, consume func(io.Reader) error) (stderr string, err error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	runtime.LockOSThread() // see RunTool
	defer runtime.UnlockOSThread()
	cmd := toolCommand(ctx, name, args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, w, err := outputPipe()
	if err != nil {
		return "", err
	}
	defer out.Close()
	cmd.Stdout = w // an *os.File goes to the child as is, with no copying goroutine
	err = cmd.Start()
	w.Close() // the child holds its own copy; EOF comes when it exits
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	cerr := consume(out)
	if cerr != nil {
		// Nobody reads any more: a program still writing would block on
		// the full pipe and Wait with it.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	werr := cmd.Wait()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return errb.String(), fmt.Errorf("%s: %w", name, ErrToolTimeout)
		}
		return errb.String(), ctx.Err()
	}
	if cerr != nil {
		return errb.String(), cerr
	}
	if werr != nil {
		return errb.String(), fmt.Errorf("%s: %w: %s", name, werr, strings.TrimSpace(errb.String()))
	}
	return errb.String(), nil
}

// TempFile writes data to a new temporary file in this process's temp
// folder (see SetTempDir) and returns its path and a function that removes
// it.
func TempFile(data []byte, suffix string) (string, func(), error) {
	dir, err := tempDir()
	if err != nil {
		return "", func() {}, err
	}
	f, err := os.CreateTemp(dir, "tool-*"+suffix)
	if err != nil {
		return "", func() {}, err
	}
	name := f.Name()
	cleanup := func() { os.Remove(name) }
	if _, err := f.Write(data); err != nil {
		f.Close()
		cleanup()
		return "", func() {}, err
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", func() {}, err
	}
	return name, cleanup, nil
}

// toolInput returns a path an external program can read in's bytes from:
// the caller's own file when it has one (made absolute, so that a name
// starting with "-" is not taken for an option), else a temp copy.
func toolInput(in Input, suffix string) (string, func(), error) {
	if in.Path != "" {
		abs, err := filepath.Abs(in.Path)
		if err != nil {
			return "", func() {}, err
		}
		return abs, func() {}, nil
	}
	return TempFile(in.Data, suffix)
}

// FindEngines looks up the external programs on PATH.
func FindEngines() Engines {
	look := func(name string) string {
		p, err := exec.LookPath(name)
		if err != nil {
			return ""
		}
		return p
	}
	return Engines{
		PDFToText: look("pdftotext"),
		PDFInfo:   look("pdfinfo"),
		PDFToPPM:  look("pdftoppm"),
		Tesseract: look("tesseract"),
		QPDF:      look("qpdf"),
		Soffice:   look("soffice"),
		Stdbuf:    look("stdbuf"),
	}
}

// Map lists the engines by name, for start-up logs and /api/v1/version.
func (e Engines) Map() map[string]string {
	m := map[string]string{}
	add := func(k, v string) {
		if v == "" {
			v = "missing"
		}
		m[k] = v
	}
	add("pdftotext", e.PDFToText)
	add("pdftoppm", e.PDFToPPM)
	add("tesseract", e.Tesseract)
	add("qpdf", e.QPDF)
	add("soffice", e.Soffice)
	return m
}

// Package ocr runs Tesseract on page images and returns words with pixel
// boxes and confidences. One process per core is the fastest setup measured
// here (OMP_THREAD_LIMIT=1 makes each process single-threaded), so an Engine
// is a semaphore in front of the tesseract binary.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RunFunc runs an external program with a time limit and returns its
// stdout. ingest.RunTool fits; it kills the whole process group on cancel.
type RunFunc func(ctx context.Context, timeout time.Duration, stdin []byte, name string, args ...string) ([]byte, string, error)

// ErrNoEngine means tesseract is not installed.
var ErrNoEngine = errors.New("tesseract is not installed")

// Engine is a pool of tesseract processes.
type Engine struct {
	Path    string
	Timeout time.Duration // per page image
	// Models is a folder of better language models (FindModels), used for
	// the languages it holds; "" reads with the system's models only.
	Models string
	run    RunFunc
	sem    chan struct{}
}

var (
	sharedMu sync.Mutex
	shared   = map[string]*Engine{}
)

// Shared returns the process-wide engine for the binary at path, sized to
// the number of cores, so that concurrent requests share one budget of
// tesseract processes instead of each starting their own.
func Shared(path, models string, run RunFunc) *Engine {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	key := path + "\x00" + models
	if e, ok := shared[key]; ok {
		return e
	}
	e := New(path, runtime.NumCPU(), run)
	e.Models = models
	shared[key] = e
	return e
}

// New returns an engine running at most workers processes at once.
func New(path string, workers int, run RunFunc) *Engine {
	if workers < 1 {
		workers = 1
	}
	return &Engine{Path: path, Timeout: 120 * time.Second, run: run, sem: make(chan struct{}, workers)}
}

func (e *Engine) acquire(ctx context.Context) error {
	select {
	case e.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *Engine) release() { <-e.sem }

func (e *Engine) limit(t time.Duration) time.Duration {
	if t > 0 {
		return t
	}
	return e.Timeout
}

// Recognize OCRs the image file at path (any format Leptonica reads; a
// multi-page TIFF gives several pages) with page segmentation mode 3 (auto).
// timeout bounds the tesseract run once it has a slot (0: e.Timeout), so
// that waiting in the queue behind other requests is not held against it.
func (e *Engine) Recognize(ctx context.Context, path, langs string, timeout time.Duration) ([]Page, error) {
	return e.RecognizeMode(ctx, path, langs, PSMAuto, timeout)
}

// Orientation asks Tesseract's OSD how far the image at path is turned.
// It returns the clockwise rotation to apply to make the text upright
// (0, 90, 180 or 270) and the detector's confidence.
func (e *Engine) Orientation(ctx context.Context, path string, timeout time.Duration) (int, float64, error) {
	if e == nil || e.Path == "" {
		return 0, 0, ErrNoEngine
	}
	if err := e.acquire(ctx); err != nil {
		return 0, 0, err
	}
	defer e.release()
	out, stderr, err := e.run(ctx, e.limit(timeout), nil, e.Path, path, "-", "--psm", "0")
	if err != nil {
		// Too little text for OSD is not an error worth failing for.
		if strings.Contains(stderr, "Too few characters") || strings.Contains(err.Error(), "Too few characters") {
			return 0, 0, nil
		}
		return 0, 0, err
	}
	return ParseOSD(string(out))
}

// ParseOSD reads "Rotate: 90" and "Orientation confidence: 7.5" from
// tesseract --psm 0 output.
func ParseOSD(s string) (int, float64, error) {
	rot, conf := -1, 0.0
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "Rotate":
			n, err := strconv.Atoi(v)
			if err == nil {
				rot = n
			}
		case "Orientation confidence":
			conf, _ = strconv.ParseFloat(v, 64)
		}
	}
	if rot < 0 {
		return 0, 0, fmt.Errorf("no rotation in OSD output")
	}
	return ((rot % 360) + 360) % 360, conf, nil
}

// Langs maps an ISO 639-1 hint to the Tesseract languages to use. Unknown
// or empty hints give "" so that the caller picks its default.
func Langs(hint string) string {
	switch strings.ToLower(strings.TrimSpace(hint)) {
	case "en":
		return "eng"
	case "tr":
		return "tur+eng"
	case "de":
		return "deu+eng"
	case "fr":
		return "fra+eng"
	case "es":
		return "spa+eng"
	}
	return ""
}

package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// External programs read and write files, so their inputs and outputs go
// through temp files. Each process keeps them in its own folder,
// <root>/quarry-<pid>, so that a later start can tell a dead process's
// leftovers (a server killed with -9 never runs its clean-ups) from a
// live one's: SweepTemp removes the folders of processes that are gone.

var temp struct {
	sync.Mutex
	root string // "" means os.TempDir()
	dir  string // this process's folder under root, once made
}

// SetTempDir points temp files at root (the app uses its data folder, so
// that leftovers stay where the operator looks, not in a shared /tmp). It
// creates root; call it at start, before any file is read.
func SetTempDir(root string) error {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return fmt.Errorf("temp folder: %w", err)
	}
	temp.Lock()
	defer temp.Unlock()
	temp.root, temp.dir = root, ""
	return nil
}

// tempDir returns this process's temp folder, making it on first use (and
// again if something removed it).
func tempDir() (string, error) {
	temp.Lock()
	defer temp.Unlock()
	if temp.dir != "" {
		if _, err := os.Stat(temp.dir); err == nil {
			return temp.dir, nil
		}
	}
	root := temp.root
	if root == "" {
		root = os.TempDir()
	}
	dir := filepath.Join(root, fmt.Sprintf("%s%d", tempPrefix, os.Getpid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	temp.dir = dir
	return dir, nil
}

const tempPrefix = "quarry-"

// mkdirTemp makes a fresh folder in this process's temp folder.
func mkdirTemp(pattern string) (string, error) {
	dir, err := tempDir()
	if err != nil {
		return "", err
	}
	return os.MkdirTemp(dir, pattern)
}

// SweepTemp removes the temp folders that processes no longer running
// left in root (quarry-<pid> with no such process), and returns how many
// it removed. Folders of live processes, this one's included, and
// anything not named like a temp folder are left alone.
func SweepTemp(root string) (int, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	removed := 0
	var errs []error
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimPrefix(e.Name(), tempPrefix))
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) || err != nil || pid <= 0 || alive(pid) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	return removed, errors.Join(errs...)
}

// alive reports whether a process with this id exists (signal 0 checks
// without sending; EPERM means it exists but is not ours).
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

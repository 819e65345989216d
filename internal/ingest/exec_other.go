//go:build !linux

package ingest

import (
	"os"
	"syscall"
)

// toolProcAttr gives an external program its own process group. Only
// Linux can also tie its life to Quarry's (Pdeathsig); elsewhere a run
// orphaned by a killed server ends on its own, and SweepTemp at the next
// start removes its files.
func toolProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// outputPipe is the pipe a streamed program writes to.
func outputPipe() (r, w *os.File, err error) { return os.Pipe() }

// GrowPipe enlarges a pipe's buffer on Linux only; elsewhere it does
// nothing.
func GrowPipe(fd int) {}

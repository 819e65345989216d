//go:build linux

package ingest

import "syscall"

// toolProcAttr gives an external program its own process group (so a
// cancel kills its children too) and asks the kernel to SIGKILL it when
// Quarry dies: a kill -9 of the server runs no Go code, so only the kernel
// can stop a Tesseract run that would otherwise go on, orphaned, holding
// its temp files.
func toolProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

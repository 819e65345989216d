//go:build linux

package ingest

import (
	"os"
	"syscall"
)

// toolProcAttr gives an external program its own process group (so a
// cancel kills its children too) and asks the kernel to SIGKILL it when
// Quarry dies: a kill -9 of the server runs no Go code, so only the kernel
// can stop a Tesseract run that would otherwise go on, orphaned, holding
// its temp files.
func toolProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// outputPipe is the pipe a streamed program writes to. Its read end is
// blocking, so reads are plain read(2) calls on the goroutine's own
// (locked) thread: through the runtime's poller, each of the thousands of
// 4 KiB writes pdftotext makes parked and woke the reader, which cost
// more CPU than parsing the rows.
func outputPipe() (r, w *os.File, err error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, err
	}
	return os.NewFile(uintptr(fds[0]), "|0"), os.NewFile(uintptr(fds[1]), "|1"), nil
}

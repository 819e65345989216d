//go:build linux

package ingest

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
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
//
// The pipe is made as large as an unprivileged process may (1 MiB; the
// default is 64 KiB): a program writing faster than Quarry parses, or
// while Quarry waits for a core on a busy machine, then goes on writing
// instead of stopping every 64 KiB to wait for the reader. The kernel
// takes the pages only as data waits in the pipe.
func outputPipe() (r, w *os.File, err error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, err
	}
	GrowPipe(fds[0])
	return os.NewFile(uintptr(fds[0]), "|0"), os.NewFile(uintptr(fds[1]), "|1"), nil
}

// GrowPipe makes the pipe behind fd hold up to 1 MiB (less if the
// system's limit, /proc/sys/fs/pipe-max-size, is lower). It does nothing
// when fd is not a pipe; a refusal leaves the pipe as it was.
func GrowPipe(fd int) {
	// EPERM means the size passes the system's limit: try half of it.
	for size := 1 << 20; size > 64<<10; size /= 2 {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETPIPE_SZ, size); err != unix.EPERM {
			return
		}
	}
}

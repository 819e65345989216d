package linerec

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// helper is one running rec.js: requests go to its stdin, answers come
// back one JSON line each. It exits by itself when its stdin closes, so a
// Quarry process that dies takes its helpers with it.
type helper struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// steps is one line's answer: the most likely class at each output step
// of the network and its probability.
type steps struct {
	Idx  []int     `json:"idx"`
	Prob []float64 `json:"prob"`
}

type answer struct {
	Ready bool    `json:"ready"`
	Error string  `json:"error"`
	Lines []steps `json:"lines"`
}

// maxAnswer bounds one answer line: a step is at most ~12 bytes of JSON,
// and a request holds at most maxLines lines of maxWidth/8 steps each.
const maxAnswer = maxLines * (maxWidth / 8) * 16

// startHelper starts rec.js and waits for it to load its model.
func startHelper(ctx context.Context, script string) (*helper, error) {
	cmd := exec.Command("node", script)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
	cmd.Stderr = io.Discard
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("linerec: start node: %w", err)
	}
	h := &helper{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}
	a, err := h.await(ctx, func() error { return nil })
	if err == nil && !a.Ready {
		err = errors.New("linerec: helper did not say it was ready")
	}
	if err != nil {
		h.close()
		return nil, err
	}
	return h, nil
}

// await runs send and reads the next answer, giving up (and killing the
// helper, whose state is then unknown) when ctx ends first.
func (h *helper) await(ctx context.Context, send func() error) (answer, error) {
	type result struct {
		a   answer
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		if r.err = send(); r.err == nil {
			r.a, r.err = h.read()
		}
		done <- r
	}()
	select {
	case r := <-done:
		return r.a, r.err
	case <-ctx.Done():
		h.close()
		<-done
		return answer{}, ctx.Err()
	}
}

// read reads one answer line, refusing one longer than maxAnswer.
func (h *helper) read() (answer, error) {
	var line []byte
	for {
		chunk, err := h.out.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxAnswer {
			return answer{}, errors.New("linerec: answer too long")
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return answer{}, fmt.Errorf("linerec: helper stopped: %w", err)
		}
		break
	}
	var a answer
	if err := json.Unmarshal(line, &a); err != nil {
		return answer{}, fmt.Errorf("linerec: bad answer: %w", err)
	}
	if a.Error != "" {
		return a, fmt.Errorf("linerec: %s", a.Error)
	}
	return a, nil
}

// close stops the helper: closing stdin ends it cleanly; a helper still
// busy after a moment is killed.
func (h *helper) close() {
	h.in.Close()
	done := make(chan struct{})
	go func() {
		_ = h.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		_ = h.cmd.Process.Kill()
		<-done
	}
}

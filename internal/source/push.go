package source

import (
	"context"
	"errors"
	"io"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/connector"
)

// Pushed is an object written to a connector.
type Pushed struct {
	Key  string
	Size int64
}

// Push streams what write produces into key on a connector: write runs
// in its own goroutine on one end of a pipe while the driver's Put reads
// the other (a multipart or block upload in the real drivers), so the
// export is never held whole in memory. A failure on either side stops
// the other.
func (s *Service) Push(ctx context.Context, workspaceID, connectorID, key, contentType string, write func(io.Writer) error) (Pushed, error) {
	c, err := s.Get(ctx, workspaceID, connectorID)
	if err != nil {
		return Pushed{}, err
	}
	src, err := s.open(ctx, c)
	if err != nil {
		return Pushed{}, err
	}
	defer src.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	counted := &counter{w: pw}
	werr := make(chan error, 1)
	go func() {
		err := write(counted)
		pw.CloseWithError(err) // nil: the reader sees EOF
		werr <- err
	}()
	obj, perr := src.Put(ctx, key, pr, contentType)
	// Unblock a writer the driver stopped reading (a failed upload).
	pr.CloseWithError(io.ErrClosedPipe)
	if err := <-werr; err != nil && perr == nil {
		perr = err
	}
	if perr != nil {
		return Pushed{}, perr
	}
	size := obj.Size
	if size <= 0 {
		size = counted.n
	}
	used := s.now()
	_ = s.store.ConnectorTouch(ctx, workspaceID, c.ID, nil, &used)
	_ = audit.Record(ctx, s.store, workspaceID, audit.Event{Action: "connector.exported", Subject: c.ID,
		Details: map[string]any{"key": key, "bytes": size}})
	return Pushed{Key: key, Size: size}, nil
}

// IsConnectorFailure reports whether err came from the bucket (so the
// caller answers it as the connector's failure, not its own).
func IsConnectorFailure(err error) bool {
	var ce *connector.Error
	return err != nil && errors.As(err, &ce)
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

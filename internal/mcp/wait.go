package mcp

import (
	"context"
	"errors"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// errStillRunning ends a wait that reached its time limit with the job
// still going; the tool answers the job as it stands, not an error.
var errStillRunning = errors.New("still running")

// step is one look at a job: whether it ended, how far it is (0 to 1)
// and what to tell the client.
type step struct {
	done     bool
	progress float64
	message  string
}

// wait polls check until the job ends, ctx ends or limit passes,
// reporting each change to the client as a progress notification when
// the call carried a progress token. The interval grows from PollMin to
// PollMax, so a long job costs few calls against the plan's rate.
func (s *Server) wait(ctx context.Context, req *sdk.CallToolRequest, limit time.Duration, check func(context.Context) (step, error)) error {
	deadline := time.Now().Add(limit)
	interval := s.opt.PollMin
	last := step{progress: -1}
	for {
		st, err := check(ctx)
		if err != nil {
			return err
		}
		if st.message != last.message || st.progress > last.progress {
			s.progress(ctx, req, st)
			last = st
		}
		if st.done {
			return nil
		}
		if !time.Now().Add(interval).Before(deadline) {
			return errStillRunning
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		interval = min(interval*3/2, s.opt.PollMax)
	}
}

// progress sends one notification; a client that asked for none gets none.
func (s *Server) progress(ctx context.Context, req *sdk.CallToolRequest, st step) {
	if req == nil || req.Session == nil || req.Params == nil {
		return
	}
	tok := req.Params.GetProgressToken()
	if tok == nil {
		return
	}
	_ = req.Session.NotifyProgress(ctx, &sdk.ProgressNotificationParams{ProgressToken: tok, Progress: st.progress, Total: 1, Message: st.message})
}

// waitLimit turns timeout_seconds into a duration: default 120 s, at
// most 10 minutes (a client can call job.status after that).
func waitLimit(seconds int) time.Duration {
	switch {
	case seconds <= 0:
		return 120 * time.Second
	case seconds > 600:
		return 600 * time.Second
	}
	return time.Duration(seconds) * time.Second
}

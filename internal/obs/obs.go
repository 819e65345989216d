// Package obs carries request-scoped observability values (logger,
// request/correlation/tenant ids) through context.Context, so every log
// line of a request, including the pipeline's, carries the same ids.
package obs

import (
	"context"
	"log/slog"
)

type ctxKey int

const (
	loggerKey ctxKey = iota
	idsKey
)

// IDs are the request identifiers propagated through a request.
type IDs struct {
	RequestID     string
	CorrelationID string
	// TenantID is the caller's own X-Tenant-Id label, echoed and copied
	// into event envelopes as the contract asks. It is not the workspace
	// and must never scope data: a client can send any value. The
	// workspace comes from the authenticated principal (package tenant).
	TenantID    string
	TraceParent string
}

// WithIDs stores ids and a logger that carries them.
func WithIDs(ctx context.Context, ids IDs) context.Context {
	l := Logger(ctx).With("request_id", ids.RequestID)
	if ids.CorrelationID != "" {
		l = l.With("correlation_id", ids.CorrelationID)
	}
	if ids.TenantID != "" {
		l = l.With("tenant_id", ids.TenantID)
	}
	if ids.TraceParent != "" {
		l = l.With("traceparent", ids.TraceParent)
	}
	ctx = context.WithValue(ctx, idsKey, ids)
	return context.WithValue(ctx, loggerKey, l)
}

// GetIDs returns the request ids (zero when absent).
func GetIDs(ctx context.Context) IDs {
	v, _ := ctx.Value(idsKey).(IDs)
	return v
}

// WithLogger stores a logger.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey, l)
}

// Logger returns the request's logger, or slog.Default().
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

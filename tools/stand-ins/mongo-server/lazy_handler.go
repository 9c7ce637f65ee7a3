package main

import (
	"context"
	"log/slog"
)

// lazyHandler postpones a handler's WithAttrs and WithGroup until a record is
// actually logged. FerretDB calls Logger.With on every SQL statement, passing
// the statement and its arguments (an insert of a batch is tens of kilobytes);
// slog's TextHandler formats those eagerly, which cost about 6% of the server's
// CPU under a webhook load while nothing below warn is ever written.
type lazyHandler struct {
	base slog.Handler
	// Applied in order to base when a record is handled.
	steps []func(slog.Handler) slog.Handler
}

func newLazyHandler(base slog.Handler) *lazyHandler {
	return &lazyHandler{base: base}
}

func (h *lazyHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h *lazyHandler) Handle(ctx context.Context, record slog.Record) error {
	handler := h.base
	for _, step := range h.steps {
		handler = step(handler)
	}
	return handler.Handle(ctx, record)
}

func (h *lazyHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return h.with(func(handler slog.Handler) slog.Handler { return handler.WithAttrs(attrs) })
}

func (h *lazyHandler) WithGroup(name string) slog.Handler {
	return h.with(func(handler slog.Handler) slog.Handler { return handler.WithGroup(name) })
}

func (h *lazyHandler) with(step func(slog.Handler) slog.Handler) *lazyHandler {
	steps := make([]func(slog.Handler) slog.Handler, len(h.steps), len(h.steps)+1)
	copy(steps, h.steps)
	return &lazyHandler{base: h.base, steps: append(steps, step)}
}

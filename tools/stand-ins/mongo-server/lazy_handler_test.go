package main

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

var testTime = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// countingHandler wraps a handler and counts the WithAttrs calls that reach it.
type countingHandler struct {
	slog.Handler
	withAttrs *int
}

func (h countingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	*h.withAttrs++
	return countingHandler{h.Handler.WithAttrs(attrs), h.withAttrs}
}

func (h countingHandler) WithGroup(name string) slog.Handler {
	return countingHandler{h.Handler.WithGroup(name), h.withAttrs}
}

func TestLazyHandlerWritesWhatTheTextHandlerWrites(t *testing.T) {
	var eager, lazy bytes.Buffer
	options := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	for _, logger := range []*slog.Logger{
		slog.New(slog.NewTextHandler(&eager, options)),
		slog.New(newLazyHandler(slog.NewTextHandler(&lazy, options))),
	} {
		logger.With("sql", `INSERT INTO "t" VALUES (?)`).WithGroup("conn").With("id", 7).Warn("slow", "ms", 12)
		logger.With("first", 1).Info("other")
	}

	if eager.String() != lazy.String() {
		t.Fatalf("lazy handler wrote\n%s\nthe text handler wrote\n%s", lazy.String(), eager.String())
	}
	if !bytes.Contains(lazy.Bytes(), []byte(`conn.id=7`)) {
		t.Fatalf("grouped attribute missing: %s", lazy.String())
	}
}

func TestLazyHandlerFormatsNothingBelowItsLevel(t *testing.T) {
	withAttrs := 0
	var out bytes.Buffer
	base := countingHandler{slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelWarn}), &withAttrs}
	logger := slog.New(newLazyHandler(base))

	for i := 0; i < 100; i++ {
		logger.With("sql", "INSERT ...", "args", []any{i}).Debug("statement")
	}
	if withAttrs != 0 || out.Len() != 0 {
		t.Fatalf("below the level: %d WithAttrs calls reached the text handler, %d bytes written", withAttrs, out.Len())
	}

	logger.With("sql", "INSERT ...").Warn("failed")
	if withAttrs != 1 || !bytes.Contains(out.Bytes(), []byte(`sql="INSERT ..."`)) {
		t.Fatalf("at the level: %d WithAttrs calls, output %q", withAttrs, out.String())
	}
}

func TestLazyHandlerBranchesDoNotShareAttributes(t *testing.T) {
	var out bytes.Buffer
	parent := slog.New(newLazyHandler(slog.NewTextHandler(&out, nil))).With("shared", 1)
	left, right := parent.With("side", "left"), parent.With("side", "right")
	_ = left.Handler().Handle(context.Background(), slog.NewRecord(testTime, slog.LevelInfo, "l", 0))
	_ = right.Handler().Handle(context.Background(), slog.NewRecord(testTime, slog.LevelInfo, "r", 0))

	if got := bytes.Count(out.Bytes(), []byte("side=left")); got != 1 {
		t.Fatalf("side=left written %d times: %s", got, out.String())
	}
	if got := bytes.Count(out.Bytes(), []byte("side=right")); got != 1 {
		t.Fatalf("side=right written %d times: %s", got, out.String())
	}
}

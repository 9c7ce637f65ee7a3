// Command mongo-server runs an embedded FerretDB 1.24 (SQLite backend): a real
// MongoDB-wire server for tests and local development, without mongod.
//
//	mongo-server -listen-addr 127.0.0.1:27017 -data-dir /tmp/mongo-data
//
// It exits cleanly on SIGINT/SIGTERM (and, with -exit-on-stdin-close, when its
// parent closes stdin or dies, so a crashed test runner leaves no orphan). Telemetry is disabled by the embeddable
// package itself (state "telemetry disabled and locked"); nothing is sent out.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with -pprof-addr
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (host:port)")
	dataDir := flag.String("data-dir", "", "directory for the SQLite database files (required)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	serializeWrites := flag.Bool("serialize-writes", true,
		"run write commands one at a time (FerretDB 1.x loses concurrent updates otherwise)")
	exitOnStdinClose := flag.Bool("exit-on-stdin-close", false,
		"shut down when stdin reaches EOF (the spawning process closed its pipe or died)")
	removeDataDir := flag.Bool("remove-data-dir", false, "delete -data-dir on exit (throw-away test data)")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's profiler (net/http/pprof) on this loopback address; off when empty")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "mongo-server: -data-dir is required")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "mongo-server: bad -log-level: %v\n", err)
		os.Exit(2)
	}

	logger := slog.New(newLazyHandler(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
	slog.SetDefault(logger)

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail(err)
	}
	if err = os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}

	if *pprofAddr != "" {
		go func() {
			if err := http.ListenAndServe(*pprofAddr, nil); err != nil {
				logger.Warn("pprof listener stopped", "error", err)
			}
		}()
	}

	sqliteURL := sqliteDirectoryURL(dir)

	// Clients connect to listenAddr. With -serialize-writes (the default) that
	// is our write-serializing proxy (serialize.go) and FerretDB itself listens
	// on a private loopback port.
	ferretAddr := *listenAddr
	var proxyLn net.Listener
	if *serializeWrites {
		if proxyLn, err = net.Listen("tcp", *listenAddr); err != nil {
			fail(err)
		}
		ferretAddr = "127.0.0.1:0"
	}

	fdb, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: ferretAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- fdb.Run(ctx) }()

	// The listener is bound by New; Run starts accepting. MongoDBURI must be
	// called after Run was started (see its documentation): it waits for that.
	ferretURI := fdb.MongoDBURI()

	proxyDone := make(chan error, 1)
	if proxyLn != nil {
		u, _ := url.Parse(ferretURI)
		proxy := &writeProxy{upstream: u.Host, logger: logger}
		go func() { proxyDone <- proxy.serve(proxyLn) }()
		go func() {
			<-ctx.Done()
			proxyLn.Close()
		}()
		fmt.Fprintf(os.Stderr, "mongo-server: listening on mongodb://%s/ (writes serialized, FerretDB at %s; data %s)\n",
			proxyLn.Addr(), u.Host, dir)
	} else {
		close(proxyDone)
		fmt.Fprintf(os.Stderr, "mongo-server: listening on %s (data %s)\n", ferretURI, dir)
	}

	err = <-done
	if *removeDataDir {
		_ = os.RemoveAll(dir)
	}
	if err != nil {
		fail(err)
	}
	if proxyLn != nil {
		proxyLn.Close()
		if err = <-proxyDone; err != nil {
			fail(err)
		}
	}
	fmt.Fprintln(os.Stderr, "mongo-server: stopped")
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "mongo-server: %v\n", err)
	os.Exit(1)
}

// sqliteDirectoryURL is FerretDB's SQLiteURL for dir: a directory URI with a
// trailing slash (a database per file in it) and the pragmas every connection
// gets. FerretDB inserts a batch as multi-row INSERTs inside a transaction, so
// SQLite keeps a statement journal (to undo one statement that breaks a unique
// index); past 64 KiB it spilled to a temporary file, a fifth of the server's
// CPU in pwrite calls under a webhook load. temp_store(memory) keeps statement
// journals and sort scratch in memory. synchronous(full) is SQLite's default,
// stated so that no driver's build options can weaken it: the WAL is synced at
// every commit (FerretDB adds journal_mode(wal)), so an acknowledged write
// survives a power cut, as a journaled write does on MongoDB.
func sqliteDirectoryURL(dir string) string {
	return (&url.URL{
		Scheme:   "file",
		Opaque:   filepath.ToSlash(dir) + "/",
		RawQuery: url.Values{"_pragma": {"temp_store(memory)", "synchronous(full)"}}.Encode(),
	}).String()
}

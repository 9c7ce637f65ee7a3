package main

import (
	"database/sql"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"testing"
)

// Opens a database the way FerretDB 1.24 opens each one under the directory
// URL (metadata/pool: the file name joined to the path, which is mirrored into
// Opaque; journal_mode(wal) added) and reads back the pragmas every connection
// must have.
func TestSQLiteDirectoryURLMakesEveryCommitDurableAndJournalsInMemory(t *testing.T) {
	dir := t.TempDir()
	u, err := url.Parse(sqliteDirectoryURL(dir))
	if err != nil {
		t.Fatal(err)
	}
	if u.Path == "" {
		u.Path = u.Opaque
	}
	u.Path = path.Join(u.Path, "check.sqlite")
	u.Opaque = u.Path
	query := u.Query()
	query.Add("_pragma", "journal_mode(wal)")
	u.RawQuery = query.Encode()

	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })

	pragma := func(name string) string {
		t.Helper()
		var value string
		if err := db.QueryRow("PRAGMA " + name).Scan(&value); err != nil {
			t.Fatalf("PRAGMA %s: %v", name, err)
		}
		return value
	}
	// https://www.sqlite.org/pragma.html: synchronous 2 is FULL, temp_store 2 is MEMORY.
	if got := pragma("journal_mode"); got != "wal" {
		t.Errorf("journal_mode = %q, want wal", got)
	}
	if got := pragma("synchronous"); got != "2" {
		t.Errorf("synchronous = %q, want 2 (FULL: the WAL synced at every commit)", got)
	}
	if got := pragma("temp_store"); got != "2" {
		t.Errorf("temp_store = %q, want 2 (MEMORY)", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "check.sqlite")); err != nil {
		t.Errorf("the database is not in the directory the URL names: %v", err)
	}
}

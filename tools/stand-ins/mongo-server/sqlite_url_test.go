package main

import (
	"database/sql"
	"net/url"
	"testing"
)

// Opens a database the way FerretDB opens each one under the directory URL
// (its file name appended, journal_mode(wal) added) and reads back the
// pragmas every connection must have.
func TestSQLiteDirectoryURLMakesEveryCommitDurableAndJournalsInMemory(t *testing.T) {
	u, err := url.Parse(sqliteDirectoryURL(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	u.Opaque += "check.sqlite"
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
}

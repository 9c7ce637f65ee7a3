package main

// FerretDB 1.24 runs update/findAndModify as "read the documents, then write
// them back" without isolation, so concurrent `$inc`s on one document lose
// updates and concurrent upserts of one key both take the update path of a
// stale read. This tiny MongoDB-wire proxy sits in front of the embedded
// FerretDB and lets only one write command be in flight at a time (server-wide);
// reads and everything else pass straight through.
//
// It also turns FerretDB's answer to an update that would break a unique index
// (`InternalError`, code 1, "UNIQUE constraint failed") into MongoDB's
// `DuplicateKey` error (code 11000), as inserts already get.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"strings"
	"sync"
	"sync/atomic"
)

const (
	opMsg          = 2013
	maxMessageSize = 48 * 1000 * 1000 // MongoDB's maxMessageSizeBytes
	flagMoreToCome = 1 << 1
)

// Commands that must not run concurrently with each other.
var serializedCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
	"create": true, "createindexes": true, "dropindexes": true, "drop": true, "dropdatabase": true,
	"renamecollection": true, "collmod": true,
}

type writeProxy struct {
	upstream string     // FerretDB's own address
	writeMu  sync.Mutex // held from a write's request until its response
	logger   *slog.Logger

	connsMu sync.Mutex
	conns   map[net.Conn]struct{}
	closing bool
}

// serve accepts client connections until ln is closed; then it closes every
// open connection at once (FerretDB alone would give them 3 s to finish).
func (p *writeProxy) serve(ln net.Listener) error {
	var wg sync.WaitGroup
	defer func() {
		p.connsMu.Lock()
		p.closing = true
		for c := range p.conns {
			c.Close()
		}
		p.connsMu.Unlock()
		wg.Wait()
	}()

	for {
		client, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}

		wg.Add(1)
		go func() {
			defer wg.Done()
			p.handle(client)
		}()
	}
}

// track registers c for closing at shutdown; false if shutdown already began.
func (p *writeProxy) track(c net.Conn) bool {
	p.connsMu.Lock()
	defer p.connsMu.Unlock()

	if p.closing {
		return false
	}
	if p.conns == nil {
		p.conns = map[net.Conn]struct{}{}
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *writeProxy) untrack(c net.Conn) {
	p.connsMu.Lock()
	defer p.connsMu.Unlock()
	delete(p.conns, c)
}

func (p *writeProxy) handle(client net.Conn) {
	defer client.Close()
	if !p.track(client) {
		return
	}
	defer p.untrack(client)

	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		p.logger.Warn("proxy: cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	// pending is the requestID of the write waiting for its response (0: none);
	// answered gets a value once that response was passed on to the client.
	var pending atomic.Int32
	answered := make(chan struct{}, 1)
	closed := make(chan struct{})

	go func() {
		defer close(closed)
		defer client.Close()
		defer server.Close()

		for {
			msg, err := readMessage(server)
			if err != nil {
				return
			}
			isWriteResponse := false
			if id := pending.Load(); id != 0 && int32(binary.LittleEndian.Uint32(msg[8:12])) == id {
				isWriteResponse = true
				msg = fixDuplicateKeyError(msg)
			}
			if _, err = client.Write(msg); err != nil {
				return
			}
			if isWriteResponse {
				pending.Store(0)
				answered <- struct{}{}
			}
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			return
		}

		if !isSerializedWrite(msg) {
			if _, err = server.Write(msg); err != nil {
				return
			}
			continue
		}

		p.writeMu.Lock()
		ok := forwardAndWait(server, msg, &pending, answered, closed)
		p.writeMu.Unlock()

		if !ok {
			return
		}
	}
}

// forwardAndWait sends msg and waits for its response (unless the client
// asked for none). It reports false when the connection is gone.
func forwardAndWait(server net.Conn, msg []byte, pending *atomic.Int32, answered <-chan struct{}, closed <-chan struct{}) bool {
	moreToCome := binary.LittleEndian.Uint32(msg[16:20])&flagMoreToCome != 0
	requestID := int32(binary.LittleEndian.Uint32(msg[4:8]))
	if !moreToCome && requestID != 0 {
		pending.Store(requestID)
	}

	if _, err := server.Write(msg); err != nil {
		return false
	}

	if moreToCome || requestID == 0 {
		return true
	}

	select {
	case <-answered:
		return true
	case <-closed:
		return false
	}
}

// readMessage reads one whole wire protocol message (header included).
func readMessage(r io.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}

	size := int32(binary.LittleEndian.Uint32(header[0:4]))
	if size < 16 || size > maxMessageSize {
		return nil, fmt.Errorf("invalid message length %d", size)
	}

	msg := make([]byte, size)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}

	return msg, nil
}

// isSerializedWrite reports whether msg is an OP_MSG whose command (the first
// key of its body section) is a write.
func isSerializedWrite(msg []byte) bool {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return false
	}

	for i := 20; i < len(msg); {
		kind := msg[i]
		i++

		switch kind {
		case 0: // body: a BSON document; its first element's name is the command
			if i+5 > len(msg) {
				return false
			}
			nameStart := i + 5 // int32 length + element type byte
			end := nameStart
			for end < len(msg) && msg[end] != 0 {
				end++
			}
			if end >= len(msg) {
				return false
			}
			return serializedCommands[strings.ToLower(string(msg[nameStart:end]))]

		case 1: // document sequence: int32 size (including itself), skip it
			if i+4 > len(msg) {
				return false
			}
			size := int(binary.LittleEndian.Uint32(msg[i : i+4]))
			if size < 4 {
				return false
			}
			i += size

		default:
			return false
		}
	}

	return false
}

// fixDuplicateKeyError rewrites an OP_MSG error reply {ok: 0, code: 1,
// errmsg: "... UNIQUE constraint failed: ..."} into {ok: 0, code: 11000,
// codeName: "DuplicateKey", errmsg: "E11000 duplicate key error ..."}.
// Any other message is returned unchanged.
func fixDuplicateKeyError(msg []byte) []byte {
	const marker = "UNIQUE constraint failed"
	if len(msg) < 26 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg ||
		binary.LittleEndian.Uint32(msg[16:20]) != 0 || msg[20] != 0 ||
		!bytes.Contains(msg, []byte(marker)) {
		return msg
	}

	doc := msg[21:]
	docLen := int(binary.LittleEndian.Uint32(doc[0:4]))
	if docLen > len(doc) || docLen < 5 {
		return msg
	}
	doc = doc[:docLen]

	var code int64 = -1
	var ok float64 = -1
	var errmsg string
	for i := 4; i < len(doc)-1; {
		typ := doc[i]
		i++
		end := bytes.IndexByte(doc[i:], 0)
		if end < 0 {
			return msg
		}
		name := string(doc[i : i+end])
		i += end + 1

		var size int
		switch typ {
		case 0x01: // double
			size = 8
			if name == "ok" && i+8 <= len(doc) {
				ok = math.Float64frombits(binary.LittleEndian.Uint64(doc[i:]))
			}
		case 0x02: // string
			if i+4 > len(doc) {
				return msg
			}
			size = 4 + int(binary.LittleEndian.Uint32(doc[i:]))
			if name == "errmsg" && i+size <= len(doc) && size > 4 {
				errmsg = string(doc[i+4 : i+size-1])
			}
		case 0x10: // int32
			size = 4
			if name == "code" && i+4 <= len(doc) {
				code = int64(int32(binary.LittleEndian.Uint32(doc[i:])))
			}
		case 0x12: // int64
			size = 8
			if name == "code" && i+8 <= len(doc) {
				code = int64(binary.LittleEndian.Uint64(doc[i:]))
			}
		case 0x08: // bool
			size = 1
		case 0x03, 0x04: // document, array
			if i+4 > len(doc) {
				return msg
			}
			size = int(binary.LittleEndian.Uint32(doc[i:]))
		default:
			return msg
		}
		i += size
		if i > len(doc) {
			return msg
		}
	}

	idx := strings.Index(errmsg, marker)
	if ok != 0 || code != 1 || idx < 0 {
		return msg
	}

	newDoc := bsonDoc(
		bsonDouble("ok", 0),
		bsonString("errmsg", "E11000 duplicate key error ("+errmsg[idx:]+")"),
		bsonInt32("code", 11000),
		bsonString("codeName", "DuplicateKey"),
	)

	out := make([]byte, 21, 21+len(newDoc))
	copy(out, msg[:21]) // header, flagBits (0), section kind 0
	out = append(out, newDoc...)
	binary.LittleEndian.PutUint32(out[0:4], uint32(len(out)))

	return out
}

func bsonDoc(elements ...[]byte) []byte {
	body := bytes.Join(elements, nil)
	out := binary.LittleEndian.AppendUint32(nil, uint32(4+len(body)+1))
	out = append(out, body...)
	return append(out, 0)
}

func bsonElement(typ byte, name string) []byte {
	return append(append([]byte{typ}, name...), 0)
}

func bsonDouble(name string, v float64) []byte {
	return binary.LittleEndian.AppendUint64(bsonElement(0x01, name), math.Float64bits(v))
}

func bsonInt32(name string, v int32) []byte {
	return binary.LittleEndian.AppendUint32(bsonElement(0x10, name), uint32(v))
}

func bsonString(name, v string) []byte {
	out := binary.LittleEndian.AppendUint32(bsonElement(0x02, name), uint32(len(v)+1))
	return append(append(out, v...), 0)
}

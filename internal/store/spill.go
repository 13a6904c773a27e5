package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
)

// spill holds the new revisions of an import in a temporary file until the
// swap, so that neither memory nor the database holds them while the file
// is still being read.
type spill struct {
	f *os.File
	w *bufio.Writer
	n int
}

// spilled is one revision, one JSON line.
type spilled struct {
	Hash    string `json:"h"`
	Subject string `json:"s"`
	Data    string `json:"d"`
}

func newSpill() (*spill, error) {
	f, err := os.CreateTemp("", "vigil-import-*.jsonl")
	if err != nil {
		return nil, err
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (sp *spill) add(hash, subject string, data []byte) error {
	b, err := json.Marshal(spilled{hash, subject, string(data)})
	if err != nil {
		return err
	}
	sp.n++
	sp.w.Write(b)
	return sp.w.WriteByte('\n')
}

// each reads the revisions back in the order they were added.
func (sp *spill) each(fn func(hash, subject string, data []byte) error) error {
	if err := sp.w.Flush(); err != nil {
		return err
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(sp.f, 1<<20)
	for range sp.n {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return errors.Join(errors.New("read back the spilled revisions"), err)
		}
		var rec spilled
		if err := json.Unmarshal(line, &rec); err != nil {
			return err
		}
		if err := fn(rec.Hash, rec.Subject, []byte(rec.Data)); err != nil {
			return err
		}
	}
	return nil
}

func (sp *spill) close() {
	sp.f.Close()
	os.Remove(sp.f.Name())
}

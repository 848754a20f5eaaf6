package harvest

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
)

// spool keeps the gathered items of a job in a temporary file, so that the
// listing can be completed (or fail) before anything is imported, with
// memory bounded by one record instead of the whole source.
type spool struct {
	f *os.File
	w *bufio.Writer
	n int
}

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "datenportal-harvest-*.jsonl")
	if err != nil {
		return nil, Errorf("Zwischenspeicher nicht anlegbar: %v", "cannot create the spool file: %v", err)
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (s *spool) add(it Item) error {
	b, err := json.Marshal(it)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := s.w.Write(b); err != nil {
		return Errorf("Zwischenspeicher nicht beschreibbar: %v", "cannot write the spool file: %v", err)
	}
	s.n++
	return nil
}

// each replays the items in the order they were added.
func (s *spool) each(fn func(Item) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := json.NewDecoder(bufio.NewReaderSize(s.f, 256<<10))
	for {
		var it Item
		err := dec.Decode(&it)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(it); err != nil {
			return err
		}
	}
}

func (s *spool) close() {
	name := s.f.Name()
	s.f.Close()
	os.Remove(name)
}

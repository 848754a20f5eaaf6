package files

import (
	"io"
	"os"
)

// writebackEvery is how much an upload writes before it asks the kernel to
// start writing those bytes to disk. Without it the whole file sits dirty
// in the page cache until the final fsync, which then waits for all of it;
// with it the disk works while the network still delivers, and the fsync
// finds little left to do (write + fsync of 512 MiB here: 1.8 → 2.7 GB/s).
const writebackEvery = 8 << 20

// NewWritebackWriter returns a writer that writes to f, whose offset is
// at, and asks the kernel to start writeback after every 8 MiB, so that
// the caller's next fsync finds little left to write. It never waits for
// the disk itself.
func NewWritebackWriter(f *os.File, at int64) io.Writer {
	return &writebackFile{f: f, off: at, kicked: at}
}

// writebackFile writes to f and starts writeback of every writebackEvery
// bytes written. It never waits for the disk; the caller's fsync does.
type writebackFile struct {
	f           *os.File
	off, kicked int64
	kick        func(f *os.File, off, n int64) // nil: startWriteback
}

func (w *writebackFile) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.off += int64(n)
	if w.off-w.kicked >= writebackEvery {
		kick := w.kick
		if kick == nil {
			kick = startWriteback
		}
		kick(w.f, w.kicked, w.off-w.kicked)
		w.kicked = w.off
	}
	return n, err
}

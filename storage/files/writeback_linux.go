package files

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to begin writing the range to disk
// without waiting (sync_file_range with SYNC_FILE_RANGE_WRITE). It is only
// a hint: errors surface, if at all, at the fsync that follows.
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}

package files

import (
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/datenportal/datenportal/catalog"
)

// localMeta is the sidecar of one object in <root>/.meta/<key>. It is a
// cache, not the truth: it names the size and modification time of the
// data file it describes and is ignored when they do not match, so a crash
// between writing data and sidecar, or two racing Puts to one key, can only
// make the hash unknown, never wrong. The data file's mtime survives the
// rename, which is what makes the match possible.
type localMeta struct {
	Size        int64  `json:"size"`
	ModTimeNano int64  `json:"mtime_ns"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type,omitempty"`
}

const maxMetaBytes = 4 << 10

func (l *localStore) metaPath(key string) string {
	return filepath.Join(l.root, metaDir, filepath.FromSlash(key))
}

// writeMeta is best effort: the object is already durable and the caller
// keeps the hash in its record, so a failure here only costs Stat the hash.
func (l *localStore) writeMeta(key string, info catalog.FileInfo) {
	b, err := json.Marshal(localMeta{Size: info.Size, ModTimeNano: info.ModTime.UnixNano(), SHA256: info.SHA256, ContentType: info.ContentType})
	if err != nil {
		return
	}
	p := l.metaPath(key)
	if os.MkdirAll(filepath.Dir(p), dirPerm) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Join(l.root, tmpDir), "meta-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}

// info builds the FileInfo of a data file, taking hash and content type
// from a matching sidecar.
func (l *localStore) info(key string, st fs.FileInfo) catalog.FileInfo {
	fi := catalog.FileInfo{Key: key, Size: st.Size(), ModTime: st.ModTime()}
	f, err := os.Open(l.metaPath(key))
	if err != nil {
		return fi
	}
	defer f.Close()
	var m localMeta
	b, err := io.ReadAll(io.LimitReader(f, maxMetaBytes))
	if err != nil || json.Unmarshal(b, &m) != nil || m.Size != st.Size() || m.ModTimeNano != st.ModTime().UnixNano() || !isHexSHA256(m.SHA256) {
		return fi
	}
	fi.SHA256, fi.ContentType = m.SHA256, m.ContentType
	return fi
}

func isHexSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

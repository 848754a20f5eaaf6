package catalog

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
)

// Upload is a file sent with a distribution. Reader is streamed to the
// file store; it is never held whole in memory.
type Upload struct {
	Reader      io.Reader
	FileName    string // sanitised by the caller
	Size        int64  // -1 if unknown
	ContentType string
	// Staged is set when the bytes were already stored with StageUpload
	// (multipart bodies may send the file before the fields that say
	// where it belongs); Reader is then unused.
	Staged *FileInfo
}

// StageUpload stores an upload's bytes before the distribution it belongs
// to is known. The caller must pass the result in Upload.Staged to a
// distribution write, or DiscardUpload it; the sweep removes what is left.
func (s *Service) StageUpload(ctx context.Context, up *Upload) (FileInfo, error) {
	if !ActorFrom(ctx).LoggedIn() {
		return FileInfo{}, Forbidden("User not authorized to upload files")
	}
	return s.storeUpload(ctx, up)
}

// DiscardUpload removes a staged upload that will not be used.
func (s *Service) DiscardUpload(ctx context.Context, info FileInfo) {
	if s.Files != nil && info.Key != "" {
		_ = s.Files.Delete(context.WithoutCancel(ctx), info.Key)
	}
}

// Distribution returns a distribution and its dataset if the actor may
// read the dataset.
func (s *Service) Distribution(ctx context.Context, id string) (*Dataset, *Distribution, error) {
	if strings.TrimSpace(id) == "" {
		return nil, nil, FieldInvalid("id", "Pflichtfeld fehlt.", "Missing value")
	}
	d, err := s.Store.DatasetByDistribution(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	a := ActorFrom(ctx)
	if !a.CanRead(d) {
		return nil, nil, Forbidden("User %s not authorized to read resource %s", a.Name(), id)
	}
	if d.State == StateDeleted && !a.CanEdit(d.OrganizationID) {
		return nil, nil, NotFound("Resource")
	}
	r, _ := d.Distribution(id)
	return d, r, nil
}

// AddDistribution appends a distribution to a dataset, storing up's bytes
// first when given. It returns the updated dataset and the new
// distribution.
func (s *Service) AddDistribution(ctx context.Context, datasetIDOrName string, r Distribution, up *Upload) (_ *Dataset, _ *Distribution, err error) {
	defer s.discardOnError(ctx, up, &err)
	old, err := s.Store.Dataset(ctx, datasetIDOrName)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil, FieldInvalid("package_id", "Datensatz nicht gefunden.", "Not found: Dataset")
	}
	if err != nil {
		return nil, nil, err
	}
	if err := s.canWrite(ctx, old); err != nil {
		return nil, nil, err
	}
	r.ID = s.newID()
	r.CreatedAt, r.ModifiedAt = time.Time{}, time.Time{}
	return s.writeDistribution(ctx, old, r, up, -1)
}

// UpdateDistribution replaces a distribution (resource_update); with up,
// its file is replaced: the new object is committed before the old one is
// removed, so a failure never loses the file that was there.
func (s *Service) UpdateDistribution(ctx context.Context, r Distribution, up *Upload) (_ *Dataset, _ *Distribution, err error) {
	defer s.discardOnError(ctx, up, &err)
	old, err := s.Store.DatasetByDistribution(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.canWrite(ctx, old); err != nil {
		return nil, nil, err
	}
	_, idx := old.Distribution(r.ID)
	return s.writeDistribution(ctx, old, r, up, idx)
}

// DeleteDistribution removes a distribution and then its file.
func (s *Service) DeleteDistribution(ctx context.Context, id string) error {
	old, err := s.Store.DatasetByDistribution(ctx, id)
	if err != nil {
		return err
	}
	if err := s.canWrite(ctx, old); err != nil {
		return err
	}
	d := old.Clone()
	_, idx := d.Distribution(id)
	d.Distributions = append(d.Distributions[:idx], d.Distributions[idx+1:]...)
	_, _, err = s.replaceDataset(ctx, old, d, old.ModifiedAt)
	return err
}

// discardOnError removes a staged upload when the write it was for fails,
// so a rejected request leaves no object behind.
func (s *Service) discardOnError(ctx context.Context, up *Upload, err *error) {
	if *err != nil && up != nil && up.Staged != nil {
		s.DiscardUpload(ctx, *up.Staged)
	}
}

func (s *Service) canWrite(ctx context.Context, d *Dataset) error {
	a := ActorFrom(ctx)
	if !a.CanEdit(d.OrganizationID) {
		return Forbidden("User %s not authorized to edit package %s", a.Name(), d.ID)
	}
	return nil
}

// writeDistribution stores up (if any), then the dataset with r at index
// idx (-1: appended). If the record cannot be written, the new object is
// deleted again, so a failed request leaves no orphan.
func (s *Service) writeDistribution(ctx context.Context, old *Dataset, r Distribution, up *Upload, idx int) (*Dataset, *Distribution, error) {
	var newKey string
	if up != nil {
		var info FileInfo
		if up.Staged != nil {
			info = *up.Staged
		} else {
			var err error
			if info, err = s.storeUpload(ctx, up); err != nil {
				return nil, nil, err
			}
		}
		newKey = info.Key
		size := info.Size
		r.StorageKey, r.FileName, r.ByteSize, r.Checksum = info.Key, up.FileName, &size, info.SHA256
		r.AccessURL, r.DownloadURL = "", ""
		if up.ContentType != "" {
			r.MediaType = up.ContentType
		}
		r.ModifiedAt = time.Time{}
	} else if idx >= 0 && r.StorageKey == "" && r.AccessURL == "" && r.DownloadURL == "" {
		prev := old.Distributions[idx]
		r.StorageKey, r.FileName = prev.StorageKey, prev.FileName
		if r.ByteSize == nil {
			r.ByteSize = prev.ByteSize
		}
		if r.Checksum == "" {
			r.Checksum = prev.Checksum
		}
	}
	d := old.Clone()
	if idx < 0 {
		d.Distributions = append(d.Distributions, r)
		idx = len(d.Distributions) - 1
	} else {
		d.Distributions[idx] = r
	}
	nd, _, err := s.replaceDataset(ctx, old, d, old.ModifiedAt)
	if err != nil {
		if newKey != "" {
			_ = s.Files.Delete(context.WithoutCancel(ctx), newKey)
		}
		return nil, nil, err
	}
	return nd, &nd.Distributions[idx], nil
}

// storeUpload streams an upload to the file store under a fresh key,
// enforcing MaxUploadBytes while streaming.
func (s *Service) storeUpload(ctx context.Context, up *Upload) (FileInfo, error) {
	if s.Files == nil {
		return FileInfo{}, Unavailable("file storage", nil)
	}
	if s.MaxUploadBytes > 0 && up.Size > s.MaxUploadBytes {
		return FileInfo{}, uploadTooLarge()
	}
	r := up.Reader
	var lr *limitReader
	if s.MaxUploadBytes > 0 {
		lr = &limitReader{r: r, left: s.MaxUploadBytes}
		r = lr
	}
	key := "resources/" + s.newID()
	info, err := s.Files.Put(ctx, key, r, up.Size, up.ContentType)
	if lr != nil && lr.over {
		return FileInfo{}, uploadTooLarge()
	}
	if err != nil {
		return FileInfo{}, err
	}
	info.Key = key
	return info, nil
}

func uploadTooLarge() *Error {
	return &Error{Code: ETOOLARGE, Message: "File upload too large", MessageDE: "Die Datei ist zu groß",
		Fields: map[string][]FieldError{"upload": {{DE: "Die Datei ist zu groß.", EN: "File upload too large"}}}}
}

var errTooLarge = errors.New("upload exceeds the size limit")

// limitReader fails (rather than truncating silently like io.LimitReader)
// once more than left bytes are read, so the store aborts the object.
type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return n, errTooLarge
	}
	return n, err
}

// removeDroppedFiles deletes objects of uploaded distributions that are not
// in d any more. It runs after the record is committed; a failure leaves an
// orphan for the periodic sweep, never a record without its file.
func (s *Service) removeDroppedFiles(ctx context.Context, old, d *Dataset) {
	if s.Files == nil {
		return
	}
	keep := map[string]bool{}
	for _, r := range d.Distributions {
		if r.StorageKey != "" {
			keep[r.StorageKey] = true
		}
	}
	for _, r := range old.Distributions {
		if r.StorageKey != "" && !keep[r.StorageKey] {
			_ = s.Files.Delete(context.WithoutCancel(ctx), r.StorageKey)
		}
	}
}

// OpenFile opens the stored file of an uploaded distribution for a reader
// who may read its dataset. For a distribution that is not an upload the
// file is nil and the caller redirects to its URL.
func (s *Service) OpenFile(ctx context.Context, datasetID, distributionID string) (*Dataset, *Distribution, File, error) {
	d, r, err := s.Distribution(ctx, distributionID)
	if err != nil {
		return nil, nil, nil, err
	}
	if datasetID != d.ID && datasetID != d.Name {
		return nil, nil, nil, NotFound("Resource")
	}
	if !r.IsUpload() {
		return d, r, nil, nil
	}
	if s.Files == nil {
		return nil, nil, nil, Unavailable("file storage", nil)
	}
	f, err := s.Files.Open(ctx, r.StorageKey)
	if err != nil {
		return nil, nil, nil, err
	}
	return d, r, f, nil
}

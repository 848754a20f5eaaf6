// Package tusstore keeps partial uploads of the tus resumable-upload
// protocol until they are complete and then turns each into an ordinary
// object of the portal's file store. It implements the data-store
// interfaces of tusd's handler package (github.com/tus/tusd/v2/pkg/handler):
// DataStore, Upload and TerminaterDataStore. Concatenation and deferred
// lengths are left out, so tusd does not offer them.
//
// Two backends follow the file store that files.Open selects from the same
// storage URL and data directory:
//
//   - Local directory: the bytes are appended to <data-dir>/files/.tus/<id>
//     and fsynced before the offset that counts them is saved in
//     <id>.info. A finished upload is renamed to the file store's path of
//     a fresh key (files.NewKey), so a multi-GB file is never copied; the
//     file store then confirms the object with Stat.
//   - S3: the bytes become parts of a multipart upload at the final key.
//     S3 parts must be at least 5 MiB except the last, so bytes that do not
//     fill a part are kept in a small tail object (.tus/<id>.tail) and
//     prepended to the next chunk. Request bodies pass through two local
//     spool files of one part each, never through memory: one is sent to S3
//     while the other fills, and a part counts once S3 has it. The upload
//     info lives in .tus/<id>.info next to it, so every instance on the
//     bucket can resume any upload. Uploads whose bytes fit into one part
//     are stored with a single PUT at the end.
//
// The info (size, offset, metadata, owner, expiry, final key, S3 parts) is
// saved after the bytes it counts are durable, so a crash can lose the
// last unsaved bytes of a chunk but never count bytes that are not there;
// data past the saved offset is cut off before the next write. The running
// SHA-256 of the whole upload is saved with it as the digest's
// MarshalBinary state, so the hash survives restarts and the finished
// object is never read again.
//
// A chunk sent with an Upload-Checksum (WithChecksum) is verified before
// any of its bytes count: on a mismatch the local file is cut back, and on
// S3 the parts already sent for it are neither recorded nor completed (S3
// drops parts not named at completion; a retry overwrites them by number).
//
// Uploads expire Config.Idle after their last write, and at the latest
// Config.MaxAge after creation; Sweep removes expired ones with all their
// debris (data, tail, multipart upload, info). On S3 MaxAge defaults to
// 23 h because the file store's sweep aborts multipart uploads older than
// its 24 h grace period. Completed objects are never removed here: whether
// a record points to them is the file sweep's question.
package tusstore

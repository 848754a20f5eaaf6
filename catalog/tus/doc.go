// Package tus serves resumable uploads with the tus 1.0 protocol at
// /api/upload/tus/, so that tus clients (tus-js-client, Uppy, tusd's
// clients) can send a multi-GB file over a flaky connection and finish it
// as a distribution of a dataset.
//
// The protocol is tusd's handler package (github.com/tus/tusd/v2/pkg/
// handler) on the data store of storage/files/tusstore, which keeps
// partial uploads as local chunk files or S3 multipart uploads beside the
// portal's files. Offered: core, creation, creation-with-upload,
// termination, checksum (sha1, sha256; 460 on a mismatch and the chunk
// does not count) and expiration (Upload-Expires, 24 h after the last
// write). Not offered: creation-defer-length and concatenation; GET of an
// upload (downloads go through the catalogue).
//
//	OPTIONS /api/upload/tus/            discovery (Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm)
//	POST    /api/upload/tus/            create (Upload-Length, Upload-Metadata)
//	HEAD    /api/upload/tus/:id         offset
//	PATCH   /api/upload/tus/:id         append (Upload-Offset, optional Upload-Checksum)
//	DELETE  /api/upload/tus/:id         terminate
//	GET     /api/upload/tus/:id/resource  what the upload became (JSON)
//
// Upload-Metadata names the target: package_id (a new distribution of the
// dataset, by id or name) or resource_id (a new file for an existing
// distribution), plus filename (required) and optionally name,
// description and format. The metadata header is parsed strictly
// (ParseMetadata): a malformed one is 400 rather than silently dropped.
//
// Authentication is the API token of the CKAN API (Authorization or
// X-CKAN-API-Key, resolved by the server's auth middleware), or whatever
// Options.Authenticate accepts for requests that arrive anonymous: the
// web portal's upload tokens (web.Web.UploadActor), short-lived, bound to
// the browser session and limited to one dataset, which this package
// enforces on creation and on every request to the upload. The browser
// session alone is deliberately not accepted: the web package applies
// cookies only to GET and HEAD outside /api/, because a cookie must not
// authorise writes that carry no CSRF token. Anonymous requests are 403. Creating
// checks that the user may edit the target dataset (and that it is not
// harvested), so nobody sends gigabytes that could never be attached; the
// creating user becomes the upload's owner, and every later request on it
// from anybody else is answered 404, as if it did not exist.
//
// Limits: Upload-Length over the service's MaxUploadBytes is 413 at
// creation; a chunk beyond the declared length is 413; a wrong
// Upload-Offset is 409; a missing or other Tus-Resumable than 1.0.0 is
// 412; an empty file is 400.
//
// Completion: when the last byte is durable, the store publishes the
// bytes as a file-store object under a fresh key (a rename locally, the
// completed multipart upload on S3) with the SHA-256 it computed while
// receiving, and the final PATCH attaches it with Service.AddDistribution
// or UpdateDistribution, which checks authorisation again and removes the
// object if the record cannot be written. The final PATCH response names
// the result in Datenportal-Resource-Id, Datenportal-Dataset-Id and
// Datenportal-Resource-Url; GET …/resource tells the same (or the
// failure) until the upload's info expires. A failure there is final: the
// object is gone and the client starts a new upload.
//
// Expired uploads are removed by Sweep, which the server runs
// periodically. Requests to one upload are serialised by tusd's in-memory
// locker; several instances behind one load balancer share S3 uploads,
// but two requests racing on one upload at two instances are not
// serialised (S3's part ETags make the completion fail rather than
// assemble wrong bytes).
package tus

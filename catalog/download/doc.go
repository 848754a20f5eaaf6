// Package download serves a stored file to a browser or client safely and
// cacheably, with nothing but net/http, so that the HTML and CKAN handlers
// (and any future router) share one implementation. Range requests, 206 and
// 416, If-None-Match, If-Modified-Since and If-Range come from
// http.ServeContent; this package adds what it leaves to the caller: a
// strong ETag from the file's SHA-256, a Content-Disposition that survives
// umlauts (RFC 6266 with an RFC 5987 filename*), and the headers that stop
// an uploaded HTML or SVG file from running as part of the portal's origin:
// X-Content-Type-Options: nosniff, Content-Security-Policy: sandbox, and
// attachment for every type not known to be inert.
package download

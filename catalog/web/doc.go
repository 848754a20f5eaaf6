// Package web is Datenportal's HTML portal: server-rendered pages for
// searching and browsing the catalogue (home, search with facets, dataset
// and organisation pages, table previews of CSV and XLSX files, sitemap and
// Atom feed) and for publishing (login, dashboard, dataset and distribution
// forms with streamed uploads, API tokens, password change, members and
// organisation settings, and the Excel round trip of metadata lists). With
// Options.Harvest it also shows harvest sources, their jobs and reports to
// sysadmins and organisation admins, who may add sources and start runs
// (Options.Harvester); a run started here never holds up the request.
//
// Pages are html/template sets parsed once from the embedded templates
// (layout + partials + one page each), so every value is escaped for its
// context. German is the default language, English the second one. Pages
// run under a strict Content-Security-Policy without inline scripts; the
// little JavaScript there is (suggest box, upload progress) only enhances
// forms that work without it. With Options.TusURL the distribution form
// sends files from Options.TusThreshold on resumably through the tus
// endpoint (catalog/tus), authorised by a session-bound upload token
// (upload_token.go; wire UploadActor as tus.Options.Authenticate), and
// then saves its other fields through the edit form; without the script,
// the multipart form still takes every file.
//
// Every read and write goes through catalog.Service with the request's
// actor, so authorisation lives in one place. Browser sessions are signed
// cookies (HMAC-SHA256 with Options.SessionKey), which lets several
// instances share them; every form POST carries a CSRF token bound to the
// session.
package web

// Package server owns Datenportal's HTTP side: the gin engine, middleware
// (recovery, access log, security headers, authentication, metrics), the
// http.Server with its timeouts and graceful shutdown, health and readiness
// endpoints, and routes.go, the one file where every URL is mounted. The
// handlers themselves live in the view packages (ckanapi, dcat, web).
package server

package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// Pinger is a dependency whose reachability /readyz reports.
type Pinger interface {
	Ping(ctx context.Context) error
}

// PingFunc adapts a function to Pinger.
type PingFunc func(ctx context.Context) error

// Ping calls f.
func (f PingFunc) Ping(ctx context.Context) error { return f(ctx) }

// Handlers are the view packages' entry points, mounted in routes.go.
// A nil field leaves its routes unmounted.
type Handlers struct {
	CKAN CKANHandlers
	DCAT DCATHandlers
	Web  WebHandlers
	// Extra lets later packages (harvest admin, tus) mount routes
	// without the server knowing them.
	Extra func(r *gin.Engine)
}

// Config holds what the HTTP layer needs.
type Config struct {
	Addr    string
	BaseURL string
	Logger  *slog.Logger
	// Ready lists dependencies checked by /readyz, by name.
	Ready map[string]Pinger
	// Auth resolves the request's actor; nil means everyone is anonymous.
	Auth gin.HandlerFunc
	// PresignDownloads redirects downloads of public files to short-lived
	// URLs of the file store when it supports them (S3).
	PresignDownloads bool
	// Listener, if set, is used instead of listening on Addr (the caller
	// bound it first to learn the real port for the base URL).
	Listener net.Listener
}

// Server is the HTTP server.
type Server struct {
	cfg     Config
	svc     *catalog.Service
	engine  *gin.Engine
	http    *http.Server
	metrics *metrics
	ln      net.Listener
}

// New builds the engine with every route.
func New(cfg Config, svc *catalog.Service, h Handlers) *Server {
	gin.SetMode(gin.ReleaseMode)
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, svc: svc, metrics: newMetrics(), ln: cfg.Listener}
	s.engine = gin.New()
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	s.routes(h)
	s.http = &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		// No ReadTimeout/WriteTimeout: uploads and downloads of several
		// GB legitimately take long; idle and header timeouts bound the
		// slow-loris cases.
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler returns the engine (tests use it with httptest).
func (s *Server) Handler() http.Handler { return s.engine }

// Listen binds the address; Addr then reports the real port (":0" picks a
// free one, which the end-to-end tests use).
func (s *Server) Listen() error {
	if s.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// Addr is the bound address after Listen.
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.cfg.Addr
	}
	return s.ln.Addr().String()
}

// Serve serves until Shutdown; it returns nil after a graceful shutdown.
func (s *Server) Serve() error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	err := s.http.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for running requests
// until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.http.Shutdown(ctx) }

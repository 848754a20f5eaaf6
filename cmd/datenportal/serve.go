package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/ckanapi"
	"github.com/datenportal/datenportal/catalog/dcat"
	"github.com/datenportal/datenportal/catalog/server"
	"github.com/datenportal/datenportal/catalog/tus"
	"github.com/datenportal/datenportal/catalog/web"
	"github.com/datenportal/datenportal/harvest"
)

// serve runs the portal until ctx is cancelled (SIGINT/SIGTERM), then shuts
// down in order: stop accepting requests and finish running ones, stop the
// background workers, flush download counts, close index and store.
func (m *Main) serve(ctx context.Context, args []string) error {
	cfg, fs, err := m.commandConfig("serve", func(c *Config, fs2 *flag.FlagSet) { c.serveFlags(fs2) })
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Bind first: with --addr :0 the base URL must name the real port.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	cfg.Addr = ln.Addr().String()
	if err := cfg.finish(); err != nil {
		return err
	}
	log := m.logger(cfg)
	a, err := openApp(ctx, cfg, log, appOptions{withIndex: true, search: cfg.searchOptions()})
	if err != nil {
		return err
	}
	defer a.Close()

	if err := a.indexer.CatchUp(ctx); err != nil {
		return fmt.Errorf("search index catch-up: %w", err)
	}
	workers, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { a.indexer.Run(workers) })
	if sub, ok := a.store.(subscriber); ok {
		ch := sub.Subscribe(workers)
		wg.Go(func() {
			for range ch {
				a.indexer.Notify()
			}
		})
	}

	if cfg.Demo {
		n, err := loadDemo(ctx, a.svc)
		if err != nil {
			stopWorkers()
			wg.Wait()
			return fmt.Errorf("loading demo data: %w", err)
		}
		if n > 0 {
			log.Info("loaded demo datasets", "count", n)
		}
	}

	h, portal, err := m.handlers(workers, a)
	if err != nil {
		stopWorkers()
		wg.Wait()
		return err
	}
	tusH, err := tus.Open(ctx, a.svc, tus.Options{StorageURL: cfg.StorageURL, DataDir: cfg.DataDir,
		Files: cfg.filesOptions(), BaseURL: cfg.BaseURL,
		Authenticate: portal.UploadActor})
	if err != nil {
		stopWorkers()
		wg.Wait()
		return fmt.Errorf("tus uploads: %w", err)
	}
	h.Extra = tusH.Register
	wg.Go(func() {
		tusH.Store().SweepEvery(workers, time.Hour, func(n int, err error) {
			if err != nil {
				log.Warn("tus sweep", "err", err)
			} else if n > 0 {
				log.Info("tus sweep removed expired uploads", "count", n)
			}
		})
	})
	srv := server.New(server.Config{
		Addr:    cfg.Addr,
		BaseURL: cfg.BaseURL,
		Logger:  log,
		Ready: map[string]server.Pinger{
			"database":     a.store,
			"file_storage": a.files,
			"search_index": server.PingFunc(func(context.Context) error { _, err := a.index.DocCount(); return err }),
		},
		Auth:             portal.WithSession(ckanapi.AuthMiddleware(a.svc)),
		Listener:         ln,
		PresignDownloads: cfg.PresignDownloads,
	}, a.svc, h)
	log.Info("Datenportal listening", "addr", srv.Addr(), "base_url", cfg.BaseURL, "data_dir", cfg.DataDir)
	if m.Ready != nil {
		m.Ready(srv.Addr())
	}
	wg.Go(func() { flushDownloads(workers, a, log) })
	wg.Go(func() { sweepPeriodically(workers, a, log) })
	if err := startHarvestScheduler(workers, a, &wg); err != nil {
		log.Warn("harvest scheduler not started", "err", err)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
		if serr := <-errc; err == nil {
			err = serr
		}
	}
	stopWorkers()
	wg.Wait()
	if ferr := a.svc.Downloads.Flush(context.Background(), a.store); ferr != nil {
		log.Warn("flushing download counts", "err", ferr)
	}
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

// flushDownloads writes the in-memory download counts every 30 seconds.
func flushDownloads(ctx context.Context, a *app, log interface{ Warn(string, ...any) }) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.svc.Downloads.Flush(ctx, a.store); err != nil {
				log.Warn("flushing download counts", "err", err)
			}
		}
	}
}

// sweepPeriodically removes orphaned file objects (failed uploads, crashes
// between storing a file and its record) every six hours.
func sweepPeriodically(ctx context.Context, a *app, log interface {
	Info(string, ...any)
	Warn(string, ...any)
}) {
	t := time.NewTicker(6 * time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := sweepFiles(ctx, a, gcGrace)
			if err != nil {
				log.Warn("file sweep", "err", err)
			} else if n > 0 {
				log.Info("file sweep removed unreferenced objects", "count", n)
			}
		}
	}
}

// handlers connects the view packages to the server's routes.
func (m *Main) handlers(workers context.Context, a *app) (server.Handlers, *web.Web, error) {
	api := ckanapi.New(a.svc, ckanapi.Options{SiteURL: a.cfg.BaseURL, SiteTitle: a.cfg.SiteTitle, Logger: a.log})
	rdf := &dcat.Handlers{Service: a.svc, Base: a.cfg.BaseURL, Info: dcat.CatalogInfo{
		Title:       a.cfg.SiteTitle,
		Description: "Offene Daten – DCAT-AP.de-Katalog von " + a.cfg.SiteTitle,
		Publisher:   catalog.Agent{Name: a.cfg.SiteTitle, Type: "http://purl.org/adms/publishertype/LocalAuthority"},
	}}
	hapi, err := harvestAPI(a, "/api/harvest")
	if err != nil {
		a.log.Warn("harvest read API not mounted", "err", err)
	}
	key, err := web.LoadSessionKey(a.cfg.DataDir)
	if err != nil {
		return server.Handlers{}, nil, fmt.Errorf("session key: %w", err)
	}
	wopt := web.Options{BaseURL: a.cfg.BaseURL, SiteTitle: a.cfg.SiteTitle, SessionKey: key, Logger: a.log,
		TusURL: tus.BasePath} // large files from the form go through the resumable endpoint
	if hs, ok := a.store.(harvest.Store); ok {
		if hv, herr := newHarvester(a); herr == nil {
			wopt.Harvest, wopt.Harvester, wopt.Background = &harvest.Service{Store: hs}, hv, workers
		} else {
			a.log.Warn("harvest pages not mounted", "err", herr)
		}
	}
	portal, err := web.New(a.svc, wopt)
	if err != nil {
		return server.Handlers{}, nil, err
	}
	return server.Handlers{
		CKAN: server.CKANHandlers{Action: api.Action, Version: api.Version},
		DCAT: server.DCATHandlers{Catalog: rdf.Catalog, Full: rdf.Full, Dataset: rdf.Dataset,
			Changes: rdf.Changes, Negotiate: dcat.NegotiateRDF},
		Web: server.WebHandlers{Dataset: portal.DatasetPage, Register: func(e *gin.Engine) {
			portal.Register(e)
			if hapi != nil {
				e.GET("/api/harvest/*path", gin.WrapH(hapi))
			}
		}},
	}, portal, nil
}

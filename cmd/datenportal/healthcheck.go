package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// healthcheck asks the local server's /healthz; the container image has no
// shell or curl, so the binary checks itself.
func (m *Main) healthcheck(ctx context.Context, args []string) error {
	cfg, fs, err := m.commandConfig("healthcheck", func(c *Config, fs2 *flag.FlagSet) {
		fs2.StringVar(&c.Addr, "addr", c.Addr, "address the server listens on [DATENPORTAL_ADDR]")
	})
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	host := cfg.Addr
	if strings.HasPrefix(host, ":") || strings.HasPrefix(host, "0.0.0.0:") {
		host = "127.0.0.1" + host[strings.LastIndexByte(host, ':'):]
	}
	ctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", resp.Status)
	}
	return nil
}

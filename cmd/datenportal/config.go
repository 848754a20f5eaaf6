package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/search"
	"github.com/datenportal/datenportal/storage/files"
)

// Config is every setting of Datenportal. Defaults are in code; the
// environment overrides them and flags override the environment, so a
// container is configured by env and a developer by flags.
type Config struct {
	Addr                string
	DataDir             string
	BaseURL             string
	DatabaseURL         string
	DatabaseMaxConns    int
	StorageURL          string
	S3AccessKey         string
	S3SecretKey         string
	MaxUploadBytes      int64
	Demo                bool
	SiteTitle           string
	LogFormat           string // "text" or "json"
	LogLevel            string
	HarvestAllowPrivate bool
	PresignDownloads    bool
	SearchCacheMB       int
}

func defaultConfig() Config {
	return Config{
		Addr:           "127.0.0.1:8080",
		DataDir:        "./data",
		MaxUploadBytes: 5 << 30,
		SearchCacheMB:  64,
		SiteTitle:      "Datenportal",
		LogFormat:      "text",
		LogLevel:       "info",
	}
}

// applyEnv overrides defaults with DATENPORTAL_* variables.
func (c *Config) applyEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("DATENPORTAL_ADDR", &c.Addr)
	str("DATENPORTAL_DATA_DIR", &c.DataDir)
	str("DATENPORTAL_BASE_URL", &c.BaseURL)
	str("DATENPORTAL_DATABASE_URL", &c.DatabaseURL)
	str("DATENPORTAL_STORAGE_URL", &c.StorageURL)
	str("DATENPORTAL_S3_ACCESS_KEY", &c.S3AccessKey)
	str("DATENPORTAL_S3_SECRET_KEY", &c.S3SecretKey)
	str("DATENPORTAL_SITE_TITLE", &c.SiteTitle)
	str("DATENPORTAL_LOG_FORMAT", &c.LogFormat)
	str("DATENPORTAL_LOG_LEVEL", &c.LogLevel)
	if v := getenv("DATENPORTAL_DATABASE_MAX_CONNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return fmt.Errorf("DATENPORTAL_DATABASE_MAX_CONNS: not a connection count: %q", v)
		}
		c.DatabaseMaxConns = n
	}
	if v := getenv("DATENPORTAL_SEARCH_CACHE_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1<<20 {
			return fmt.Errorf("DATENPORTAL_SEARCH_CACHE_MB: not a size in MiB: %q", v)
		}
		c.SearchCacheMB = n
	}
	if v := getenv("DATENPORTAL_MAX_UPLOAD_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("DATENPORTAL_MAX_UPLOAD_BYTES: not a byte count: %q", v)
		}
		c.MaxUploadBytes = n
	}
	for name, dst := range map[string]*bool{
		"DATENPORTAL_HARVEST_ALLOW_PRIVATE": &c.HarvestAllowPrivate,
		"DATENPORTAL_DEMO":                  &c.Demo,
		"DATENPORTAL_PRESIGN_DOWNLOADS":     &c.PresignDownloads,
	} {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s: not a boolean: %q", name, v)
			}
			*dst = b
		}
	}
	return nil
}

// storeFlags registers the flags every command that opens the store needs.
func (c *Config) storeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "data directory (SQLite file, search index, local files) [DATENPORTAL_DATA_DIR]")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "empty: SQLite in the data directory; postgres://… for PostgreSQL [DATENPORTAL_DATABASE_URL]")
	fs.IntVar(&c.DatabaseMaxConns, "database-max-conns", c.DatabaseMaxConns, "PostgreSQL connection pool size (default max(4, 2×CPUs)) [DATENPORTAL_DATABASE_MAX_CONNS]")
	fs.StringVar(&c.StorageURL, "storage-url", c.StorageURL, "empty: <data-dir>/files; s3://BUCKET?endpoint=HOST:PORT&secure=false [DATENPORTAL_STORAGE_URL]")
}

// serveFlags registers the flags of the serve command.
func (c *Config) serveFlags(fs *flag.FlagSet) {
	c.storeFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address [DATENPORTAL_ADDR]")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL, used in RDF IRIs and links (default http://<addr>) [DATENPORTAL_BASE_URL]")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", c.MaxUploadBytes, "largest accepted upload in bytes [DATENPORTAL_MAX_UPLOAD_BYTES]")
	fs.IntVar(&c.SearchCacheMB, "search-cache-mb", c.SearchCacheMB, "memory for cached search results in MiB; 0 turns the cache off [DATENPORTAL_SEARCH_CACHE_MB]")
	fs.BoolVar(&c.PresignDownloads, "presign-downloads", c.PresignDownloads, "redirect downloads of public files to short-lived S3 URLs [DATENPORTAL_PRESIGN_DOWNLOADS]")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "on an empty catalogue, load demo datasets of a fictional municipality")
	fs.StringVar(&c.SiteTitle, "site-title", c.SiteTitle, "portal title [DATENPORTAL_SITE_TITLE]")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json [DATENPORTAL_LOG_FORMAT]")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error [DATENPORTAL_LOG_LEVEL]")
}

// finish derives defaults that depend on other settings.
func (c *Config) finish() error {
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "127.0.0.1" + host
		}
		c.BaseURL = "http://" + host
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("--base-url must start with http:// or https://: %q", c.BaseURL)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("--database-url must be empty (SQLite) or postgres://…: %q", c.DatabaseURL)
	}
	if c.SearchCacheMB < 0 {
		return fmt.Errorf("--search-cache-mb must not be negative: %d", c.SearchCacheMB)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format must be text or json: %q", c.LogFormat)
	}
	return nil
}

// filesOptions configures the file store: S3 credentials, and a part size
// large enough for the largest upload and no larger, since every running
// upload holds one part in memory.
func (c *Config) filesOptions() files.Options {
	return files.Options{AccessKey: c.S3AccessKey, SecretKey: c.S3SecretKey, PartSize: files.PartSizeFor(c.MaxUploadBytes)}
}

// searchOptions sizes the search result cache: entries are bounded by
// bytes, so the entry limit only needs to stay out of the way.
func (c *Config) searchOptions() search.Options {
	if c.SearchCacheMB == 0 {
		return search.Options{NoResultCache: true}
	}
	return search.Options{ResultCacheBytes: int64(c.SearchCacheMB) << 20}
}

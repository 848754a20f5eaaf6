package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed static
var staticFS embed.FS

type asset struct {
	body  []byte
	ctype string
	hash  string
}

// assets are loaded and fingerprinted once. Pages link them as
// /static/app.css?v=<hash>, so browsers may cache them for a year and
// still fetch a new version right after an upgrade.
var assets = loadAssets()

func loadAssets() map[string]*asset {
	out := map[string]*asset{}
	entries, err := staticFS.ReadDir("static")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(e.Name()))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out[e.Name()] = &asset{body: b, ctype: ct, hash: hex.EncodeToString(sum[:6])}
	}
	return out
}

// assetURL is the fingerprinted URL of a static file.
func assetURL(name string) string {
	if a := assets[name]; a != nil {
		return "/static/" + name + "?v=" + a.hash
	}
	return "/static/" + name
}

func (w *Web) static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	a := assets[name]
	if a == nil {
		c.Status(http.StatusNotFound)
		return
	}
	etag := `"` + a.hash + `"`
	h := c.Writer.Header()
	h.Set("ETag", etag)
	if c.Query("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, no-cache")
	}
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, a.ctype, a.body)
}

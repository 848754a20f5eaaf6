package server

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

// fallbackHome is served when the web portal is not mounted: a short page
// pointing at the machine interfaces.
var fallbackHomeTmpl = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Datenportal</title></head>
<body><h1>Datenportal</h1>
<ul>
<li><a href="/api/3/action/package_search">CKAN API: package_search</a></li>
<li><a href="/catalog.ttl">DCAT-AP.de Katalog (Turtle)</a></li>
<li><a href="/readyz">Status</a></li>
</ul></body></html>`))

func (s *Server) fallbackHome(c *gin.Context) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(http.StatusOK)
	_ = fallbackHomeTmpl.Execute(c.Writer, nil)
}

package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// suggest answers the search box's autocomplete: JSON with dataset
// titles, keywords and organisations for a prefix. Suggestions come from
// public datasets only, so the answer is the same for everyone and can be
// cached.
func (w *Web) suggest(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	if len([]rune(q)) < 2 || len(q) > 100 {
		c.JSON(http.StatusOK, gin.H{"suggestions": []catalog.Suggestion{}})
		return
	}
	ctx := catalog.WithActor(c.Request.Context(), catalog.Anonymous)
	s, err := w.svc.Suggest(ctx, q, 8)
	if err != nil {
		if catalog.ErrorCode(err) != catalog.EUNAVAILABLE && catalog.ErrorCode(err) != catalog.EQUERY {
			w.log.Warn("suggest", "err", err)
		}
		s = nil
	}
	if s == nil {
		s = []catalog.Suggestion{}
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.JSON(http.StatusOK, gin.H{"suggestions": s})
}

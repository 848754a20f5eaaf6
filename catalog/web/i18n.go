package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"
)

// The portal speaks German first and English second. The language comes
// from ?lang= (remembered in a cookie, so the choice sticks while
// browsing), else from that cookie, else from Accept-Language.

const langCookie = "dp_lang"

var langMatcher = language.NewMatcher([]language.Tag{language.German, language.English})

func (w *Web) language(c *gin.Context) string {
	if l, ok := c.Get("web.lang"); ok {
		return l.(string)
	}
	lang := ""
	switch q := c.Query("lang"); q {
	case "de", "en":
		lang = q
		http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
	}
	if lang == "" {
		if ck, err := c.Request.Cookie(langCookie); err == nil && (ck.Value == "de" || ck.Value == "en") {
			lang = ck.Value
		}
	}
	if lang == "" {
		lang = "de"
		if al := c.GetHeader("Accept-Language"); al != "" && len(al) < 500 {
			tags, _, err := language.ParseAcceptLanguage(al)
			if err == nil && len(tags) > 0 {
				if _, i, conf := langMatcher.Match(tags...); conf != language.No && i == 1 {
					lang = "en"
				}
			}
		}
	}
	c.Set("web.lang", lang)
	return lang
}

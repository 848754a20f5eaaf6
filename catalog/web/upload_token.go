package web

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// Upload tokens let the distribution form send large files to the tus
// endpoint (/api/upload/tus/) without letting a cookie authorise writes
// under /api/. The form page carries a token signed with the "tus-upload"
// sub-key of the session key; the script sends it as Authorization:
// Bearer. It names the user, one dataset and an expiry, and its MAC also
// covers the session's nonce, which is not in the token: the request must
// carry the same session cookie too. So a token is useless
//   - to another site: the browser never attaches it by itself (no CSRF),
//     and a cross-site request carries no Lax cookie;
//   - once the browser dropped the session (logout) or got a new one
//     (new login, new nonce), after a password change (fingerprint) or
//     the user's deactivation;
//   - for any other dataset (the tus handler enforces the scope);
//   - after uploadTokenTTL; reloading the form issues a new one, and the
//     script resumes the same upload.
//
// It needs no server-side state, so any instance with the key accepts it.

const (
	uploadTokenPrefix = "dpup1."
	uploadTokenTTL    = 12 * time.Hour
	maxUploadToken    = 1024
)

// uploadClaims is the token's signed, readable payload.
type uploadClaims struct {
	UserID    string `json:"u"`
	DatasetID string `json:"d"`
	Exp       int64  `json:"e"`
	PW        string `json:"p"` // password fingerprint, as in sessions
}

var (
	errUploadToken = &catalog.Error{Code: catalog.EFORBIDDEN,
		Message:   "Upload permission invalid: reload the form",
		MessageDE: "Die Berechtigung zum Hochladen ist ungültig: Bitte laden Sie das Formular neu"}
	errUploadTokenExpired = &catalog.Error{Code: catalog.EFORBIDDEN,
		Message:   "Upload permission expired: reload the form to continue",
		MessageDE: "Die Berechtigung zum Hochladen ist abgelaufen: Bitte laden Sie das Formular neu, um fortzufahren"}
)

func (w *Web) signUpload(payload, nonce string) string {
	return base64.RawURLEncoding.EncodeToString(mac(w.keys.upload, payload, nonce))
}

// uploadToken issues a token for the request's logged-in session user and
// dataset, or "" if the user is not logged in through a session (an API
// token client has its own token for the endpoint).
func (w *Web) uploadToken(c *gin.Context, datasetID string) string {
	s, ok := currentSession(c)
	v, _ := c.Get(ctxUser)
	u, _ := v.(*catalog.User)
	if !ok || u == nil || s.UserID != u.ID {
		return ""
	}
	b, _ := json.Marshal(uploadClaims{UserID: u.ID, DatasetID: datasetID, PW: w.pwFingerprint(u),
		Exp: w.opt.Now().Add(uploadTokenTTL).Unix()})
	p := base64.RawURLEncoding.EncodeToString(b)
	return uploadTokenPrefix + p + "." + w.signUpload(p, s.Nonce)
}

// UploadActor resolves an upload token for the tus endpoint; wire it as
// tus.Options.Authenticate. Requests without one are not its business
// (nil actor); a bad or expired one is Forbidden. It returns the dataset
// the token is limited to.
func (w *Web) UploadActor(r *http.Request) (*catalog.Actor, string, error) {
	tok, ok := strings.CutPrefix(strings.TrimSpace(r.Header.Get("Authorization")), "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.HasPrefix(tok, uploadTokenPrefix) {
		return nil, "", nil
	}
	cl, err := w.verifyUploadToken(r, tok)
	if err != nil {
		return nil, "", err
	}
	ctx := r.Context()
	u, err := w.svc.User(ctx, cl.UserID)
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		return nil, "", errUploadToken
	}
	if err != nil {
		return nil, "", err
	}
	if u.State != catalog.StateActive || !hmac.Equal([]byte(cl.PW), []byte(w.pwFingerprint(u))) {
		return nil, "", errUploadToken
	}
	a, err := w.svc.ActorFor(ctx, u)
	if err != nil {
		return nil, "", err
	}
	return a, cl.DatasetID, nil
}

// verifyUploadToken checks the MAC against the request's session cookie,
// then the expiry: a forged token learns nothing about expiry.
func (w *Web) verifyUploadToken(r *http.Request, tok string) (uploadClaims, error) {
	var cl uploadClaims
	if len(tok) > maxUploadToken {
		return cl, errUploadToken
	}
	p, sig, ok := strings.Cut(strings.TrimPrefix(tok, uploadTokenPrefix), ".")
	if !ok {
		return cl, errUploadToken
	}
	ck, err := r.Cookie(w.cookieName())
	if err != nil {
		return cl, errUploadToken
	}
	s, ok := w.decodeSession(ck.Value)
	if !ok || !hmac.Equal([]byte(sig), []byte(w.signUpload(p, s.Nonce))) {
		return cl, errUploadToken
	}
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(b, &cl) != nil || cl.UserID == "" || cl.DatasetID == "" || cl.UserID != s.UserID {
		return cl, errUploadToken
	}
	if w.opt.Now().Unix() > cl.Exp {
		return cl, errUploadTokenExpired
	}
	return cl, nil
}

package tus

import (
	"context"
	"net/http"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// Authenticator resolves credentials the server's API-token middleware
// does not know, such as the web portal's upload tokens. It is asked only
// for requests that arrive anonymous. A nil actor means "no credential of
// mine": the request stays anonymous and is refused. An error refuses the
// request with its status (a catalog.Forbidden for a bad or expired
// credential). A non-empty datasetID limits the credential to uploads
// into that dataset, so a token handed to one form cannot feed another.
type Authenticator func(r *http.Request) (a *catalog.Actor, datasetID string, err error)

type scopeKey struct{}

// authenticate applies the Authenticator to an anonymous request. An API
// token (already resolved into the context) wins and is never scoped.
func (h *Handler) authenticate(r *http.Request) (*http.Request, error) {
	if h.auth == nil || catalog.ActorFrom(r.Context()).LoggedIn() {
		return r, nil
	}
	a, datasetID, err := h.auth(r)
	if err != nil || a == nil || !a.LoggedIn() {
		return r, err
	}
	ctx := catalog.WithActor(r.Context(), a)
	if datasetID != "" {
		ctx = context.WithValue(ctx, scopeKey{}, datasetID)
	}
	return r.WithContext(ctx), nil
}

// datasetScope is the dataset the request's credential is limited to, or
// "" for an unlimited one.
func datasetScope(ctx context.Context) string {
	s, _ := ctx.Value(scopeKey{}).(string)
	return s
}

// checkScope refuses a scoped credential on a dataset other than its own.
func checkScope(ctx context.Context, datasetID string) error {
	if s := datasetScope(ctx); s != "" && s != datasetID {
		return catalog.Forbidden("This upload credential is for another dataset")
	}
	return nil
}

// uploadInScope checks an existing upload's target against the
// credential's dataset. Uploads into a distribution name only the
// distribution, so its dataset is looked up (only for scoped requests).
func (h *Handler) uploadInScope(ctx context.Context, in *tusstore.Info) error {
	if datasetScope(ctx) == "" {
		return nil
	}
	id := in.MetaData[metaPackage]
	if id == "" {
		d, _, err := h.svc.Distribution(ctx, in.MetaData[metaResource])
		if err != nil {
			return err
		}
		id = d.ID
	}
	return checkScope(ctx, id)
}

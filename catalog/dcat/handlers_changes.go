package dcat

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// ChangeEntry is one item of the change feed.
type ChangeEntry struct {
	Seq     int64     `json:"seq"`
	Op      string    `json:"op"` // created, updated, deleted
	Dataset string    `json:"dataset"`
	At      time.Time `json:"at"`
}

// ChangeFeed is the /catalog/changes response.
type ChangeFeed struct {
	Since   int64         `json:"since"`
	LastSeq int64         `json:"last_seq"` // pass as since= for the next call
	Changes []ChangeEntry `json:"changes"`
	Next    string        `json:"next,omitempty"` // set when more entries wait
}

const maxChanges = 1000

// Changes serves the change feed: dataset IRIs created, updated or
// deleted after ?since=SEQ. A dataset that is not public after a change is
// reported as deleted to readers who may not see it, so harvesters drop
// it; changes of datasets that were never public are left out (the
// Service marks them Hidden), so the feed reveals nothing about them.
func (h *Handlers) Changes(c *gin.Context) {
	var since int64
	if v := c.Query("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			httpError(c, http.StatusBadRequest, "since muss eine nicht-negative ganze Zahl sein", "since must be a non-negative integer")
			return
		}
		since = n
	}
	limit := maxChanges
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			httpError(c, http.StatusBadRequest, "limit muss eine positive ganze Zahl sein", "limit must be a positive integer")
			return
		}
		if n < limit {
			limit = n
		}
	}
	ctx := c.Request.Context()
	cs, err := h.Service.Changes(ctx, since, limit)
	if err != nil {
		serviceError(c, err)
		return
	}
	a := catalog.ActorFrom(ctx)
	enc := NewEncoder(h.Base, DCATAPDE3)
	feed := ChangeFeed{Since: since, LastSeq: since, Changes: []ChangeEntry{}}
	for _, ch := range cs {
		feed.LastSeq = ch.Seq
		if ch.Hidden {
			continue
		}
		op := "updated"
		switch ch.Op {
		case catalog.OpCreate:
			op = "created"
		case catalog.OpDelete, catalog.OpPurge:
			op = "deleted"
		}
		if !ch.Public && !a.IsSysadmin() && !a.HasRole(ch.OrganizationID, catalog.RoleMember) {
			op = "deleted"
		}
		feed.Changes = append(feed.Changes, ChangeEntry{Seq: ch.Seq, Op: op, Dataset: enc.DatasetIRI(ch.DatasetID), At: ch.At})
	}
	if len(cs) == limit {
		feed.Next = enc.Base + "/catalog/changes?since=" + strconv.FormatInt(feed.LastSeq, 10)
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, feed)
}

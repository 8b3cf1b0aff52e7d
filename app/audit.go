package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// The audit log: each administrative use case writes one entry, in its
// own transaction, through audit (guanjia.NewAudit).

type clientAddrKey struct{}

// WithClientAddr returns ctx carrying the address of the client whose
// request it serves, which the audit log records. The edges set it once
// per request.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

func clientAddr(ctx context.Context) string {
	s, _ := ctx.Value(clientAddrKey{}).(string)
	return s
}

// audit appends the entry of a change by actor to tx: object id of town,
// through verb, from before to after.
func (a *App) audit(ctx context.Context, tx *store.Tx, actor guanjia.Actor, object, verb, id, town string, before, after any) error {
	for _, v := range []any{before, after} {
		if err := checkAuditShape(object, v); err != nil {
			return err
		}
	}
	e, err := guanjia.NewAudit(actor, a.now(), guanjia.AuditAction(object, verb), object, id, town, before, after)
	if err != nil {
		return err
	}
	e.Addr = clientAddr(ctx)
	return tx.AppendAudit(ctx, e)
}

// AuditLog returns the entries of the log f selects, newest first:
// administrators, a town's of their town only.
func (a *App) AuditLog(ctx context.Context, actor guanjia.Actor, f guanjia.AuditFilter) ([]*guanjia.AuditEntry, error) {
	if !guanjia.MayReadAudit(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only administrators may read the audit log.")
	}
	if a.ref.Load().tree.UnderCounty(actor.Jurisdiction) {
		f.Towns = []string{actor.Jurisdiction}
	}
	return a.db.AuditLog(ctx, f)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// gridImport is what the log records of an import of grids: each grid
// without its geometry, which a digest stands for.
type gridImport struct {
	Grids []gridAudit `json:"grids"`
}

type gridAudit struct {
	guanjia.Grid
	Geometry string `json:"geometry_sha256"`
}

func (g *gridImport) add(x *guanjia.Grid) {
	sum := sha256.Sum256(x.Geometry)
	g.Grids = append(g.Grids, gridAudit{Grid: *x, Geometry: hex.EncodeToString(sum[:])})
}

// id is the codes of the grids, the first ten of them.
func (g *gridImport) id() string {
	return firstTen(len(g.Grids), func(i int) string { return g.Grids[i].Code })
}

// town is the town of every grid, or "" when they lie in several.
func (g *gridImport) town() string {
	return oneTown(len(g.Grids), func(i int) string { return g.Grids[i].Jurisdiction })
}

// firstTen joins the first ten of n names with commas, and "…" for more.
func firstTen(n int, name func(int) string) string {
	names := make([]string, 0, 11)
	for i := range n {
		if i == 10 {
			names = append(names, "…")
			break
		}
		names = append(names, name(i))
	}
	return strings.Join(names, ",")
}

// oneTown is the town of every one of n things, or "" when they lie in
// several.
func oneTown(n int, town func(int) string) string {
	t := ""
	for i := range n {
		if i > 0 && town(i) != t {
			return ""
		}
		t = town(i)
	}
	return t
}

func (g *gridImport) orNil() *gridImport {
	if len(g.Grids) == 0 {
		return nil
	}
	return g
}

// placeImport is what an import of places records: the places as stored.
type placeImport struct {
	Places []guanjia.Place `json:"places"`
}

// id is the Chinese names of the places, the first ten of them.
func (p placeImport) id() string {
	return firstTen(len(p.Places), func(i int) string { return p.Places[i].NameZh })
}

// town is the town of every place, or "" when they lie in several.
func (p placeImport) town() string {
	return oneTown(len(p.Places), func(i int) string { return p.Places[i].Town })
}

package demo

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/geo"
	"github.com/guanjia/guanjia/store"
	"github.com/paulmach/orb"
)

// The county runs more towns than Wuzhen: Puyuan and Chongfu, with their
// real villages, generated grids, their own command centers and
// departments, and a smaller history (docs/county.md).

// tongxiangCSV lists the villages and communities of Puyuan (330483101)
// and Chongfu (330483107), National Bureau of Statistics, 2023.
//
//go:embed data/tongxiang_villages.csv
var tongxiangCSV []byte

// town is a demo town besides Wuzhen: its jurisdiction, the pinyin its
// accounts and units are named with, and the box its grids tile.
type town struct {
	guanjia.Jurisdiction
	pinyin                 string
	minLat, minLng, degree float64
}

// Towns are the demo towns besides Wuzhen.
var Towns = []town{
	{guanjia.Jurisdiction{Code: "330483101", Name: "濮院镇", NameEN: "Puyuan", Prefix: "PY", Parent: County.Code, Level: guanjia.LevelTown,
		Lat: 30.640, Lng: 120.425}, "puyuan", 30.600, 120.380, 0.08},
	{guanjia.Jurisdiction{Code: "330483107", Name: "崇福镇", NameEN: "Chongfu", Prefix: "CF", Parent: County.Code, Level: guanjia.LevelTown,
		Lat: 30.535, Lng: 120.430}, "chongfu", 30.495, 120.385, 0.08},
}

// townDepartments are the departments each of the other towns has; their
// codes are prefixed with the town's pinyin (puyuan-urban).
var townDepartments = []string{"command", "urban", "traffic", "police", "sanitation", "justice"}

// countyUnits are the county's command center and departments, which take
// the cases the towns hand up.
var countyUnits = []guanjia.Unit{
	{Code: "county-command", NameZH: "桐乡市社会治理综合指挥中心", NameEN: "Tongxiang Command Center", Kind: guanjia.UnitCommand},
	{Code: "county-housing", NameZH: "桐乡市住房和城乡建设局", NameEN: "Housing Bureau", Kind: guanjia.UnitDepartment},
	{Code: "county-ecology", NameZH: "嘉兴市生态环境局桐乡分局", NameEN: "Ecology Bureau", Kind: guanjia.UnitDepartment},
	{Code: "county-transport", NameZH: "桐乡市交通运输局", NameEN: "Transport Bureau", Kind: guanjia.UnitDepartment},
	{Code: "county-market", NameZH: "桐乡市市场监督管理局", NameEN: "Market Supervision Bureau", Kind: guanjia.UnitDepartment},
	{Code: "county-water", NameZH: "桐乡市水利局", NameEN: "Water Resources Bureau", Kind: guanjia.UnitDepartment},
}

// villages returns the town's real villages and communities with
// generated grids that tile its box.
func (t town) villages() ([]guanjia.Village, []guanjia.Grid, error) {
	all, err := Villages(bytes.NewReader(tongxiangCSV), t.Code)
	if err != nil {
		return nil, nil, err
	}
	var vs []guanjia.Village
	for _, v := range all {
		if strings.HasPrefix(v.Code, t.Code) {
			vs = append(vs, v)
		}
	}
	cols := int(math.Ceil(math.Sqrt(float64(len(vs)))))
	rows := (len(vs) + cols - 1) / cols
	w, h := t.degree/float64(cols), t.degree/float64(rows)
	var grids []guanjia.Grid
	for i := range vs {
		v := &vs[i]
		lat0, lng0 := t.minLat+float64(i/cols)*h, t.minLng+float64(i%cols)*w
		v.Lat, v.Lng = lat0+h/2, lng0+w/2
		const parts = 3 // grids a village, side by side
		for k := range parts {
			a, b := lng0+float64(k)*w/parts, lng0+float64(k+1)*w/parts
			geometry, err := geo.MarshalGeometry(orb.Polygon{{{a, lat0}, {b, lat0}, {b, lat0 + h}, {a, lat0 + h}, {a, lat0}}})
			if err != nil {
				return nil, nil, err
			}
			grids = append(grids, guanjia.Grid{Code: fmt.Sprintf("%s-G%02d", v.Code, k+1), Name: fmt.Sprintf("%s第%d网格", v.Name, k+1),
				Village: v.Code, Households: v.Households / parts, Geometry: geometry, Synthetic: true})
		}
	}
	return vs, grids, nil
}

// committee is the committee unit of a village of the town: puyuan-v201.
func (t town) committee(v guanjia.Village) guanjia.Unit {
	kind := map[bool]string{true: "居委会", false: "村委会"}[v.Kind == "community"]
	return guanjia.Unit{Code: t.pinyin + "-v" + v.Code[len(v.Code)-3:], NameZH: v.Name + kind,
		NameEN: t.NameEN + " " + v.Code[len(v.Code)-3:] + " Committee", Kind: guanjia.UnitCommittee,
		Jurisdiction: t.Code, Village: v.Code, Active: true}
}

// departments returns the town's departments, named after Wuzhen's.
func (t town) departments() []guanjia.Unit {
	var out []guanjia.Unit
	for _, d := range departments {
		for _, code := range townDepartments {
			if d.Code != code {
				continue
			}
			u := d
			u.Code, u.Jurisdiction, u.Active, u.Phone = t.pinyin+"-"+code, t.Code, true, ""
			u.NameZH = strings.ReplaceAll(u.NameZH, "乌镇", strings.TrimSuffix(t.Name, "镇"))
			u.NameEN = strings.ReplaceAll(u.NameEN, "Wuzhen", t.NameEN)
			out = append(out, u)
		}
	}
	return out
}

// rules routes the town's cases to its own units: a rule for the town is
// more specific than the county-wide one, so it wins (guanjia.Route).
func (t town) rules(villages []guanjia.Village) []guanjia.Rule {
	var out []guanjia.Rule
	for _, c := range categories {
		switch {
		case c.unit == "village":
			for _, v := range villages {
				out = append(out, guanjia.Rule{Category: c.Code, Area: v.Code, Unit: t.committee(v).Code})
			}
		case c.unit != "":
			out = append(out, guanjia.Rule{Category: c.Code, Area: t.Code, Unit: t.unitFor(c.unit)})
		}
	}
	return out
}

// unitFor returns the town's own unit for one of Wuzhen's department
// codes; departments it lacks are covered by its urban management.
func (t town) unitFor(code string) string {
	for _, d := range townDepartments {
		if d == code {
			return t.pinyin + "-" + code
		}
	}
	return t.pinyin + "-urban"
}

// seedTowns writes the other towns' organisation and the county's units.
func seedTowns(ctx context.Context, tx *store.Tx) error {
	for _, u := range countyUnits {
		u.Jurisdiction, u.Active = County.Code, true
		if err := tx.PutUnit(ctx, &u); err != nil {
			return err
		}
	}
	for _, t := range Towns {
		if err := t.seed(ctx, tx); err != nil {
			return fmt.Errorf("seed %s: %w", t.NameEN, err)
		}
	}
	for i := range townOverrides {
		if err := tx.PutCategoryOverride(ctx, &townOverrides[i]); err != nil {
			return err
		}
	}
	return nil
}

// townOverrides are the other towns' own settings of the county's
// categories: Chongfu, on the Grand Canal, gives water pollution a day
// less and keeps it a day longer before the county takes it over.
var townOverrides = []guanjia.CategoryOverride{
	{Jurisdiction: "330483107", Category: "water-pollution", ResolveLimit: limit(2, wd), ReferAfter: limit(2, wd)},
}

func (t town) seed(ctx context.Context, tx *store.Tx) error {
	if err := tx.PutJurisdiction(ctx, &t.Jurisdiction); err != nil {
		return err
	}
	villages, grids, err := t.villages()
	if err != nil {
		return err
	}
	units := t.departments()
	for i := range villages {
		if err := tx.PutVillage(ctx, &villages[i]); err != nil {
			return err
		}
		units = append(units, t.committee(villages[i]))
	}
	for i := range grids {
		if err := tx.PutGrid(ctx, &grids[i]); err != nil {
			return err
		}
	}
	for i := range units {
		if err := tx.PutUnit(ctx, &units[i]); err != nil {
			return err
		}
	}
	for _, r := range t.rules(villages) {
		if err := tx.PutRule(ctx, &r); err != nil {
			return err
		}
	}
	return nil
}

// townAccounts returns the county's staff (county-admin, county-leader,
// county-dispatcher, county-handler-housing, county-lead-housing ...) and
// the other towns' (puyuan-admin, puyuan-dispatcher, puyuan-leader,
// puyuan-handler-urban, puyuan-lead-v201 ...): an administrator, a
// dispatcher, a leader and a handler and a lead for each unit.
func townAccounts(units []guanjia.Unit) []*guanjia.User {
	staff := func(prefix, name, jurisdiction string) []*guanjia.User {
		users := []*guanjia.User{
			{Username: prefix + "-dispatcher", Name: name + "指挥中心", Role: guanjia.RoleDispatcher, Jurisdiction: jurisdiction},
			{Username: prefix + "-leader", Name: name + "领导", Role: guanjia.RoleLeader, Jurisdiction: jurisdiction},
			{Username: prefix + "-admin", Name: name + "管理员", Role: guanjia.RoleAdmin, Jurisdiction: jurisdiction},
		}
		for _, u := range units {
			short, ok := strings.CutPrefix(u.Code, prefix+"-")
			if u.Jurisdiction != jurisdiction || !ok {
				continue
			}
			users = append(users,
				&guanjia.User{Username: prefix + "-handler-" + short, Name: u.NameZH + "经办人", Role: guanjia.RoleHandler, Unit: u.Code, Jurisdiction: jurisdiction},
				&guanjia.User{Username: prefix + "-lead-" + short, Name: u.NameZH + "负责人", Role: guanjia.RoleUnitLead, Unit: u.Code, Jurisdiction: jurisdiction})
		}
		return users
	}
	users := staff("county", County.Name, County.Code)
	for _, t := range Towns {
		users = append(users, staff(t.pinyin, t.Name, t.Code)...)
	}
	return users
}

// stalled reports a polluted river in Wuzhen six days before now, which
// the water works never sign for: the last sweep of the history hands it
// up to the county (water pollution goes up a working day past its
// deadline), where it waits in the county's queue of referred cases.
func (h *history) stalled(ctx context.Context) error {
	h.opts.Clock.Set(h.opts.Now.AddDate(0, 0, -6))
	_, err := h.a.Report(ctx, h.people[0], guanjia.Report{Category: "water-pollution", Lat: Town.Lat + 0.004, Lng: Town.Lng - 0.003,
		Description: "河面上漂着一大片油污，有刺鼻气味，已经好几天了。", Address: "乌镇镇市河北段", Channel: guanjia.ChannelApp,
		Attributes: h.answers(h.category("water-pollution"))})
	return err
}

// category returns the demo category with code.
func (h *history) category(code string) *category {
	for i := range categories {
		if categories[i].Code == code {
			return &categories[i]
		}
	}
	return &categories[0]
}

// keepersPerTown is how many housekeepers each of the other towns has.
const keepersPerTown = 3

// townKeepers returns the other towns' housekeepers, in grids of their
// town: the first of each (puyuan-housekeeper), listed with the demo's
// accounts, and the rest (puyuan-housekeeper-002 ...).
func townKeepers(ctx context.Context, a *app.App, r *rand.Rand) (first, rest []*guanjia.User, err error) {
	grids, err := a.Grids(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range Towns {
		own := slices.DeleteFunc(slices.Clone(grids), func(g guanjia.Grid) bool { return g.Jurisdiction != t.Code })
		if len(own) == 0 {
			return nil, nil, fmt.Errorf("%s has no grids", t.NameEN)
		}
		for i := 1; i <= keepersPerTown; i++ {
			u := &guanjia.User{Username: fmt.Sprintf("%s-housekeeper-%03d", t.pinyin, i), Name: chineseName(r), Role: guanjia.RoleHousekeeper,
				Grid: own[r.IntN(len(own))].Code, Jurisdiction: t.Code, Phone: fmt.Sprintf("136573%05d", 10000+len(first)*10+i)}
			if i == 1 {
				u.Username = t.pinyin + "-housekeeper"
				first = append(first, u)
			} else {
				rest = append(rest, u)
			}
		}
	}
	return first, rest, nil
}

// townName is the name of the town whose history is being written.
func (h *history) townName() string {
	if h.here != nil {
		return h.here.Name
	}
	return Town.Name
}

// wuzhenGrids returns Wuzhen's grids: the housekeepers, their tasks and
// notices of the demo are Wuzhen's.
func wuzhenGrids(ctx context.Context, a *app.App) ([]guanjia.Grid, error) {
	grids, err := a.Grids(ctx)
	return slices.DeleteFunc(grids, func(g guanjia.Grid) bool { return g.Jurisdiction != Town.Code }), err
}

// referUp has the town's dispatcher hand the case up to the county, whose
// dispatcher sends it to the county's unit.
func (s *step) referUp(unit string) bool {
	county := s.h.dispatchers[County.Code]
	return s.do(s.minutes(10, 90), s.h.dispatch, guanjia.Command{Action: guanjia.ActionRefer, Reason: "涉及市级部门职责，镇级无法处置，提交市指挥中心。"}) &&
		s.do(s.minutes(10, 120), county, guanjia.Command{Action: guanjia.ActionDispatch, Unit: unit})
}

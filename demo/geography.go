package demo

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/geo"
	"github.com/paulmach/orb"
)

// wuzhenCSV lists Wuzhen's 4 communities and 26 villages with their
// statistical division codes (National Bureau of Statistics, 2023).
//
//go:embed data/wuzhen_divisions.csv
var wuzhenCSV []byte

// WuzhenVillages returns Wuzhen's real villages and communities, in the
// jurisdiction of Wuzhen town (330483100), without coordinates.
func WuzhenVillages() ([]guanjia.Village, error) {
	return Villages(bytes.NewReader(wuzhenCSV), "330483100")
}

// Villages reads a division CSV with at least the columns code and name, as
// the National Bureau of Statistics publishes them: a name ending in 居委会
// or 居民委员会 is a community, one ending in 村委会 or 村民委员会 a
// village, and the suffix is dropped. Households are made up, 800–3000,
// the same for the same code every time.
func Villages(r io.Reader, jurisdiction string) ([]guanjia.Village, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The divisions file is not valid CSV: %s.", err.Error())
	} else if len(rows) < 2 {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The divisions file has no rows.")
	}
	header := rows[0]
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	code, name := slices.Index(header, "code"), slices.Index(header, "name")
	if code < 0 || name < 0 {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The divisions file needs the columns code and name.")
	}
	villages := make([]guanjia.Village, 0, len(rows)-1)
	seen := make(map[string]bool)
	for i, row := range rows[1:] {
		v, err := village(strings.TrimSpace(row[code]), strings.TrimSpace(row[name]), jurisdiction)
		if err != nil {
			return nil, guanjia.Errorf(guanjia.EINVALID, "Row %d of the divisions file: %s.", i+2, err.Error())
		} else if seen[v.Code] {
			return nil, guanjia.Errorf(guanjia.EINVALID, "Row %d of the divisions file repeats the code %s.", i+2, v.Code)
		}
		seen[v.Code] = true
		villages = append(villages, v)
	}
	return villages, nil
}

// committeeSuffixes map the end of a committee's name to its village's kind.
var committeeSuffixes = []struct{ suffix, kind string }{
	{"居民委员会", "community"}, {"居委会", "community"},
	{"村民委员会", "village"}, {"村委会", "village"},
}

func village(code, name, jurisdiction string) (guanjia.Village, error) {
	if code == "" || strings.Trim(code, "0123456789") != "" {
		return guanjia.Village{}, fmt.Errorf("the code %.20q is not a number", code)
	}
	for _, s := range committeeSuffixes {
		if short, ok := strings.CutSuffix(name, s.suffix); ok && short != "" {
			return guanjia.Village{
				Code: code, Name: short, NameEN: englishName(short, s.kind), Kind: s.kind,
				Jurisdiction: jurisdiction, Households: 800 + int(hash(code, "households")%2201),
			}, nil
		}
	}
	return guanjia.Village{}, fmt.Errorf("the name %.40q ends in neither 居委会 nor 村委会", name)
}

// pinyin spells the names of Wuzhen's villages and communities.
var pinyin = map[string]string{
	"东苑": "Dongyuan", "银杏": "Yinxing", "南宫": "Nangong", "秀溪": "Xiuxi",
	"虹桥": "Hongqiao", "白马墩": "Baimadun", "分水墩": "Fenshuidun", "碓坊桥": "Duifangqiao",
	"浮澜桥": "Fulanqiao", "陈庄": "Chenzhuang", "南庄桥": "Nanzhuangqiao", "横港": "Henggang",
	"彭家": "Pengjia", "陈家": "Chenjia", "双塔": "Shuangta", "颜家": "Yanjia",
	"民合": "Minhe", "浙月": "Zheyue", "新翁": "Xinweng", "五星": "Wuxing",
	"西浜": "Xibang", "元丰": "Yuanfeng", "南王": "Nanwang", "董家": "Dongjia",
	"金牛": "Jinniu", "正福": "Zhengfu", "杨园": "Yangyuan", "皂林": "Zaolin",
	"翔厚": "Xianghou", "单桥": "Danqiao",
}

// englishName returns "Hongqiao Village" for 虹桥村, or "" for a name the
// pinyin table lacks.
func englishName(name, kind string) string {
	stem := strings.TrimSuffix(strings.TrimSuffix(name, "社区"), "村")
	if p, ok := pinyin[stem]; ok {
		return p + map[string]string{"village": " Village", "community": " Community"}[kind]
	}
	return ""
}

// hash is a stable hash of a code and a purpose, for made-up figures.
func hash(code, purpose string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(purpose + "/" + code))
	return h.Sum64()
}

// Geography generates synthetic grids for the villages: polygons that tile
// the box 30.69–30.80 N, 120.43–120.54 E (WGS84) around Wuzhen's old town
// with no gaps and no overlaps. The communities share the old town at the
// centre; the villages lie in two rings around it. Each community gets 3–5
// grids and each village 4–7, contiguous, as many as its households
// suggest at about 400 a grid, all of about the same area within a ring.
// Grids are coded like 330483100200-G01, named like 虹桥村第1网格 and marked
// Synthetic. The same villages always give the same grids. The villages
// are returned with Lat and Lng set to a point inside their area.
func Geography(villages []guanjia.Village) ([]guanjia.Village, []guanjia.Grid) {
	villages = slices.Clone(villages)
	regions := layout(villages)
	var cells []sector
	for i := range regions {
		regions[i].cells = regions[i].split()
		cells = append(cells, regions[i].cells...)
	}
	m := newMesh(cells)
	var grids []guanjia.Grid
	for _, r := range regions {
		v := &villages[r.village]
		c := r.sector.middle()
		v.Lat, v.Lng = c[1], c[0]
		grids = append(grids, r.grids(v, m)...)
	}
	return villages, grids
}

// region is the share of the town given to one village.
type region struct {
	sector
	village int // index into the villages
	n       int // number of grids
	seed    uint64
	cells   []sector
}

// layout gives each village a sector: communities share the centre,
// villages one or two rings around it, in the order given.
func layout(villages []guanjia.Village) []region {
	var communities, others []int
	for i, v := range villages {
		if v.Kind == "community" {
			communities = append(communities, i)
		} else {
			others = append(others, i)
		}
	}
	var rings [][]int
	if len(communities) > 0 {
		rings = append(rings, communities)
	}
	if k := len(others) * 2 / 5; len(others) > 8 {
		rings = append(rings, others[:k], others[k:])
	} else if len(others) > 0 {
		rings = append(rings, others)
	}
	levels := ringLevels(len(communities) > 0, len(rings))
	var regions []region
	for r, members := range rings {
		regions = append(regions, ring(villages, members, levels[r], levels[r+1], 0.4+1.1*float64(r))...)
	}
	slices.SortFunc(regions, func(a, b region) int { return a.village - b.village })
	return regions
}

// ringLevels returns the radial bounds of the rings: the old town out to
// 0.3 of the way to the edge, then the villages.
func ringLevels(communities bool, rings int) []float64 {
	levels, start := []float64{0}, 0.0
	if communities && rings > 1 {
		start, rings = 0.3, rings-1
		levels = append(levels, start)
	}
	if rings == 2 {
		levels = append(levels, start+(1-start)*0.46)
	}
	return append(levels, 1)
}

// ring divides the ring between s0 and s1 among the members, each an area
// in proportion to its number of grids, starting at angle offset.
func ring(villages []guanjia.Village, members []int, s0, s1, offset float64) []region {
	regions := make([]region, len(members))
	total := 0
	for i, vi := range members {
		regions[i] = region{village: vi, n: gridCount(villages[vi]), seed: hash(villages[vi].Code, "geography")}
		total += regions[i].n
	}
	whole := sector{norm(offset), norm(offset), s0, s1}
	bounds := make([]float64, len(members))
	for i, cum := 0, 0; i < len(members); i++ {
		bounds[i] = whole.cut(float64(cum) / float64(total))
		cum += regions[i].n
	}
	for i := range regions {
		regions[i].sector = sector{bounds[i], bounds[(i+1)%len(bounds)], s0, s1}
	}
	return regions
}

// gridCount is the number of grids a village gets.
func gridCount(v guanjia.Village) int {
	lo, hi := 4, 7
	if v.Kind == "community" {
		lo, hi = 3, 5
	}
	if v.Households <= 0 {
		return lo + int(hash(v.Code, "grids")%uint64(hi-lo+1))
	}
	return min(max(int(math.Round(float64(v.Households)/400)), lo), hi)
}

// split cuts the region into its grids: an inner band of n/2 and an outer
// band of the rest, each fanned out by angle. A full circle is only ever
// cut into one piece at the centre (a disc) or into two or more.
func (r region) split() []sector {
	rnd := rand.New(rand.NewPCG(r.seed, 1))
	k1 := r.n / 2
	mid := r.level(float64(k1)/float64(r.n)) + (rnd.Float64()-0.5)*0.06*(r.s1-r.s0)
	inner, outer := r.sector, r.sector
	inner.s1, outer.s0 = mid, mid
	return append(inner.fan(k1, rnd), outer.fan(r.n-k1, rnd)...)
}

// grids turns the region's cells into the village's grids.
func (r region) grids(v *guanjia.Village, m *mesh) []guanjia.Grid {
	rnd := rand.New(rand.NewPCG(r.seed, 2))
	base := 240.0
	if v.Households > 0 {
		base = float64(v.Households) / float64(r.n)
	}
	grids := make([]guanjia.Grid, len(r.cells))
	for i, c := range r.cells {
		geometry, err := geo.MarshalGeometry(orb.Polygon{m.ring(c)})
		if err != nil {
			panic(err) // a polygon of finite numbers always marshals
		}
		grids[i] = guanjia.Grid{
			Code:       fmt.Sprintf("%s-G%02d", v.Code, i+1),
			Name:       fmt.Sprintf("%s第%d网格", v.Name, i+1),
			Village:    v.Code,
			Households: min(max(int(base*(0.8+0.4*rnd.Float64())), 80), 400),
			Geometry:   geometry,
			Synthetic:  true,
		}
	}
	return grids
}

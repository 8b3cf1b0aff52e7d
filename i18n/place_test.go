package i18n

import (
	"testing"

	"github.com/guanjia/guanjia"
)

// TestPlaceText: a case's place text reads in each language, with the
// direction translated and each name in its language.
func TestPlaceText(t *testing.T) {
	pt := &guanjia.PlaceText{Key: guanjia.PlaceKeyOffsetIn, Args: []guanjia.PlaceArg{{N: 80}, {Word: "east"},
		{Zh: "西栅停车场", En: "Xizha car park"}, {Zh: "白莲塔村第3网格", En: "grid 3 of Bailianta Village"}}}
	if got, want := PlaceText(ZH, pt), "西栅停车场东 80 米，白莲塔村第3网格"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	if got, want := PlaceText(EN, pt), "80 m east of Xizha car park, grid 3 of Bailianta Village"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	grid := &guanjia.PlaceText{Key: guanjia.PlaceKeyIn, Args: []guanjia.PlaceArg{{Zh: "白莲塔村第3网格", En: "grid 3 of Bailianta Village"}}}
	if got := PlaceText(ZH, grid); got != "白莲塔村第3网格" {
		t.Errorf("grid alone, zh: %q", got)
	}
	if got := PlaceText(EN, nil); got != "" {
		t.Errorf("none: %q", got)
	}
	e := &guanjia.Error{Format: guanjia.LinePrefix + "A place needs a Chinese name (name_zh).", Args: []any{3}}
	if got := Sprintf(ZH, e.Format, e.Args...); got != "第 3 行：地点须有中文名称（name_zh）。" {
		t.Errorf("a row's error in Chinese: %q", got)
	}
}

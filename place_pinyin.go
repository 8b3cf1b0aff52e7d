package guanjia

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// maxReadings bounds how many readings of a name are kept: every
// combination of its heteronyms' readings, up to this many.
const maxReadings = 16

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Heteronym = true
	a.Style = pinyin.Normal
	return a
}()

// PlaceReadings spells a Chinese name in pinyin without tones, every
// reading of it: in full ("xizhatingchechang") and by initials ("xztcc"),
// several of each separated by spaces when characters have several
// readings (栅 is zha or shan: "xztcc xstcc"), the most common first.
// Letters and digits are kept, in lower case; anything else is dropped.
func PlaceReadings(name string) (full, initials string) {
	fulls, inits := []string{""}, []string{""}
	for _, r := range name {
		var readings []string
		if unicode.Is(unicode.Han, r) {
			readings = hanReadings(r)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			readings = []string{strings.ToLower(string(r))}
		}
		if len(readings) == 0 {
			continue
		}
		fulls = combine(fulls, readings, func(s string) string { return s })
		inits = combine(inits, readings, func(s string) string { return s[:1] })
	}
	return strings.Join(dedupe(fulls), " "), strings.Join(dedupe(inits), " ")
}

// hanReadings caches the distinct toneless readings of each Han character:
// the pinyin library finds them with regular expressions, and every reload
// of the reference data spells every area's name.
var hanReadings = func() func(rune) []string {
	var cache sync.Map // rune → []string, never modified
	return func(r rune) []string {
		if v, ok := cache.Load(r); ok {
			return v.([]string)
		}
		readings := dedupe(pinyin.SinglePinyin(r, pinyinArgs))
		cache.Store(r, readings)
		return readings
	}
}()

// combine appends each reading (through f) to each prefix, keeping at most
// maxReadings results, the first readings first.
func combine(prefixes, readings []string, f func(string) string) []string {
	var out []string
	for _, r := range readings {
		for _, p := range prefixes {
			if len(out) == maxReadings {
				return out
			}
			out = append(out, p+f(r))
		}
	}
	return out
}

func dedupe(list []string) []string {
	out := list[:0:0]
	for _, s := range list {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

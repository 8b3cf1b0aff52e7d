package open311

import (
	"strconv"
	"strings"
)

// Languages of responses: Chinese (the town's, the default) and English.
const (
	langZH = "zh"
	langEN = "en"
)

// normalizeLang maps a language tag such as "zh-CN", "zh_Hans" or "en-US"
// to langZH or langEN, or "" when it is neither.
func normalizeLang(tag string) string {
	base, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	base, _, _ = strings.Cut(base, "_")
	switch strings.ToLower(base) {
	case "zh":
		return langZH
	case "en":
		return langEN
	}
	return ""
}

// acceptLanguage picks Chinese or English from an Accept-Language header:
// the one with the higher quality, the earlier on a tie, Chinese when the
// header names neither.
func acceptLanguage(h string) string {
	best, bestQ := langZH, 0.0
	for part := range strings.SplitSeq(h, ",") {
		tag, q := parseLangRange(part)
		if l := normalizeLang(tag); l != "" && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// parseLangRange splits "en-US;q=0.8" into the tag and its quality.
func parseLangRange(s string) (string, float64) {
	tag, rest, _ := strings.Cut(s, ";")
	q := 1.0
	if v, ok := strings.CutPrefix(strings.TrimSpace(rest), "q="); ok {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || x < 0 || x > 1 {
			return tag, 0
		}
		q = x
	}
	return tag, q
}

// contentLanguage is the Content-Language of responses in lang.
func contentLanguage(lang string) string {
	if lang == langEN {
		return "en"
	}
	return "zh-CN"
}

// Package i18n picks the language of a request (Chinese or English) and
// translates Guanjia's messages. English format strings are the keys, so a
// message written in code is its own English translation.
package i18n

import (
	"fmt"
	"net/http"
	"reflect"

	"golang.org/x/text/language"
)

// Languages Guanjia speaks, as used in code and URLs.
const (
	ZH = "zh"
	EN = "en"
)

var matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// CookieName is the cookie that holds a person's explicit language choice.
const CookieName = "guanjia_lang"

// FromRequest returns the request's language: a `lang` query parameter, then
// the language cookie, then the browser's Accept-Language, then Chinese.
func FromRequest(r *http.Request) string {
	if l := Normalize(r.URL.Query().Get("lang")); l != "" {
		return l
	}
	if c, err := r.Cookie(CookieName); err == nil {
		if l := Normalize(c.Value); l != "" {
			return l
		}
	}
	return FromAcceptLanguage(r.Header.Get("Accept-Language"))
}

// FromAcceptLanguage matches an Accept-Language header; Chinese by default.
func FromAcceptLanguage(h string) string {
	if h == "" {
		return ZH
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return ZH
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return ZH
	}
	if i == 1 {
		return EN
	}
	return ZH
}

// Normalize maps a language code such as "zh-CN" or "en_US" to ZH or EN,
// or "" when it is neither.
func Normalize(s string) string {
	if s == "" || len(s) > 35 {
		return ""
	}
	t, err := language.Parse(s)
	if err != nil {
		return ""
	}
	base, _ := t.Base()
	switch base.String() {
	case "zh":
		return ZH
	case "en":
		return EN
	}
	return ""
}

// Sprintf formats an English format string in lang.
func Sprintf(lang, format string, args ...any) string {
	if lang == ZH {
		if zh, ok := zhMessages[format]; ok {
			format = zh
		}
		args = translateArgs(args)
	}
	return fmt.Sprintf(format, args...)
}

// T translates a fixed English string to lang.
func T(lang, s string) string {
	if lang == ZH {
		if zh, ok := zhMessages[s]; ok {
			return zh
		}
	}
	return s
}

// Has reports whether a Chinese translation exists for an English message.
func Has(s string) bool {
	_, ok := zhMessages[s]
	return ok
}

// translateArgs translates arguments that are names with a translation,
// such as statuses and actions; anything else is left as it is.
func translateArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
		if v := reflect.ValueOf(a); v.Kind() == reflect.String && v.Len() < 24 {
			if zh, ok := zhMessages[v.String()]; ok {
				out[i] = zh
			}
		}
	}
	return out
}

package httpapi

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/guanjia/guanjia"
)

// Text at the JSON edge. JSON cannot carry raw control characters, but
// its escapes can (\u0000); the decoded value is walked once, so that no
// handler need check its fields. A field is named by its JSON path.

// checkRequestText checks the path and query of a request (see
// guanjia.ValidText).
func checkRequestText(r *http.Request) error {
	if err := guanjia.CheckText("path", r.URL.Path); err != nil {
		return err
	}
	return guanjia.CheckValues(r.URL.Query())
}

// checkDecoded checks every string in v, a value JSON was decoded into.
func checkDecoded(v any) error {
	return checkValue("", reflect.ValueOf(v))
}

func checkValue(field string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		return guanjia.CheckText(field, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkValue(field, v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkValue(field, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := checkValue(field, it.Key()); err != nil {
				return err
			}
			if err := checkValue(join(field, it.Key().String()), it.Value()); err != nil {
				return err
			}
		}
	case reflect.Struct:
		return checkStruct(field, v)
	}
	return nil
}

// checkStruct checks the exported fields of a struct, named by their JSON
// names.
func checkStruct(field string, v reflect.Value) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if f.Anonymous && f.Tag.Get("json") == "" {
			name = "" // an embedded struct's fields are the outer one's
		}
		if err := checkValue(join(field, name), v.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

func join(field, name string) string {
	if field == "" || name == "" {
		return field + name
	}
	return field + "." + name
}

package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	texttemplate "text/template"
	"text/template/parse"
)

// Each page holds the layout's templates, its own, and those of the
// partials that it calls, directly or through another partial: not every
// partial. html/template escapes a page's templates in place, so each page
// needs its own copy of every template it holds, and every partial copied
// into all 71 pages in both languages made 51 of the 58 MB that the parsed
// pages kept. The files are parsed once, with their functions checked, and
// each page takes copies of the trees it needs.

// layoutFile is every page's.
const layoutFile = "templates/layout.html"

// pageSources are the parsed template files: the layout's and the
// partials' templates by name, and each page's own by file.
type pageSources struct {
	shared map[string]*parse.Tree
	pages  map[string]map[string]*parse.Tree
}

// parseSources parses the layout, the partials and the pages, checking
// their functions against funcs.
func parseSources(fsys fs.FS, pages []string, funcs template.FuncMap) (*pageSources, error) {
	partials, err := fs.Glob(fsys, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	src := &pageSources{pages: map[string]map[string]*parse.Tree{}}
	if src.shared, err = parseTrees(fsys, funcs, append([]string{layoutFile}, partials...)...); err != nil {
		return nil, err
	}
	for _, p := range pages {
		if src.pages[p], err = parseTrees(fsys, funcs, p); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// parseTrees returns the templates defined in files, by name.
func parseTrees(fsys fs.FS, funcs template.FuncMap, files ...string) (map[string]*parse.Tree, error) {
	t, err := texttemplate.New("").Funcs(texttemplate.FuncMap(funcs)).ParseFS(fsys, files...)
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	files = slices.Clone(files)
	for i, f := range files {
		files[i] = path.Base(f) // the template of a file's text outside its defines, which no page uses
	}
	out := map[string]*parse.Tree{}
	for _, d := range t.Templates() {
		if d.Tree != nil && d.Name() != "" && !slices.Contains(files, d.Name()) {
			out[d.Name()] = d.Tree
		}
	}
	return out, nil
}

// page returns page file's templates, with funcs: copies of the trees of
// the page, the layout, and the partials they call.
func (src *pageSources) page(name, file string, funcs template.FuncMap) (*template.Template, error) {
	own := src.pages[file]
	need := map[string]*parse.Tree{}
	var todo []string
	for n, tr := range own {
		need[n] = tr
		todo = called(tr.Root, todo)
	}
	for n, tr := range src.shared {
		if n == "layout" {
			need[n] = tr
			todo = called(tr.Root, todo)
		}
	}
	for len(todo) > 0 {
		n := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if _, ok := need[n]; ok {
			continue
		}
		if tr, ok := src.shared[n]; ok {
			need[n] = tr
			todo = called(tr.Root, todo)
		}
	}
	t := template.New(name).Funcs(funcs)
	for _, n := range slices.Sorted(maps.Keys(need)) {
		if _, err := t.AddParseTree(n, need[n].Copy()); err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
	}
	return t, nil
}

// called appends to out the names of the templates that n calls.
func called(n parse.Node, out []string) []string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return out
		}
		for _, c := range n.Nodes {
			out = called(c, out)
		}
	case *parse.TemplateNode:
		out = append(out, n.Name)
	case *parse.IfNode:
		out = called(n.ElseList, called(n.List, out))
	case *parse.RangeNode:
		out = called(n.ElseList, called(n.List, out))
	case *parse.WithNode:
		out = called(n.ElseList, called(n.List, out))
	}
	return out
}

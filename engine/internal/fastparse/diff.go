package fastparse

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"sort"
	"text/template/parse"
)

// Diff compares two sets of trees, got (from Parse) and want (from
// parse.Parse), and describes the first difference, or returns "" when
// they are the same: the same names; for each tree its Name, ParseName,
// Mode and source text; for each node its type and every exported field
// (positions and lines included), and the location and context
// Tree.ErrorContext gives for it, each node asked through its own tree.
// It is the check of the package's tests and of the engine's corpus test.
func Diff(got, want map[string]*parse.Tree) string {
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for name := range got {
		if want[name] == nil {
			return fmt.Sprintf("extra tree %q", name)
		}
	}
	for _, name := range names {
		g, w := got[name], want[name]
		if g == nil {
			return fmt.Sprintf("missing tree %q", name)
		}
		if g.Name != w.Name || g.ParseName != w.ParseName || g.Mode != w.Mode {
			return fmt.Sprintf("tree %q: name %q/%q parse name %q/%q mode %d/%d",
				name, g.Name, w.Name, g.ParseName, w.ParseName, g.Mode, w.Mode)
		}
		if treeText(g) != treeText(w) {
			return fmt.Sprintf("tree %q: different text", name)
		}
		d := &differ{gt: g, wt: w}
		if msg := d.value("Root", reflect.ValueOf(g.Root), reflect.ValueOf(w.Root)); msg != "" {
			return fmt.Sprintf("tree %q: %s", name, msg)
		}
	}
	return ""
}

type differ struct {
	gt, wt *parse.Tree
}

var nodeType = reflect.TypeFor[parse.Node]()

func (d *differ) value(path string, g, w reflect.Value) string {
	if g.Type() != w.Type() {
		return fmt.Sprintf("%s: type %v, want %v", path, g.Type(), w.Type())
	}
	switch g.Kind() {
	case reflect.Interface, reflect.Pointer:
		if g.IsNil() || w.IsNil() {
			if g.IsNil() != w.IsNil() {
				return fmt.Sprintf("%s: nil %v, want nil %v", path, g.IsNil(), w.IsNil())
			}
			return ""
		}
		if g.Kind() == reflect.Interface {
			return d.value(path, g.Elem(), w.Elem())
		}
		if g.Type().Implements(nodeType) && g.Type() != reflect.TypeFor[*parse.ListNode]() {
			gl, gc := d.gt.ErrorContext(g.Interface().(parse.Node))
			wl, wc := d.wt.ErrorContext(w.Interface().(parse.Node))
			if gl != wl || gc != wc {
				return fmt.Sprintf("%s: error context %s %q, want %s %q", path, gl, gc, wl, wc)
			}
		}
		return d.value(path, g.Elem(), w.Elem())
	case reflect.Struct:
		for i := range g.NumField() {
			f := g.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if msg := d.value(path+"."+f.Name, g.Field(i), w.Field(i)); msg != "" {
				return msg
			}
		}
		return ""
	case reflect.Slice:
		if g.IsNil() != w.IsNil() || g.Len() != w.Len() {
			return fmt.Sprintf("%s: length %d (nil %v), want %d (nil %v)", path, g.Len(), g.IsNil(), w.Len(), w.IsNil())
		}
		if g.Type().Elem().Kind() == reflect.Uint8 {
			if !bytes.Equal(g.Bytes(), w.Bytes()) {
				return fmt.Sprintf("%s: %q, want %q", path, g.Bytes(), w.Bytes())
			}
			return ""
		}
		for i := range g.Len() {
			if msg := d.value(fmt.Sprintf("%s[%d]", path, i), g.Index(i), w.Index(i)); msg != "" {
				return msg
			}
		}
		return ""
	case reflect.Float64:
		if math.Float64bits(g.Float()) != math.Float64bits(w.Float()) {
			return fmt.Sprintf("%s: %v, want %v", path, g, w)
		}
		return ""
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Complex128:
		if !g.Equal(w) {
			return fmt.Sprintf("%s: %v, want %v", path, g, w)
		}
		return ""
	}
	return fmt.Sprintf("%s: cannot compare kind %v", path, g.Kind())
}

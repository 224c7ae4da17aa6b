package unittest

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// An Assertion is one entry of a test's asserts.
type Assertion struct {
	// Type is the assertion's keyword, e.g. "equal" or "notExists".
	Type string
	// Not inverts the assertion.
	Not bool
	// Template limits the assertion to one template.
	Template string
	// DocumentIndex selects one document of each template; -1 for all.
	DocumentIndex    int
	DocumentSelector *DocumentSelector

	v             validator
	antonym       bool
	renderSuccess bool // the assertion needs the render to succeed
}

// validator checks one assertion on the selected documents.
type validator interface {
	validate(c *vctx) (bool, []string)
}

// vctx is what a validator sees.
type vctx struct {
	docs      []*document // all documents of the template
	selected  []*document // after documentIndex and documentSelector
	negative  bool
	failFast  bool
	renderErr error
	snap      func(v any, match, notMatch string) snapResult
	paths     map[string]*Path
}

type kind struct {
	make          func() validator
	antonym       bool
	renderSuccess bool
}

var kinds = map[string]kind{
	"matchSnapshot":     {func() validator { return &snapshotV{} }, false, true},
	"matchSnapshotRaw":  {func() validator { return &snapshotRawV{} }, false, true},
	"equal":             {func() validator { return &equalV{} }, false, true},
	"notEqual":          {func() validator { return &equalV{} }, true, true},
	"greaterOrEqual":    {func() validator { return &operatorV{cmp: "greater"} }, false, true},
	"notGreaterOrEqual": {func() validator { return &operatorV{cmp: "greater"} }, true, true},
	"lessOrEqual":       {func() validator { return &operatorV{cmp: "less"} }, false, true},
	"notLessOrEqual":    {func() validator { return &operatorV{cmp: "less"} }, true, true},
	"equalRaw":          {func() validator { return &equalRawV{} }, false, true},
	"notEqualRaw":       {func() validator { return &equalRawV{} }, true, true},
	"exists":            {func() validator { return &existsV{} }, false, true},
	"notExists":         {func() validator { return &existsV{} }, true, true},
	"matchRegex":        {func() validator { return &regexV{} }, false, true},
	"notMatchRegex":     {func() validator { return &regexV{} }, true, true},
	"matchRegexRaw":     {func() validator { return &regexRawV{} }, false, true},
	"notMatchRegexRaw":  {func() validator { return &regexRawV{} }, true, true},
	"contains":          {func() validator { return &containsV{} }, false, true},
	"notContains":       {func() validator { return &containsV{} }, true, true},
	"isKind":            {func() validator { return &fieldV{field: "kind", what: " to be kind"} }, false, true},
	"isAPIVersion":      {func() validator { return &fieldV{field: "apiVersion", what: " to be apiVersion"} }, false, true},
	"hasDocuments":      {func() validator { return &hasDocsV{} }, false, true},
	"isSubset":          {func() validator { return &subsetV{} }, false, true},
	"isNotSubset":       {func() validator { return &subsetV{} }, true, true},
	"isNullOrEmpty":     {func() validator { return &emptyV{} }, false, true},
	"isNotNullOrEmpty":  {func() validator { return &emptyV{} }, true, true},
	"failedTemplate":    {func() validator { return &failedV{} }, false, false},
	"notFailedTemplate": {func() validator { return &failedV{} }, true, true},
	"containsDocument":  {func() validator { return &containsDocV{} }, false, true},
	"lengthEqual":       {func() validator { return &lengthV{} }, false, true},
	"notLengthEqual":    {func() validator { return &lengthV{} }, true, true},
	"isNull":            {func() validator { return &existsV{} }, true, true},
	"isNotNull":         {func() validator { return &existsV{} }, false, true},
	"isEmpty":           {func() validator { return &emptyV{} }, false, true},
	"isNotEmpty":        {func() validator { return &emptyV{} }, true, true},
	"isType":            {func() validator { return &typeV{} }, false, true},
	"isNotType":         {func() validator { return &typeV{} }, true, true},
}

// AssertionTypes returns the assertion keywords the runner knows, sorted.
func AssertionTypes() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// UnmarshalYAML reads an assertion: one keyword with its parameters, and
// the optional not, template, documentIndex and documentSelector.
func (a *Assertion) UnmarshalYAML(n *yaml.Node) error {
	var def map[string]any
	if err := n.Decode(&def); err != nil {
		return err
	}
	a.DocumentIndex = -1
	if i, ok := def["documentIndex"].(int); ok {
		a.DocumentIndex = i
	}
	if b, ok := def["not"].(bool); ok {
		a.Not = b
	}
	if s, ok := def["template"].(string); ok {
		a.Template = s
	}
	if ds, ok := def["documentSelector"].(map[string]any); ok {
		s, err := newDocumentSelector(ds)
		if err != nil {
			return err
		}
		a.DocumentSelector = s
	}
	names := make([]string, 0, len(def))
	for k := range def {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		k, ok := kinds[name]
		if !ok {
			continue
		}
		if a.v != nil {
			return fmt.Errorf("assertion type `%s` and `%s` is declared duplicately", a.Type, name)
		}
		v := k.make()
		if err := decodeParams(def[name], v); err != nil {
			return err
		}
		a.Type, a.v, a.antonym, a.renderSuccess = name, v, k.antonym, k.renderSuccess
	}
	if a.v == nil {
		for _, name := range names {
			if name != "template" && name != "documentIndex" && name != "not" {
				return fmt.Errorf("Assertion type `%s` is invalid", name)
			}
		}
		return errors.New("no assertion type defined")
	}
	return nil
}

func newDocumentSelector(m map[string]any) (*DocumentSelector, error) {
	p, ok := m["path"].(string)
	if !ok {
		return nil, errors.New("empty 'documentSelector.path' not supported")
	}
	return &DocumentSelector{Path: p, Value: m["value"], MatchMany: m["matchMany"] == true, SkipEmptyTemplates: m["skipEmptyTemplates"] == true}, nil
}

// params reads an assertion's parameter map; keys match field names
// without regard to case, as helm-unittest's decoder matches them.
type params map[string]any

func (p params) get(name string) (any, bool) {
	for k, v := range p {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func (p params) str(name string, dst *string) error   { return param(p, name, "string", dst) }
func (p params) boolean(name string, dst *bool) error { return param(p, name, "bool", dst) }

// param sets *dst to the parameter name when it is present and not null;
// typ is the type's name in the decoder's message when it has another type.
func param[T any](p params, name, typ string, dst *T) error {
	v, ok := p.get(name)
	if !ok || v == nil {
		return nil
	}
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("'%s' expected type '%s', got unconvertible type '%T', value: '%v'", fieldName(name), typ, v, v)
	}
	*dst = t
	return nil
}

// fieldName is a parameter's name in helm-unittest's decoding errors: the
// name of the Go field its validator decodes it into.
func fieldName(param string) string {
	if param == "apiVersion" {
		return "APIVersion"
	}
	return strings.ToUpper(param[:1]) + param[1:]
}

func (p params) integer(name string, dst **int) error {
	v, ok := p.get(name)
	if !ok || v == nil {
		return nil
	}
	var n int
	switch x := v.(type) {
	case int:
		n = x
	case float64:
		n = int(x)
	default:
		return fmt.Errorf("'%s' expected type 'int', got unconvertible type '%T', value: '%v'", fieldName(name), v, v)
	}
	*dst = &n
	return nil
}

func decodeParams(raw any, v validator) error {
	var p params
	switch x := raw.(type) {
	case nil:
		p = params{}
	case map[string]any:
		p = x
	default:
		return fmt.Errorf("1 error(s) decoding:\n\n* '' expected a map, got '%s'", reflect.TypeOf(raw).Kind())
	}
	var errs []string
	add := func(err error) {
		if err != nil {
			errs = append(errs, "* "+err.Error())
		}
	}
	switch x := v.(type) {
	case *equalV:
		add(p.str("path", &x.path))
		x.value, _ = p.get("value")
		add(p.boolean("decodeBase64", &x.base64))
	case *operatorV:
		add(p.str("path", &x.path))
		x.value, _ = p.get("value")
	case *equalRawV:
		add(p.str("value", &x.value))
	case *existsV:
		add(p.str("path", &x.path))
	case *regexV:
		add(p.str("path", &x.path))
		add(p.str("pattern", &x.pattern))
		add(p.boolean("decodeBase64", &x.base64))
	case *regexRawV:
		add(p.str("pattern", &x.pattern))
	case *containsV:
		add(p.str("path", &x.path))
		x.content, _ = p.get("content")
		add(p.integer("count", &x.count))
		add(p.boolean("any", &x.any))
	case *fieldV:
		add(p.str("of", &x.of))
	case *hasDocsV:
		var c *int
		add(p.integer("count", &c))
		if c != nil {
			x.count = *c
		}
		add(p.boolean("filterAware", &x.filterAware))
	case *subsetV:
		add(p.str("path", &x.path))
		x.content, _ = p.get("content")
	case *emptyV:
		add(p.str("path", &x.path))
	case *failedV:
		add(p.str("errorMessage", &x.message))
		add(p.str("errorPattern", &x.pattern))
	case *containsDocV:
		add(p.str("kind", &x.kind))
		add(p.str("apiVersion", &x.apiVersion))
		add(p.str("name", &x.name))
		add(p.str("namespace", &x.namespace))
		add(p.boolean("any", &x.any))
	case *lengthV:
		add(p.str("path", &x.path))
		if ps, ok := p.get("paths"); ok {
			if l, ok := ps.([]any); ok {
				for _, e := range l {
					if s, ok := e.(string); ok {
						x.paths = append(x.paths, s)
					}
				}
			}
		}
		add(p.integer("count", &x.count))
	case *typeV:
		add(p.str("path", &x.path))
		add(p.str("type", &x.typ))
	case *snapshotV:
		add(p.str("path", &x.path))
		for _, f := range []struct {
			name string
			dst  *string
		}{{"matchRegex", &x.match}, {"notMatchRegex", &x.notMatch}} {
			if m, ok := p.get(f.name); ok {
				if mm, ok := m.(map[string]any); ok {
					add(params(mm).str("pattern", f.dst))
				}
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d error(s) decoding:\n\n%s", len(errs), strings.Join(errs, "\n"))
	}
	return nil
}

// success combines the verdicts of a list as helm-unittest does: the first
// sets it, later ones can only clear it.
func success(i int, acc, v bool) bool {
	if i == 0 {
		return v
	}
	return acc && v
}

// eachValue is the common shape of the path-based validators: for every
// selected document, look the path up and judge each value.
func eachValue(c *vctx, path string, noManifest func() []string, unknownFmt string,
	judge func(v any, doc, idx int) (bool, []string)) (bool, []string) {
	ok := false
	var msgs []string
	for di, d := range c.selected {
		vals, err := d.valuesAt(path, c.paths)
		var dok bool
		var dmsgs []string
		switch {
		case err != nil:
			dok, dmsgs = false, info(errorFormat, di, -1, err.Error())
		case len(vals) == 0 && !c.negative:
			dok, dmsgs = false, info(errorFormat, di, -1, fmt.Sprintf(unknownFmt, path))
		default:
			dok = len(vals) == 0 && c.negative
			for vi, v := range vals {
				vok, vm := judge(v, di, vi)
				dmsgs = append(dmsgs, vm...)
				dok = success(vi, dok, vok)
				if !vok && c.failFast {
					break
				}
			}
		}
		msgs = append(msgs, dmsgs...)
		ok = success(di, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	if len(c.selected) == 0 {
		if c.negative {
			ok = true
		} else if noManifest != nil {
			msgs = append(msgs, noManifest()...)
		}
	}
	return ok, msgs
}

type equalV struct {
	path   string
	value  any
	base64 bool
}

func (v *equalV) fail(actual any, di, vi int, not bool) []string {
	exp := toYAML(v.value)
	if not {
		return info(failFormat(true, true, false, false, " to equal"), di, vi, v.path, exp)
	}
	act := toYAML(actual)
	return info(failFormat(false, true, true, true, " to equal"), di, vi, v.path, exp, act, unifiedDiff(exp, act))
}

func (v *equalV) validate(c *vctx) (bool, []string) {
	return eachValue(c, v.path, func() []string { return v.fail("no manifest found", -1, -1, c.negative) }, "unknown path %s",
		func(actual any, di, vi int) (bool, []string) {
			if s, ok := actual.(string); ok {
				if v.base64 {
					dec, err := base64.StdEncoding.DecodeString(s)
					if err != nil {
						return false, info(errorFormat, di, vi, fmt.Sprintf("unable to decode base64 expected content %s", s))
					}
					s = string(dec)
				}
				actual = uniform(s)
			} else {
				actual = uniformDeep(actual)
			}
			if reflect.DeepEqual(v.value, actual) == c.negative {
				return false, v.fail(actual, di, vi, c.negative)
			}
			return true, nil
		})
}

type operatorV struct {
	path  string
	value any
	cmp   string // "greater" or "less"
}

func (v *operatorV) fail(msg string, di, vi int, not bool) []string {
	return info(failFormat(not, true, false, false, fmt.Sprintf(" to be %s then or equal to, got", v.cmp)), di, vi, v.path, msg)
}

func (v *operatorV) validate(c *vctx) (bool, []string) {
	ok := false
	var msgs []string
	for di, d := range c.selected {
		dok, dm := v.doc(c, d, di)
		msgs = append(msgs, dm...)
		ok = success(di, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	if len(c.selected) == 0 {
		if c.negative {
			return true, msgs
		}
		msgs = append(msgs, v.fail("no manifests found", -1, -1, false)...)
	}
	return ok, msgs
}

func (v *operatorV) doc(c *vctx, d *document, di int) (bool, []string) {
	vals, err := d.valuesAt(v.path, c.paths)
	if err != nil {
		return false, info(errorFormat, di, -1, err.Error())
	}
	if len(vals) == 0 && !c.negative {
		return false, info(errorFormat, di, -1, fmt.Sprintf("unknown path '%s'", v.path))
	}
	ok := len(vals) == 0 && c.negative
	var msgs []string
	for vi, actual := range vals {
		at, et := reflect.TypeOf(actual), reflect.TypeOf(v.value)
		if at != et {
			// reported, but this value leaves the verdict as it was
			msgs = append(msgs, info(errorFormat, di, vi, fmt.Sprintf("actual '%s' and expected '%s' types do not match", at, et))...)
			continue
		}
		vok, vm := v.compare(actual, c.negative, di, vi)
		msgs = append(msgs, vm...)
		ok = success(vi, ok, vok)
		if !ok && c.failFast {
			break
		}
	}
	return ok, msgs
}

func (v *operatorV) compare(actual any, negative bool, di, vi int) (bool, []string) {
	neg := !negative
	var ge, le bool
	switch e := v.value.(type) {
	case string:
		a := actual.(string)
		ge, le = a >= e, a <= e
	case int:
		a := actual.(int)
		ge, le = a >= e, a <= e
	case float64:
		a := actual.(float64)
		ge, le = a >= e, a <= e
	default:
		return false, v.fail(fmt.Sprintf("unsupported type '%T'", v.value), di, vi, negative)
	}
	// helm-unittest's expression, operator precedence included.
	if (v.cmp == "greater" && ge) || ((v.cmp == "less" && le) == neg) {
		return true, nil
	}
	return false, v.fail(fmt.Sprintf("the actual '%v' is not %s or equal to the expected '%v'", actual, v.cmp, v.value), di, vi, negative)
}

type equalRawV struct{ value string }

func (v *equalRawV) fail(actual any, not bool) []string {
	exp := toYAML(v.value)
	if not {
		return info(failFormat(true, false, false, false, " to equal"), -1, -1, exp)
	}
	act := toYAML(actual)
	return info(failFormat(false, false, true, true, " to equal"), -1, -1, exp, act, unifiedDiff(exp, act))
}

func (v *equalRawV) validate(c *vctx) (bool, []string) {
	ok := false
	var msgs []string
	for i, d := range c.selected {
		actual := uniform(d.m[rawKey])
		if (v.value == actual) == c.negative {
			ok = false
			msgs = append(msgs, v.fail(actual, c.negative)...)
			if c.failFast {
				break
			}
			continue
		}
		ok = success(i, ok, true)
	}
	return emptyRule(c, ok, msgs, func() []string { return v.fail("no manifest found", c.negative) })
}

// emptyRule applies the rule shared by most validators when no document is
// selected: a failure, unless negated.
func emptyRule(c *vctx, ok bool, msgs []string, fail func() []string) (bool, []string) {
	if len(c.selected) == 0 {
		if c.negative {
			return true, msgs
		}
		return ok, append(msgs, fail()...)
	}
	return ok, msgs
}

type existsV struct{ path string }

func (v *existsV) fail(di int, not bool) []string {
	f := "Path:%s expected to "
	if not {
		f += "NOT "
	}
	return info(f+"exists", di, -1, v.path)
}

func (v *existsV) validate(c *vctx) (bool, []string) {
	ok := false
	var msgs []string
	for i, d := range c.selected {
		vals, err := d.valuesAt(v.path, c.paths)
		if err != nil {
			ok = false
			msgs = append(msgs, info(errorFormat, i, -1, err.Error())...)
			if c.failFast {
				break
			}
			continue
		}
		if (len(vals) > 0) == c.negative {
			ok = false
			msgs = append(msgs, v.fail(i, c.negative)...)
			continue
		}
		ok = success(i, ok, true)
	}
	return emptyRule(c, ok, msgs, func() []string { return v.fail(-1, c.negative) })
}

type regexV struct {
	path, pattern string
	base64        bool
}

func (v *regexV) fail(actual string, di, vi int, not bool) []string {
	return info(failFormat(not, true, true, false, " to match"), di, vi, v.path, v.pattern, actual)
}

func (v *regexV) validate(c *vctx) (bool, []string) {
	if v.pattern == "" {
		return false, info(errorFormat, -1, -1, "expected field 'pattern' to be filled")
	}
	re, rerr := regexp.Compile(v.pattern)
	ok := false
	var msgs []string
	for di, d := range c.selected {
		vals, err := d.valuesAt(v.path, c.paths)
		var dok bool
		var dm []string
		switch {
		case err != nil:
			dm = info(errorFormat, di, -1, err.Error())
		case rerr != nil:
			dm = info(errorFormat, -1, -1, rerr.Error())
		case len(vals) == 0 && !c.negative:
			dm = info(errorFormat, di, -1, fmt.Sprintf("unknown path %s", v.path))
		default:
			dok = len(vals) == 0 && c.negative
			for vi, a := range vals {
				vok, vm := v.one(re, a, di, vi, c.negative)
				dm = append(dm, vm...)
				dok = success(vi, dok, vok)
				if !dok && c.failFast {
					break
				}
			}
		}
		msgs = append(msgs, dm...)
		ok = success(di, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	return emptyRule(c, ok, msgs, func() []string { return v.fail("no manifest found", -1, -1, c.negative) })
}

func (v *regexV) one(re *regexp.Regexp, a any, di, vi int, negative bool) (bool, []string) {
	s, isStr := a.(string)
	if !isStr {
		return false, info(errorFormat, di, vi, fmt.Sprintf("expect '%s' to be a string, got:\n%s", v.path, toYAML(a)))
	}
	if v.base64 {
		dec, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return false, info(errorFormat, di, vi, fmt.Sprintf("unable to decode base64 expected content %s", s))
		}
		s = string(dec)
	}
	if re.MatchString(s) == negative {
		return false, v.fail(s, di, vi, negative)
	}
	return true, nil
}

type regexRawV struct{ pattern string }

func (v *regexRawV) fail(actual string, not bool) []string {
	return info(failFormat(not, false, true, false, " to match"), -1, -1, v.pattern, actual)
}

func (v *regexRawV) validate(c *vctx) (bool, []string) {
	if v.pattern == "" {
		return false, info(errorFormat, -1, -1, "expected field 'pattern' to be filled")
	}
	ok := false
	var msgs []string
	for i, d := range c.selected {
		actual := uniform(d.m[rawKey])
		re, err := regexp.Compile(v.pattern)
		if err != nil {
			return false, info(errorFormat, -1, -1, err.Error())
		}
		if re.MatchString(actual) == c.negative {
			ok = false
			msgs = append(msgs, v.fail(actual, c.negative)...)
			if c.failFast {
				break
			}
			continue
		}
		ok = success(i, ok, true)
	}
	return emptyRule(c, ok, msgs, func() []string { return v.fail("no manifest found", c.negative) })
}

type containsV struct {
	path    string
	content any
	count   *int
	any     bool
}

func (v *containsV) fail(actual any, di, vi int, not bool) []string {
	return info(failFormat(not, true, true, false, " to contain"), di, vi, v.path, toYAML([]any{v.content}), toYAML(actual))
}

func (v *containsV) validate(c *vctx) (bool, []string) {
	ok := false
	var msgs []string
	for di, d := range c.selected {
		dok, dm := v.doc(c, d, di)
		msgs = append(msgs, dm...)
		ok = success(di, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	return emptyRule(c, ok, msgs, func() []string { return v.fail("no manifest found", 0, -1, c.negative) })
}

func (v *containsV) doc(c *vctx, d *document, di int) (bool, []string) {
	vals, err := d.valuesAt(v.path, c.paths)
	if err != nil {
		return false, info(errorFormat, di, -1, err.Error())
	}
	if len(vals) == 0 && !c.negative {
		return false, info(errorFormat, di, -1, fmt.Sprintf("unknown path %s", v.path))
	}
	ok := len(vals) == 0 && c.negative
	var msgs []string
	for vi, a := range vals {
		list, isList := a.([]any)
		var vok bool
		var vm []string
		if !isList {
			vm = info(errorFormat, di, vi, fmt.Sprintf("expect '%s' to be an array, got:\n%s", v.path, toYAML(a)))
		} else {
			vok, vm = v.one(list, di, vi, c.negative)
		}
		msgs = append(msgs, vm...)
		ok = success(vi, ok, vok)
		if !ok && c.failFast {
			break
		}
	}
	return ok, msgs
}

func (v *containsV) one(list []any, di, vi int, negative bool) (bool, []string) {
	found, n := false, 0
	for _, e := range list {
		isArray, sub := false, false
		if v.any {
			em, ok1 := e.(map[string]any)
			cm, ok2 := v.content.(map[string]any)
			if ok1 && ok2 {
				sub = isSubset(em, cm)
			} else {
				isArray = true
			}
		}
		if sub {
			found = true
			n++
		}
		if (!v.any || isArray) && reflect.DeepEqual(e, v.content) {
			found = true
			n++
		}
	}
	if v.count == nil {
		if found == negative {
			return false, v.fail(list, di, vi, negative)
		}
		return true, nil
	}
	if (found && *v.count == n) == negative {
		if !found {
			return false, v.fail(list, di, vi, negative)
		}
		return false, info(errorFormat, di, vi, fmt.Sprintf("expect count %d in '%s' to be in array, got %d:\n%s", *v.count, v.path, n, toYAML(list)))
	}
	return true, nil
}

func isSubset(actual, content map[string]any) bool {
	for k := range content {
		if !reflect.DeepEqual(actual[k], content[k]) {
			return false
		}
	}
	return true
}

// fieldV is isKind and isAPIVersion.
type fieldV struct {
	field, what, of string
}

func (v *fieldV) fail(actual any, di int, not bool) []string {
	if not {
		return info(failFormat(true, false, false, false, v.what), di, -1, v.of)
	}
	return info(failFormat(false, false, true, false, v.what), di, -1, v.of, toYAML(actual))
}

func (v *fieldV) validate(c *vctx) (bool, []string) {
	ok := false
	var msgs []string
	for i, d := range c.selected {
		s, isStr := d.m[v.field].(string)
		if (isStr && s == v.of) == c.negative {
			ok = false
			msgs = append(msgs, v.fail(d.m[v.field], i, c.negative)...)
			if c.failFast {
				break
			}
			continue
		}
		ok = success(i, ok, true)
	}
	return emptyRule(c, ok, msgs, func() []string { return v.fail("no manifest found", -1, c.negative) })
}

type hasDocsV struct {
	count       int
	filterAware bool
}

func (v *hasDocsV) validate(c *vctx) (bool, []string) {
	n := len(c.docs)
	if v.filterAware {
		n = len(c.selected)
	}
	if (n == v.count) != c.negative {
		return true, nil
	}
	exp, act := strconv.Itoa(v.count), strconv.Itoa(n)
	if c.negative {
		return false, info(failFormat(true, false, false, false, " documents count to be"), -1, -1, exp)
	}
	return false, info(failFormat(false, false, true, false, " documents count to be"), -1, -1, exp, act)
}

type subsetV struct {
	path    string
	content any
}

func (v *subsetV) fail(actual any, di, vi int, not bool) []string {
	return info(failFormat(not, true, true, false, " to contain"), di, vi, v.path, toYAML(v.content), toYAML(actual))
}

func (v *subsetV) validate(c *vctx) (bool, []string) {
	return eachValue(c, v.path, func() []string { return v.fail("no manifest found", -1, -1, c.negative) }, "unknown path %s",
		func(a any, di, vi int) (bool, []string) {
			am, ok1 := a.(map[string]any)
			cm, ok2 := v.content.(map[string]any)
			if !ok1 || !ok2 {
				return false, info(errorFormat, di, vi, fmt.Sprintf("expect '%s' to be an object, got:\n%s", v.path, toYAML(a)))
			}
			found := isSubset(am, cm)
			if found == c.negative {
				return false, v.fail(a, di, vi, c.negative)
			}
			return true, nil
		})
}

type emptyV struct{ path string }

func (v *emptyV) fail(actual any, di, vi int, not bool) []string {
	return info(failFormat(not, true, false, false, " to be null or empty, got"), di, vi, v.path, toYAML(actual))
}

func (v *emptyV) validate(c *vctx) (bool, []string) {
	return eachValue(c, v.path, func() []string { return v.fail("no manifest found", -1, -1, c.negative) }, "unknown path %s",
		func(a any, di, vi int) (bool, []string) {
			if isEmptyValue(a) == c.negative {
				return false, v.fail(a, di, vi, c.negative)
			}
			return true, nil
		})
}

func isEmptyValue(a any) bool {
	rv := reflect.ValueOf(a)
	switch rv.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Array, reflect.Map, reflect.Slice:
		return rv.Len() == 0
	}
	return reflect.DeepEqual(a, reflect.Zero(rv.Type()).Interface())
}

type failedV struct{ message, pattern string }

func (v *failedV) fail(actual any, not bool) []string {
	what, msg := " to equal", v.message
	if v.pattern != "" {
		what = " to match"
	}
	if msg == "" {
		msg = v.pattern
	}
	if not {
		return info(failFormat(true, false, false, false, what), -1, -1, msg)
	}
	return info(failFormat(false, false, true, false, what), -1, -1, msg, fmt.Sprintf("%s", actual))
}

var patternMeta = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`.*[\\.+*?()|[\]{}^$].*`) })

func (v *failedV) validate(c *vctx) (bool, []string) {
	if v.message != "" && v.pattern != "" {
		return false, info(errorFormat, -1, -1, "single attribute 'errorMessage' or 'errorPattern' supported at the same time")
	}
	if c.renderErr != nil {
		switch {
		case v.pattern != "":
			return v.matchPattern(c.renderErr.Error(), c.negative)
		case v.message != "":
			return v.matchMessage(c.renderErr.Error(), c.negative)
		}
		return true, nil
	}
	ok := true
	var msgs []string
	for i, d := range c.selected {
		if v.message == "" && v.pattern == "" && !c.negative {
			continue
		}
		actual, _ := d.m[rawKey].(string)
		_, has := d.m[rawKey]
		var dok bool
		var dm []string
		switch {
		case v.pattern != "":
			if has {
				dok, dm = v.matchPattern(actual, c.negative)
			} else {
				dok = true
			}
		case v.message != "":
			dok, dm = v.matchMessageAny(d.m[rawKey], c.negative)
		default:
			dok = true
		}
		msgs = append(msgs, dm...)
		ok = success(i, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	if len(c.selected) == 0 && !c.negative {
		return false, append(msgs, v.fail("No failed document", c.negative)...)
	}
	return ok, msgs
}

func (v *failedV) matchPattern(actual string, negative bool) (bool, []string) {
	re, err := regexp.Compile(v.pattern)
	if err != nil {
		re, err = regexp.Compile(regexp.QuoteMeta(v.pattern))
		if err != nil {
			return false, info(errorFormat, -1, -1, err.Error())
		}
	}
	if re.MatchString(actual) == negative {
		if patternMeta().MatchString(v.pattern) {
			lit := regexp.MustCompile(regexp.QuoteMeta(v.pattern))
			if lit.MatchString(actual) == negative {
				return false, v.fail(actual, negative)
			}
			return true, nil
		}
		return false, v.fail(actual, negative)
	}
	return true, nil
}

func (v *failedV) matchMessage(actual string, negative bool) (bool, []string) {
	return v.matchMessageAny(actual, negative)
}

func (v *failedV) matchMessageAny(actual any, negative bool) (bool, []string) {
	s, isStr := actual.(string)
	if (isStr && s == v.message) == negative {
		return false, v.fail(actual, negative)
	}
	return true, nil
}

type containsDocV struct {
	kind, apiVersion, name, namespace string
	any                               bool
}

func (v *containsDocV) fail(di int, not bool) []string {
	parts := []string{fmt.Sprintf("Kind = %s, apiVersion = %s", v.kind, v.apiVersion)}
	if v.name != "" {
		parts = append(parts, "Name = "+v.name)
	}
	if v.namespace != "" {
		parts = append(parts, "Namespace = "+v.namespace)
	}
	return info(failFormat(not, false, false, false, " to contain document"), di, -1, strings.Join(parts, ", "))
}

// matches reports whether a document is the one looked for; a document
// without a kind or apiVersion matches any.
func (v *containsDocV) matches(c *vctx, d *document) bool {
	if k, ok := d.m["kind"].(string); ok && k != v.kind {
		return false
	}
	if a, ok := d.m["apiVersion"].(string); ok && a != v.apiVersion {
		return false
	}
	for _, f := range []struct{ want, path string }{{v.name, "metadata.name"}, {v.namespace, "metadata.namespace"}} {
		if f.want == "" {
			continue
		}
		vals, err := d.valuesAt(f.path, c.paths)
		if err != nil || len(vals) == 0 || vals[0] != any(f.want) {
			return false
		}
	}
	return true
}

func (v *containsDocV) validate(c *vctx) (bool, []string) {
	ok := false
	var msgs []string
	for i, d := range c.selected {
		m := v.matches(c, d)
		if m == c.negative {
			m = false
			msgs = append(msgs, v.fail(i, c.negative)...)
			if c.failFast {
				ok = false
				break
			}
		} else {
			m = true
			if v.any != c.negative {
				return true, []string{}
			}
		}
		ok = success(i, ok, m)
	}
	if len(c.selected) == 0 {
		if c.negative {
			return true, msgs
		}
		msgs = append(msgs, v.fail(0, false)...)
	}
	return ok, msgs
}

type lengthV struct {
	path  string
	paths []string
	count *int
}

func (v *lengthV) fail(path, count, actual string, di int, not bool) []string {
	return info(failFormat(not, true, true, false, " to match count"), di, -1, path, count, actual)
}

// counts checks one path of one document: the length of each list found
// there against count, when given. It returns the last length seen.
func (v *lengthV) counts(c *vctx, d *document, path string, di int) (bool, []string, int) {
	vals, err := d.valuesAt(path, c.paths)
	if err != nil {
		return false, info(errorFormat, di, -1, err.Error()), 0
	}
	ok := len(vals) == 0 && c.negative
	var msgs []string
	n := 0
	for vi, a := range vals {
		list, isList := a.([]any)
		if !isList && v.count == nil {
			msgs = append(msgs, info(errorFormat, di, vi, fmt.Sprintf("%s is not array", path))...)
			continue
		}
		n = len(list)
		vok := false
		if v.count != nil && ((n == *v.count) == c.negative) {
			msgs = append(msgs, v.fail(path, strconv.Itoa(*v.count), strconv.Itoa(n), di, c.negative)...)
		} else {
			vok = true
		}
		ok = success(vi, ok, vok)
		if !ok && c.failFast {
			break
		}
	}
	return ok, msgs, n
}

func (v *lengthV) validate(c *vctx) (bool, []string) {
	if v.path != "" && (v.count == nil || *v.count < 0) {
		return false, info(errorFormat, -1, -1, "'count' field must be set if 'path' is used")
	}
	if v.path != "" && len(v.paths) > 0 {
		return false, info(errorFormat, -1, -1, "'paths' couldn't be used with 'path'")
	}
	ok := false
	var msgs []string
	for di, d := range c.selected {
		var dok bool
		var dm []string
		if v.path != "" {
			dok, dm, _ = v.counts(c, d, v.path, di)
		} else {
			dok, dm = v.multi(c, d, di)
		}
		msgs = append(msgs, dm...)
		ok = success(di, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	if len(c.selected) == 0 {
		if c.negative {
			return true, msgs
		}
		msgs = append(msgs, v.fail("", "", "no manifest found", -1, false)...)
	}
	return ok, msgs
}

// multi checks that every path holds a list of the same length.
func (v *lengthV) multi(c *vctx, d *document, di int) (bool, []string) {
	var msgs []string
	lengths := map[string]int{}
	all := true
	for _, p := range v.paths {
		ok, m, n := v.counts(c, d, p, di)
		lengths[p] = n
		if !ok {
			msgs = append(msgs, m...)
			all = false
		}
	}
	if !all {
		return false, msgs
	}
	names := make([]string, 0, len(lengths))
	for p := range lengths {
		names = append(names, p)
	}
	sort.Strings(names)
	first := -1
	for _, p := range names {
		n := lengths[p]
		if first == -1 {
			first = n
		} else if (first == n) == c.negative {
			return false, append(msgs, v.fail(p, "-1", strconv.Itoa(n), di, c.negative)...)
		}
	}
	if first == -1 {
		return false, msgs
	}
	return true, msgs
}

type typeV struct{ path, typ string }

func (v *typeV) fail(actual string, di, vi int, not bool) []string {
	return info(failFormat(not, true, true, false, " to be of type"), di, vi, v.path, v.typ, actual)
}

func (v *typeV) validate(c *vctx) (bool, []string) {
	return eachValue(c, v.path, func() []string { return v.fail("no manifest found", -1, -1, c.negative) }, "unknown path %s",
		func(a any, di, vi int) (bool, []string) {
			got := ""
			if rt := reflect.TypeOf(a); rt != nil {
				got = rt.String()
			}
			if (got == v.typ) == c.negative {
				return false, v.fail(got, di, vi, c.negative)
			}
			return true, nil
		})
}

type snapResult struct {
	passed         bool
	index          int
	cached, actual string
	msg            string
	err            error
}

type snapshotV struct{ path, match, notMatch string }

func (v *snapshotV) fail(r snapResult, di, vi int, not bool) []string {
	if r.msg != "" {
		return info(failFormat(not, false, false, false, r.msg), di, vi, r.cached)
	}
	show := unifiedDiff(r.cached, r.actual)
	if not {
		show = r.cached
	}
	return info(failFormat(not, true, false, false, " to match snapshot "+strconv.Itoa(r.index)), di, vi, v.path, show)
}

func (v *snapshotV) validate(c *vctx) (bool, []string) {
	ok := len(c.selected) == 0 && !c.negative
	var msgs []string
	for di, d := range c.selected {
		vals, err := d.valuesAt(v.path, c.paths)
		var dok bool
		var dm []string
		switch {
		case err != nil:
			dm = info(errorFormat, di, -1, err.Error())
		case len(vals) == 0 && !c.negative:
			dm = info(errorFormat, di, -1, fmt.Sprintf("unknown path %s", v.path))
		default:
			dok = len(vals) == 0 && c.negative
			for vi, a := range vals {
				r := c.snap(a, v.match, v.notMatch)
				if r.err != nil {
					return false, info(errorFormat, di, vi, "<nil>")
				}
				vok := r.passed != c.negative
				if !vok {
					dm = append(dm, v.fail(r, di, vi, c.negative)...)
				}
				dok = success(vi, dok, vok)
				if !dok && c.failFast {
					break
				}
			}
		}
		msgs = append(msgs, dm...)
		ok = success(di, ok, dok)
		if !ok && c.failFast {
			break
		}
	}
	return ok, msgs
}

type snapshotRawV struct{}

func (v *snapshotRawV) validate(c *vctx) (bool, []string) {
	ok := len(c.selected) == 0 && !c.negative
	var msgs []string
	for i, d := range c.selected {
		r := c.snap(uniform(d.m[rawKey]), "", "")
		vok := r.passed != c.negative
		if !vok {
			show := unifiedDiff(r.cached, r.actual)
			if c.negative {
				show = r.cached
			}
			msgs = append(msgs, info(failFormat(c.negative, false, false, false, " to match snapshot "+strconv.Itoa(r.index)), -1, -1, show)...)
		}
		ok = success(i, ok, vok)
		if !ok && c.failFast {
			break
		}
	}
	return ok, msgs
}

package schema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// fastVerdict compiles schemaJSON with v and returns the compiled schema
// and whether the fast path finds vals valid.
func fastVerdict(t testing.TB, v *Validator, schemaJSON []byte, vals map[string]any) (*Schema, bool) {
	t.Helper()
	s, err := v.Compile(schemaJSON)
	if err != nil {
		return nil, false
	}
	if s.fast == nil {
		return s, false
	}
	// A schema the fast path compiled must compile with the underlying
	// compiler too: Compile's verdict must not change.
	if err := s.slowPath(); err != nil {
		t.Fatalf("fast path compiled a schema the underlying compiler rejects: %v\nschema: %.400s", err, schemaJSON)
	}
	return s, s.fast.valid(context.Background(), vals, s)
}

// checkSound fails when the fast path says valid and the full path does
// not. It returns the fast verdict.
func checkSound(t testing.TB, v *Validator, schemaJSON []byte, vals map[string]any, what string) bool {
	t.Helper()
	s, fast := fastVerdict(t, v, schemaJSON, vals)
	if s == nil || !fast {
		return false
	}
	if err := s.validateSlow(context.Background(), vals); err != nil {
		j, _ := json.Marshal(vals)
		t.Fatalf("%s: fast path says valid, full path says:\n%v\nschema: %.600s\nvalues: %.600s", what, err, schemaJSON, j)
	}
	// The walk counts at least the work the estimate counts and the
	// steps the underlying validation took.
	_, work, steps := s.fast.run(context.Background(), vals, s)
	p, err := prepare(vals, s.maxDepth)
	if err != nil {
		t.Fatal(err)
	}
	est, _ := estimate(context.Background(), s.sch, p.v, 1<<50)
	if work < est || steps < s.budget.used {
		t.Fatalf("%s: the walk counted work %d and %d steps, the estimate %d and the validation %d steps\nschema: %.600s", what, work, steps, est, s.budget.used, schemaJSON)
	}
	return true
}

func TestFastNumbers(t *testing.T) {
	for _, tc := range []struct {
		value  any
		kw     string
		want   int
		unsure bool
	}{
		{1.0, "1", 0, false},
		{int64(1), "1.0", 0, false},
		{1.5, "1.5", 0, false},
		{1.5, "1.50", 0, false},
		{0.1, "0.1", 0, false},
		{0.1, "0.1000000000000000055511151231257827", 0, true}, // the float's exact value: not 0.1
		{0.1, "0.10000000000000001", 0, true},
		{0.30000000000000004, "0.3", 1, false},
		{-1.0, "0", -1, false},
		{1e300, "1e300", 0, false},
		{math.MaxInt64, "9223372036854775807", 0, false},
		{int64(9007199254740993), "9007199254740992", 1, false},
		{float64(9007199254740994), "9007199254740993", 1, false},
		{int64(9007199254740993), "9007199254740992.5", 0, true},
		{2.0, "1e0", 1, false},
	} {
		var num fastNum
		switch x := tc.value.(type) {
		case float64:
			num = floatNum(x)
		case int64:
			num = intNum(x)
		case int:
			num = intNum(int64(x))
		}
		kw, ok := schemaNum(json.Number(tc.kw))
		if !ok {
			t.Fatalf("schemaNum(%s) failed", tc.kw)
		}
		got, sure := cmpNum(num, kw)
		if sure == tc.unsure || (sure && got != tc.want) {
			t.Errorf("cmpNum(%v, %s) = %d, %v; want %d, sure %v", tc.value, tc.kw, got, sure, tc.want, !tc.unsure)
		}
	}
}

// TestFastPathCases checks schemas and values where the fast path must
// answer (so that it is really used) and where it must not.
func TestFastPathCases(t *testing.T) {
	for _, tc := range []struct {
		name, schema, values string
		compiles             bool // the fast path compiles the schema
		valid                bool // and finds the values valid
	}{
		{"empty", `{}`, `{"a":1}`, true, true},
		{"types", `{"properties":{"a":{"type":"integer"},"b":{"type":["string","null"]}}}`, `{"a":2,"b":null}`, true, true},
		{"integer float", `{"properties":{"a":{"type":"integer"}}}`, `{"a":2.5}`, true, false},
		{"required", `{"required":["a"]}`, `{}`, true, false},
		{"required ok", `{"required":["a"]}`, `{"a":{}}`, true, true},
		{"ref", `{"definitions":{"p":{"type":"integer","minimum":1,"maximum":65535}},"properties":{"port":{"$ref":"#/definitions/p"}}}`, `{"port":8080}`, true, true},
		{"ref out of range", `{"definitions":{"p":{"type":"integer","minimum":1,"maximum":65535}},"properties":{"port":{"$ref":"#/definitions/p"}}}`, `{"port":0}`, true, false},
		{"ref siblings ignored in draft 7", `{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"a":{}},"properties":{"x":{"$ref":"#/definitions/a","type":"string"}}}`, `{"x":1}`, true, true},
		{"ref siblings apply in 2020", `{"$defs":{"a":{}},"properties":{"x":{"$ref":"#/$defs/a","type":"string"}}}`, `{"x":1}`, true, false},
		{"additionalProperties", `{"properties":{"a":{}},"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}`, `{"a":1,"x-b":"s"}`, true, true},
		{"additionalProperties rejects", `{"properties":{"a":{}},"additionalProperties":false}`, `{"b":1}`, true, false},
		{"anyOf", `{"properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}`, `{"a":3}`, true, true},
		{"oneOf both", `{"properties":{"a":{"oneOf":[{"type":"number"},{"type":"integer"}]}}}`, `{"a":3}`, true, false},
		{"not", `{"properties":{"a":{"not":{"type":"string"}}}}`, `{"a":3}`, true, true},
		{"if then", `{"if":{"properties":{"k":{"const":"x"}}},"then":{"required":["y"]},"else":{"required":["z"]}}`, `{"k":"w","z":1}`, true, true},
		{"if then fails", `{"if":{"properties":{"k":{"const":"x"}}},"then":{"required":["y"]}}`, `{"k":"x"}`, true, false},
		{"enum", `{"properties":{"p":{"enum":["Always","IfNotPresent",1]}}}`, `{"p":"Always"}`, true, true},
		{"enum number", `{"properties":{"p":{"enum":["a",1]}}}`, `{"p":1.0}`, true, true},
		{"pattern", `{"properties":{"n":{"type":"string","pattern":"^[a-z]+$","maxLength":5}}}`, `{"n":"abc"}`, true, true},
		{"pattern fails", `{"properties":{"n":{"pattern":"^[a-z]+$"}}}`, `{"n":"ABC"}`, true, false},
		{"format draft 7", `{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"e":{"format":"email"}}}`, `{"e":"a@b.c"}`, true, true},
		{"format draft 7 fails", `{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"e":{"format":"email"}}}`, `{"e":"nope"}`, true, false},
		{"format 2020 annotation", `{"properties":{"e":{"format":"email"}}}`, `{"e":"nope"}`, true, true},
		{"items", `{"properties":{"l":{"type":"array","items":{"type":"string"},"minItems":1,"uniqueItems":true}}}`, `{"l":["a","b"]}`, true, true},
		{"unique fails", `{"properties":{"l":{"uniqueItems":true}}}`, `{"l":[1,1.0]}`, true, false},
		{"dependencies", `{"$schema":"http://json-schema.org/draft-07/schema#","dependencies":{"a":["b"],"c":{"required":["d"]}}}`, `{"a":1,"b":2,"c":3,"d":4}`, true, true},
		{"draft 4 exclusive", `{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"n":{"minimum":1,"exclusiveMinimum":true}}}`, `{"n":1}`, true, false},
		{"draft 4 exclusive ok", `{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"n":{"minimum":1,"exclusiveMinimum":true}}}`, `{"n":2}`, true, true},
		{"recursive ref", `{"properties":{"t":{"$ref":"#/definitions/node"}},"definitions":{"node":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/definitions/node"}}}}}}`, `{"t":{"kids":[{"kids":[]}]}}`, true, true},
		// Left to the underlying validator.
		{"ref cycle", `{"$ref":"#"}`, `{}`, false, false},
		{"allOf cycle", `{"definitions":{"a":{"allOf":[{"$ref":"#/definitions/a"}]}},"properties":{"x":{"$ref":"#/definitions/a"}}}`, `{}`, false, false},
		{"remote ref", `{"$ref":"other.json"}`, `{}`, false, false},
		{"anchor ref", `{"$defs":{"a":{"$anchor":"a"}},"$ref":"#a"}`, `{}`, false, false},
		{"unknown schema", `{"$schema":"http://example.com/s"}`, `{}`, false, false},
		{"bad pattern", `{"pattern":"("}`, `{}`, false, false},
		{"bad type", `{"type":"int"}`, `{}`, false, false},
		{"missing ref", `{"$ref":"#/definitions/none"}`, `{}`, false, false},
		{"unevaluated", `{"unevaluatedProperties":false}`, `{}`, false, false},
		{"const in draft 4", `{"$schema":"http://json-schema.org/draft-04/schema#","const":1}`, `{}`, false, false},
		{"duplicate required", `{"required":["a","a"]}`, `{"a":1}`, false, false},
		{"draft 4 boolean schema", `{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":true}}`, `{}`, false, false},
		{"root id", `{"$id":"http://x/y.json","definitions":{"a":{"type":"string"}},"properties":{"p":{"$ref":"#/definitions/a"}}}`, `{"p":"s"}`, true, true},
		{"nested id", `{"properties":{"p":{"$id":"http://x/y.json"}}}`, `{}`, false, false},
		{"multipleOf float", `{"properties":{"a":{"multipleOf":0.5}}}`, `{"a":1.5}`, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v Validator
			vals := parseValues(t, tc.values)
			s, fast := fastVerdict(t, &v, []byte(tc.schema), vals)
			if s == nil {
				if tc.compiles {
					t.Fatalf("schema does not compile")
				}
				return
			}
			if (s.fast != nil) != tc.compiles {
				t.Fatalf("fast path compiled: %v, want %v", s.fast != nil, tc.compiles)
			}
			if fast != tc.valid {
				t.Errorf("fast verdict %v, want %v", fast, tc.valid)
			}
			checkSound(t, &v, []byte(tc.schema), vals, tc.name)
			// Through the public API, the verdict is the full path's.
			if err := s.Validate(vals); tc.valid && err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// TestFastPathRootIDs checks that the root $ids the fast path accepts
// compile with the underlying compiler and keep local references working.
func TestFastPathRootIDs(t *testing.T) {
	for _, id := range []string{"", "#", "values.schema.json", "x/y.json", "../a.json", ".", "..", "/", "//host/p", "urn:x", "urn:x:y#",
		"file:///values.schema.json", "file:///x/../values.schema.json", "http://example.com/s.json#", "http://json-schema.org/draft-07/schema#",
		":x", "//a:b", "//a:1", "http://a:b:c/", "a:b:c", "x:", "http://[::1]/", "a b", "#frag", "x#y"} {
		for _, draft := range []string{"", "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#"} {
			idKey := "$id"
			if strings.Contains(draft, "draft-04") {
				idKey = "id"
			}
			doc := map[string]any{idKey: id,
				"definitions": map[string]any{"a": map[string]any{"type": "string"}},
				"properties":  map[string]any{"p": map[string]any{"$ref": "#/definitions/a"}, "q": map[string]any{"$ref": "#"}}}
			if draft != "" {
				doc["$schema"] = draft
			}
			data, _ := json.Marshal(doc)
			var v Validator
			for _, vals := range []string{`{"p":"s","q":{"p":"t"}}`, `{"p":1}`, `{"q":{"p":1}}`} {
				checkSound(t, &v, data, parseValues(t, vals), string(data))
			}
			s, fast := fastVerdict(t, &v, data, parseValues(t, `{"p":"s","q":{"p":"t"}}`))
			if !fast && s != nil && s.fast != nil {
				t.Errorf("%s: not valid on the fast path", data)
			}
		}
	}
}

// TestFastPathOracleCases runs the fast path on every oracle case: it may
// only say valid where Helm (and the full path) accept the values.
func TestFastPathOracleCases(t *testing.T) {
	var v Validator
	fast := 0
	for _, tc := range oracleCases {
		vals := parseValues(t, tc.values)
		if checkSound(t, &v, []byte(tc.schema), vals, tc.name) {
			fast++
			if tc.want != "" {
				t.Errorf("%s: fast path says valid, Helm says:\n%s", tc.name, tc.want)
			}
		}
	}
	t.Logf("%d of %d oracle cases took the fast path", fast, len(oracleCases))
}

// corpusSchemas returns the values.schema.json files of the corpus (charts
// and their vendored subcharts).
func corpusSchemas(t *testing.T) []string {
	root := corpusDir(t)
	var schemas []string
	filepath.WalkDir(filepath.Dir(root), func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "values.schema.json" {
			schemas = append(schemas, path)
		}
		return nil
	})
	if len(schemas) == 0 {
		t.Skip("no schemas in the corpus")
	}
	sort.Strings(schemas)
	return schemas
}

// TestFastPathCorpus is the differential test: every corpus schema with
// the chart's values and many mutations of them (types changed, keys
// removed and added, numbers out of range, strings that break patterns,
// values set at the properties the schema declares). Whenever the fast
// path says valid, the full path must return nil.
func TestFastPathCorpus(t *testing.T) {
	schemas := corpusSchemas(t)
	var v Validator
	total, fastValid, fastSchemas, slowValid := 0, 0, 0, 0
	perSchema := 150
	if testing.Short() {
		perSchema = 100
	}
	for _, path := range schemas {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(filepath.Dir(corpusDir(t)), path)
		vals := loadYAMLValues(t, filepath.Join(filepath.Dir(path), "values.yaml"))
		s, err := v.Compile(data)
		if err != nil {
			t.Logf("%s: does not compile: %v", name, err)
			continue
		}
		if s.fast != nil {
			fastSchemas++
		} else {
			t.Logf("%s: not compiled for the fast path", name)
		}
		doc, _ := decodeJSON(data)
		cases := mutations(vals, doc, perSchema, rand.New(rand.NewSource(int64(len(data)))))
		f := 0
		for i, m := range cases {
			total++
			if checkSound(t, &v, data, m, fmt.Sprintf("%s case %d", name, i)) {
				f++
				slowValid++
			} else if s.validateSlow(context.Background(), m) == nil {
				slowValid++
			}
		}
		fastValid += f
		// The defaults must take the fast path where the schema does.
		if s.fast != nil && !s.fast.valid(context.Background(), vals, s) {
			t.Errorf("%s: the chart's default values do not take the fast path", name)
		}
		t.Logf("%s: %d of %d cases valid on the fast path", name, f, len(cases))
	}
	t.Logf("%d of %d schemas compiled for the fast path; of %d validations, %d are valid, %d of them said so on the fast path", fastSchemas, len(schemas), total, slowValid, fastValid)
}

// mutations returns vals and up to n mutated copies of it.
func mutations(vals map[string]any, schemaDoc any, n int, r *rand.Rand) []map[string]any {
	out := []map[string]any{vals}
	var paths [][]string
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		if len(path) > 0 {
			paths = append(paths, slices.Clone(path))
		}
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(e, append(path, k))
			}
		case []any:
			for i, e := range x {
				walk(e, append(path, fmt.Sprint(i)))
			}
		}
	}
	walk(vals, nil)
	// Paths the schema declares (following properties only).
	var declared [][]string
	var samples []any
	var walkSchema func(s any, path []string, depth int)
	walkSchema = func(s any, path []string, depth int) {
		m, ok := s.(map[string]any)
		if !ok || depth > 8 {
			return
		}
		if e, ok := m["enum"].([]any); ok {
			samples = append(samples, e...)
		}
		if d, ok := m["default"]; ok {
			samples = append(samples, d)
		}
		props, _ := m["properties"].(map[string]any)
		for k, sub := range props {
			p := append(slices.Clone(path), k)
			declared = append(declared, p)
			walkSchema(sub, p, depth+1)
		}
	}
	walkSchema(schemaDoc, nil, 0)
	for i := range samples {
		samples[i] = jsonValue(samples[i])
	}
	sort.Slice(paths, func(i, j int) bool { return strings.Join(paths[i], "/") < strings.Join(paths[j], "/") })
	sort.Slice(declared, func(i, j int) bool { return strings.Join(declared[i], "/") < strings.Join(declared[j], "/") })
	replacements := []any{
		"x", "", "UPPER case!", strings.Repeat("a", 300), "1.2.3", "a@b.c", "http://x/y",
		0.0, 1.0, -1.0, 0.5, 65536.0, 1e9, int64(3), int64(-7),
		true, false, nil, map[string]any{}, []any{}, []any{"a", "a"}, []any{1.0},
		map[string]any{"enabled": true}, map[string]any{"zzUnknown": 1.0},
	}
	for len(out) <= n && (len(paths) > 0 || len(declared) > 0) {
		m := deepCopy(vals).(map[string]any)
		switch op := r.Intn(6); {
		case op <= 1 && len(paths) > 0: // replace an existing value
			p := paths[r.Intn(len(paths))]
			setPath(m, p, pick(r, replacements, samples))
		case op == 2 && len(paths) > 0: // remove a key
			deletePath(m, paths[r.Intn(len(paths))])
		case op == 3 && len(paths) > 0: // add an unknown key to a map
			p := paths[r.Intn(len(paths))]
			setPath(m, append(slices.Clone(p), "zzUnknown"), "u")
		case len(declared) > 0: // set a declared property
			setPath(m, declared[r.Intn(len(declared))], pick(r, replacements, samples))
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

func pick(r *rand.Rand, replacements, samples []any) any {
	if len(samples) > 0 && r.Intn(3) == 0 {
		return deepCopy(samples[r.Intn(len(samples))])
	}
	return deepCopy(replacements[r.Intn(len(replacements))])
}

// jsonValue converts a schema value (json.Number) to the values' model.
func jsonValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	}
	return v
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	}
	return v
}

// setPath sets the value at path, creating maps on the way; it does
// nothing where the path crosses a scalar.
func setPath(m map[string]any, path []string, v any) {
	var cur any = m
	for i, k := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[k] = v
				return
			}
			next, ok := c[k]
			if _, isMap := next.(map[string]any); !ok || (!isMap && !isList(next)) {
				next = map[string]any{}
				c[k] = next
			}
			cur = next
		case []any:
			var idx int
			if _, err := fmt.Sscan(k, &idx); err != nil || idx < 0 || idx >= len(c) {
				return
			}
			if last {
				c[idx] = v
				return
			}
			cur = c[idx]
		default:
			return
		}
	}
}

func isList(v any) bool { _, ok := v.([]any); return ok }

func deletePath(m map[string]any, path []string) {
	parent, ok := lookup(m, path[:len(path)-1])
	if !ok {
		return
	}
	if pm, ok := parent.(map[string]any); ok {
		delete(pm, path[len(path)-1])
	}
}

// FuzzFastPath feeds schema documents and values to both paths: the fast
// path must not panic, must compile only schemas the underlying compiler
// accepts, and may say valid only where the full path returns nil.
func FuzzFastPath(f *testing.F) {
	for _, tc := range oracleCases {
		f.Add([]byte(tc.schema), []byte(tc.values))
	}
	f.Add([]byte(`{"properties":{"a":{"type":"integer","minimum":1}},"required":["a"]}`), []byte(`{"a":1}`))
	f.Add([]byte(`{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"n":{"maximum":1,"exclusiveMaximum":true}}}`), []byte(`{"n":0.9999999999999999}`))
	f.Add([]byte(`{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"a":{"$ref":"#/definitions/b","type":"string"},"b":{"enum":[1,"x",null]}},"properties":{"p":{"$ref":"#/definitions/a"}}}`), []byte(`{"p":1.0}`))
	f.Add([]byte(`{"properties":{"l":{"uniqueItems":true,"items":{"oneOf":[{"type":"number"},{"const":{"a":1}}]}}}}`), []byte(`{"l":[1,{"a":1}]}`))
	f.Add([]byte(`{"if":{"required":["a"]},"then":{"properties":{"b":{"not":{"type":"null"}}}},"else":false}`), []byte(`{"a":1,"b":2}`))
	// Generated schemas and values (see TestFastPathRandom) as seeds.
	r := rand.New(rand.NewSource(2))
	for range 40 {
		g := &schemaGen{r: r, draft: []string{"", "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#"}[r.Intn(3)]}
		doc := g.schema(0).(map[string]any)
		doc["definitions"] = map[string]any{"d0": g.schema(1), "d1": g.schema(1)}
		if g.draft != "" {
			doc["$schema"] = g.draft
		}
		schemaJSON, _ := json.Marshal(doc)
		valuesJSON, _ := json.Marshal(map[string]any{"a": g.value(1), "b": g.value(1)})
		f.Add(schemaJSON, valuesJSON)
	}
	f.Fuzz(func(t *testing.T, schemaJSON, valuesJSON []byte) {
		var vals map[string]any
		if json.Unmarshal(valuesJSON, &vals) != nil {
			vals = map[string]any{"v": string(valuesJSON)}
		}
		v := Validator{MaxSteps: 20_000, MaxSchemaSize: 1 << 16, MaxWork: 1 << 22}
		checkSound(t, &v, schemaJSON, vals, "fuzz")
		// The same with integers as int64, as --set gives them.
		checkSound(t, &v, schemaJSON, intValues(vals).(map[string]any), "fuzz int64")
	})
}

// intValues converts integral float64 values to int64.
func intValues(v any) any {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			return int64(x)
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = intValues(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = intValues(e)
		}
		return out
	}
	return v
}

// TestFastPathAllocs checks that a successful fast validation allocates
// nothing, on the largest schema of the corpus with its chart's values.
func TestFastPathAllocs(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "bitnami-airflow", "charts", "redis")
	data, err := os.ReadFile(filepath.Join(dir, "values.schema.json"))
	if err != nil {
		t.Skip(err)
	}
	vals := loadYAMLValues(t, filepath.Join(dir, "values.yaml"))
	var v Validator
	s, err := v.Compile(data)
	if err != nil || s.fast == nil {
		t.Fatalf("not compiled for the fast path: %v", err)
	}
	ctx := context.Background()
	if allocs := testing.AllocsPerRun(20, func() {
		if !s.fast.valid(ctx, vals, s) {
			t.Fatal("defaults not valid on the fast path")
		}
	}); allocs != 0 {
		t.Errorf("%v allocations per validation, want 0", allocs)
	}
}

// TestFastPathRandom is a generated differential test: random schemas made
// of the keywords the fast path supports (and a few it does not), in every
// draft, with random values; the fast path may say valid only where the
// full path returns nil.
func TestFastPathRandom(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	r := rand.New(rand.NewSource(1))
	drafts := []string{"", "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
		"http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/schema"}
	cases, compiled, fastValid, valid := 0, 0, 0, 0
	for i := 0; i < n; i++ {
		g := &schemaGen{r: r, draft: drafts[r.Intn(len(drafts))]}
		doc := g.schema(0).(map[string]any)
		doc["definitions"] = map[string]any{"d0": g.schema(1), "d1": g.schema(1)}
		if g.draft != "" {
			doc["$schema"] = g.draft
		}
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var v Validator
		s, err := v.Compile(data)
		if err != nil {
			continue
		}
		if s.fast != nil {
			compiled++
		}
		for j := 0; j < 20; j++ {
			vals, _ := g.value(0).(map[string]any)
			if vals == nil {
				vals = map[string]any{}
			}
			if j%2 == 1 {
				vals = intValues(vals).(map[string]any)
			}
			cases++
			if checkSound(t, &v, data, vals, "random") {
				fastValid++
				valid++
			} else if s.validateSlow(context.Background(), vals) == nil {
				valid++
			}
		}
	}
	t.Logf("%d of %d random schemas compiled for the fast path; of %d validations, %d are valid, %d of them said so on the fast path", compiled, n, cases, valid, fastValid)
	if fastValid == 0 {
		t.Error("the fast path never said valid")
	}
}

type schemaGen struct {
	r     *rand.Rand
	draft string
}

var (
	genNames    = []string{"a", "b", "c"}
	genTypes    = []string{"null", "boolean", "object", "array", "number", "string", "integer"}
	genNumbers  = []any{0.0, 1.0, -1.0, 1.5, 2.0, 0.1, 0.30000000000000004, 1e300, 3.0, 10.0, 0.5, -0.0}
	genStrings  = []string{"", "a", "ab", "abc", "A1", "é", "1.2.3", "a@b.c", "2024-01-02", "http://x/y", "::1", "x y"}
	genPatterns = []string{"^a", "b$", "^[a-z]*$", "\\d", ".", "^(a|b)+$"}
	genFormats  = []string{"email", "ipv4", "ipv6", "date", "uri", "hostname", "uuid", "regex", "semver", "duration", "unknown", "ip-address"}
)

func (g *schemaGen) number() any { return genNumbers[g.r.Intn(len(genNumbers))] }

func (g *schemaGen) schema(depth int) any {
	r := g.r
	if depth > 0 && r.Intn(8) == 0 && !strings.Contains(g.draft, "draft-04") {
		return r.Intn(3) > 0
	}
	m := map[string]any{}
	k := r.Intn(4)
	if depth > 3 {
		k = r.Intn(2)
	}
	for i := 0; i < k; i++ {
		switch r.Intn(30) {
		case 0, 1:
			m["type"] = genTypes[r.Intn(len(genTypes))]
		case 2:
			m["type"] = []any{genTypes[r.Intn(4)], genTypes[4+r.Intn(3)]}
		case 3:
			m["enum"] = []any{g.value(3), g.value(3)}
		case 4:
			m["const"] = g.value(2)
		case 5:
			m["minimum"] = g.number()
		case 6:
			m["maximum"] = g.number()
		case 7:
			if strings.Contains(g.draft, "draft-04") {
				m["minimum"] = g.number()
				m["exclusiveMinimum"] = r.Intn(2) == 0
			} else {
				m["exclusiveMaximum"] = g.number()
			}
		case 8:
			m["multipleOf"] = []any{1.0, 2.0, 0.5, 3.0}[r.Intn(4)]
		case 9:
			m["minLength"], m["maxLength"] = r.Intn(3), 1+r.Intn(3)
		case 10:
			m["pattern"] = genPatterns[r.Intn(len(genPatterns))]
		case 11:
			m["format"] = genFormats[r.Intn(len(genFormats))]
		case 12, 13, 14:
			props := map[string]any{}
			for _, name := range genNames[:1+r.Intn(3)] {
				props[name] = g.schema(depth + 1)
			}
			m["properties"] = props
		case 15:
			m["required"] = []any{genNames[r.Intn(3)]}
		case 16:
			if r.Intn(2) == 0 {
				m["additionalProperties"] = r.Intn(2) == 0
			} else {
				m["additionalProperties"] = g.schema(depth + 1)
			}
		case 17:
			m["patternProperties"] = map[string]any{genPatterns[r.Intn(len(genPatterns))]: g.schema(depth + 1)}
		case 18:
			m["propertyNames"] = g.schema(depth + 1)
		case 19:
			if r.Intn(3) == 0 {
				m["items"] = []any{g.schema(depth + 1), g.schema(depth + 1)}
				m["additionalItems"] = g.schema(depth + 1)
			} else {
				m["items"] = g.schema(depth + 1)
			}
		case 20:
			m["minItems"], m["maxItems"] = r.Intn(2), 1+r.Intn(3)
		case 21:
			m["uniqueItems"] = true
		case 22:
			m["not"] = g.schema(depth + 1)
		case 23:
			m[[]string{"allOf", "anyOf", "oneOf"}[r.Intn(3)]] = []any{g.schema(depth + 1), g.schema(depth + 1)}
		case 24:
			m["if"], m["then"] = g.schema(depth+1), g.schema(depth+1)
			if r.Intn(2) == 0 {
				m["else"] = g.schema(depth + 1)
			}
		case 25:
			if r.Intn(2) == 0 {
				m["dependencies"] = map[string]any{genNames[r.Intn(3)]: []any{genNames[r.Intn(3)]}}
			} else {
				m["dependencies"] = map[string]any{genNames[r.Intn(3)]: g.schema(depth + 1)}
			}
		case 26, 27:
			m["$ref"] = []string{"#/definitions/d0", "#/definitions/d1", "#"}[r.Intn(3)]
		case 28:
			m["minProperties"], m["maxProperties"] = r.Intn(2), 1+r.Intn(3)
		case 29:
			m[[]string{"dependentRequired", "contains", "unevaluatedProperties", "title", "default"}[r.Intn(5)]] = map[string]any{}
		}
	}
	return m
}

func (g *schemaGen) value(depth int) any {
	r := g.r
	switch k := r.Intn(10); {
	case depth < 3 && k < 3:
		m := map[string]any{}
		for _, name := range genNames {
			if r.Intn(2) == 0 {
				m[name] = g.value(depth + 1)
			}
		}
		return m
	case depth < 3 && k < 4:
		var l []any
		for range r.Intn(4) {
			l = append(l, g.value(depth+1))
		}
		return l
	case k < 6:
		return g.number()
	case k < 8:
		return genStrings[r.Intn(len(genStrings))]
	case k < 9:
		return r.Intn(2) == 0
	}
	return nil
}

// BenchmarkCorpusSchema compiles and validates the largest corpus schema
// (airflow's redis subchart) with its chart's values, on the fast path and
// with the underlying validator alone.
func BenchmarkCorpusSchema(b *testing.B) {
	dir := filepath.Join(corpusDir(b), "bitnami-airflow", "charts", "redis")
	data, err := os.ReadFile(filepath.Join(dir, "values.schema.json"))
	if err != nil {
		b.Skip(err)
	}
	vals := loadYAMLValues(b, filepath.Join(dir, "values.yaml"))
	b.Run("Compile", func(b *testing.B) {
		for b.Loop() {
			var v Validator
			if _, err := v.Compile(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("CompileV5", func(b *testing.B) {
		for b.Loop() {
			var v Validator
			s, err := v.Compile(data)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.slowPath(); err != nil {
				b.Fatal(err)
			}
		}
	})
	var v Validator
	s, err := v.Compile(data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Validate", func(b *testing.B) {
		for b.Loop() {
			if err := s.Validate(vals); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ValidateV5", func(b *testing.B) {
		for b.Loop() {
			if err := s.validateSlow(context.Background(), vals); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestFastPathLimits checks that the fast path never says valid where a
// limit of the full path refuses the values, and gives up early itself.
func TestFastPathLimits(t *testing.T) {
	props := map[string]any{}
	vals := map[string]any{}
	for i := range 200 {
		name := fmt.Sprintf("p%d", i)
		props[name] = map[string]any{"type": "integer"}
		vals[name] = float64(i)
	}
	wide, _ := json.Marshal(map[string]any{"properties": props})
	patterns := map[string]any{}
	for i := range 300 {
		patterns[fmt.Sprintf("^q%d$", i)] = map[string]any{}
	}
	many, _ := json.Marshal(map[string]any{"patternProperties": patterns, "additionalProperties": false})
	manyVals := map[string]any{}
	for i := range 5000 {
		manyVals[fmt.Sprintf("q%d", i%300)+strings.Repeat("x", i/300)] = true
	}
	deep := map[string]any{}
	cur := deep
	for range 20 {
		next := map[string]any{}
		cur["k"] = next
		cur = next
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name   string
		v      *Validator
		schema []byte
		vals   map[string]any
		ctx    context.Context
		what   string // the LimitError's What, "" when the full path may accept
	}{
		{"steps", &Validator{MaxSteps: 50}, wide, vals, context.Background(), "steps"},
		{"work", &Validator{MaxWork: 20_000}, wide, vals, context.Background(), "work"},
		{"values depth", &Validator{MaxDepth: 10}, []byte(`{}`), deep, context.Background(), "values depth"},
		{"patterns", &Validator{MaxWork: 1 << 20}, many, manyVals, context.Background(), "work"},
		{"cancelled", &Validator{}, wide, vals, cancelled, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.v.Compile(tc.schema)
			if err != nil || s.fast == nil {
				t.Fatalf("not compiled for the fast path: %v", err)
			}
			if s.fast.valid(tc.ctx, tc.vals, s) {
				t.Fatal("the fast path said valid")
			}
			err = s.ValidateContext(tc.ctx, tc.vals)
			var le *LimitError
			if tc.what != "" && (!errors.As(err, &le) || le.What != tc.what) {
				t.Errorf("got %v, want a %q limit error", err, tc.what)
			}
		})
	}
}

// TestFastPathKeywordValues puts odd values under every keyword, in every
// draft, at the root and below: whenever the fast path compiles the
// schema, the underlying compiler must accept it too (the metaschema rules
// of fast.go must be as strict as the metaschemas), and its verdicts must
// be sound.
func TestFastPathKeywordValues(t *testing.T) {
	keywords := []string{"$ref", "type", "enum", "const", "format", "minimum", "maximum", "exclusiveMinimum",
		"exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minProperties", "maxProperties",
		"required", "properties", "patternProperties", "additionalProperties", "propertyNames", "dependencies",
		"dependentRequired", "dependentSchemas", "minItems", "maxItems", "uniqueItems", "items", "additionalItems",
		"not", "allOf", "anyOf", "oneOf", "if", "then", "else", "definitions", "$defs", "title", "description",
		"$comment", "readOnly", "writeOnly", "deprecated", "examples", "default", "$id", "id", "$schema", "$anchor",
		"contains", "prefixItems", "unevaluatedProperties", "contentMediaType", "x-unknown"}
	values := []string{`null`, `true`, `false`, `0`, `-1`, `1.5`, `1e400`, `1.0`, `2`, `"1"`, `""`, `"["`, `"^a$"`,
		`"string"`, `"#"`, `"#/definitions/x"`, `"#/"`, `"other.json"`, `":x"`,
		`[]`, `[1,1]`, `[1,1.0]`, `["a","a"]`, `["a"]`, `["string","integer"]`, `[{}]`, `[true]`, `[{"a":1},{"a":1.0}]`,
		`{}`, `{"a":{}}`, `{"a":1}`, `{"a":["b"]}`, `{"a":[]}`, `{"(":{}}`, `{"a":true}`, `{"a":{"type":"x"}}`}
	drafts := []string{"", "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
		"http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/schema"}
	samples := []map[string]any{{}, {"a": 1.0}, {"a": "s", "b": []any{1.0, 1.0}}, {"x": map[string]any{"a": nil}}}
	var v Validator
	accepted := 0
	for _, draft := range drafts {
		for _, kw := range keywords {
			for _, val := range values {
				for _, nested := range []bool{false, true} {
					body := fmt.Sprintf(`{%q: %s}`, kw, val)
					if nested {
						body = fmt.Sprintf(`{"properties": {"x": %s}}`, body)
					}
					doc := strings.TrimSuffix(body, "}") + `, "definitions": {"x": {}}`
					if draft != "" {
						doc += fmt.Sprintf(`, "$schema": %q`, draft)
					}
					doc += "}"
					if kw == "$schema" || kw == "definitions" {
						doc = body
					}
					for _, vals := range samples {
						if checkSound(t, &v, []byte(doc), vals, doc) {
							accepted++
						}
					}
				}
			}
		}
	}
	t.Logf("%d validations said valid on the fast path", accepted)
}

// TestFastPathConcurrent validates valid and invalid values from several
// goroutines on a schema whose underlying compilation is still pending:
// the first failures compile it once, the fast path goes on meanwhile.
func TestFastPathConcurrent(t *testing.T) {
	const sch = `{"properties":{"n":{"type":"integer","minimum":1}},"required":["n"]}`
	var v Validator
	s, err := v.Compile([]byte(sch))
	if err != nil || s.fast == nil {
		t.Fatalf("not compiled for the fast path: %v", err)
	}
	errs := make(chan error, 16)
	for i := range 16 {
		go func() {
			vals := map[string]any{"n": float64(i % 2)}
			err := s.Validate(vals)
			if (err == nil) != (i%2 == 1) {
				errs <- fmt.Errorf("n=%d: %v", i%2, err)
				return
			}
			errs <- nil
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

package schema

import (
	"context"
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// maxUniqueItems is the longest array whose uniqueItems the fast path
// checks (pairwise); longer ones are left to the underlying validator.
const maxUniqueItems = 256

// fastWalker is the state of one fast validation. It lives on the stack of
// fastSchema.valid: a validation that succeeds allocates nothing.
//
// Besides validating, it adds up the work the underlying validator's
// limits would count, exactly as the estimate of cost.go does (the same
// evaluations, the same charges), so that the fast path never says
// "valid" where the work limit would refuse the values; and it counts its
// evaluations, a superset of the underlying validator's steps.
type fastWalker struct {
	ctx      context.Context
	deadline time.Time
	maxSteps int
	maxWork  int64
	steps    int
	work     int64
	// cond counts the enclosing evaluations whose failure does not decide
	// the result (anyOf, oneOf, not and if branches, a then/else not
	// taken). A failure outside all of them makes the values invalid, so
	// the walk stops there.
	cond int
	// stop ends the walk: the values are invalid, or the fast path cannot
	// decide (a limit, the context, a number float64 cannot compare, a
	// value outside the JSON data model).
	stop bool
	// nextCheck is the work at which the context and the clock are
	// checked next.
	nextCheck int64
}

// checkEvery is the work between two checks of the context and the clock.
const checkEvery = 1 << 20

// valid reports whether vals are valid against the schema, with s's
// limits. false means "invalid or undecided": the caller validates with
// the underlying validator.
func (f *fastSchema) valid(ctx context.Context, vals map[string]any, s *Schema) bool {
	ok, _, _ := f.run(ctx, vals, s)
	return ok
}

// run is valid that also returns the work and steps the walk counted.
func (f *fastSchema) run(ctx context.Context, vals map[string]any, s *Schema) (ok bool, work int64, steps int) {
	if ctx != nil && ctx.Err() != nil {
		return false, 0, 0
	}
	if !depthWithin(vals, 0, s.maxDepth) {
		return false, 0, 0
	}
	w := fastWalker{ctx: ctx, maxSteps: s.maxSteps, maxWork: s.maxWork}
	if w.maxWork <= 0 {
		w.maxWork = DefaultMaxWork
	}
	if s.timeout > 0 {
		w.deadline = time.Now().Add(s.timeout)
	}
	ok = w.eval(f.root, vals, 1, 0, 1) && !w.stop
	return ok, w.work, w.steps
}

// depthWithin reports whether v nests at most max levels below depth, as
// prepare checks it.
func depthWithin(v any, depth, max int) bool {
	if depth > max {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if !depthWithin(e, depth+1, max) {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !depthWithin(e, depth+1, max) {
				return false
			}
		}
	}
	return true
}

// kindOf classifies a value: its type bits (a number has typeNumber, and
// typeInteger when it is an integer as the underlying validator judges
// it), and its number. ok is false for what the fast path does not
// handle: values outside the JSON data model, float32, numbers beyond
// int64 that are not float64.
func kindOf(v any) (bits uint8, num fastNum, ok bool) {
	switch x := v.(type) {
	case nil:
		return typeNull, num, true
	case bool:
		return typeBoolean, num, true
	case string:
		return typeString, num, true
	case map[string]any:
		return typeObject, num, true
	case []any:
		return typeArray, num, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, num, false
		}
		bits = typeNumber
		if x == math.Trunc(x) {
			bits |= typeInteger
		}
		return bits, floatNum(x), true
	case int:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case int64:
		return typeNumber | typeInteger, intNum(x), true
	case int32:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case int16:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case int8:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case uint8:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case uint16:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case uint32:
		return typeNumber | typeInteger, intNum(int64(x)), true
	case uint:
		if uint64(x) <= math.MaxInt64 {
			return typeNumber | typeInteger, intNum(int64(x)), true
		}
	case uint64:
		if x <= math.MaxInt64 {
			return typeNumber | typeInteger, intNum(int64(x)), true
		}
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return typeNumber | typeInteger, intNum(i), true
		}
	}
	return 0, num, false
}

func (w *fastWalker) giveUp() bool {
	w.stop = true
	return false
}

// fail records a failed assertion: it decides the result unless inside a
// conditional evaluation.
func (w *fastWalker) fail() bool {
	if w.cond == 0 {
		w.stop = true
	}
	return false
}

// charge adds n units of work. Besides the estimate's charges, the walk
// charges a unit for each comparison and pattern match the estimate does
// not count (enum, const, required, property names against patterns), so
// that its own work stays bounded however large the schema and the
// values; its total is never below the estimate's.
func (w *fastWalker) charge(n int64) {
	w.work += n
	if w.work > w.maxWork {
		w.stop = true
		return
	}
	if w.work >= w.nextCheck {
		w.nextCheck = w.work + checkEvery
		if !w.inTime() {
			w.stop = true
		}
	}
}

// inTime reports whether the context is not done and the time limit not
// reached.
func (w *fastWalker) inTime() bool {
	if w.ctx != nil && w.ctx.Err() != nil {
		return false
	}
	return w.deadline.IsZero() || !time.Now().After(w.deadline)
}

// child evaluates sub on sv, a part of the value (a new scope) or, in
// place, the value itself; path is the length of the keyword path from
// the parent, as the estimate counts it.
func (w *fastWalker) child(sub *fastNode, sv any, depth, kwLen, path, scope int, inPlace bool) bool {
	if inPlace {
		scope++
	} else {
		scope = 1
	}
	return w.eval(sub, sv, depth+1, kwLen+path+1, scope)
}

// cond evaluates sub in place where its failure does not decide.
func (w *fastWalker) condChild(sub *fastNode, v any, depth, kwLen, path, scope int) bool {
	w.cond++
	ok := w.child(sub, v, depth, kwLen, path, scope, true)
	w.cond--
	return ok
}

// eval evaluates n on v at evaluation depth depth, with a keyword path of
// kwLen bytes and scope schemas applied in place to v so far (n included).
func (w *fastWalker) eval(n *fastNode, v any, depth, kwLen, scope int) bool {
	if w.stop {
		return false
	}
	w.steps++
	if w.steps > w.maxSteps || (w.steps&1023 == 0 && !w.inTime()) {
		return w.giveUp()
	}
	bits, num, ok := kindOf(v)
	if !ok {
		return w.giveUp()
	}

	// The charges of the work estimate (cost.go).
	cost, errCost := evalCost(v, depth, kwLen, scope, n.pattern != nil)
	if w.charge(cost); w.stop {
		return false
	}

	if n.always != 0 {
		if n.always < 0 {
			return w.fail()
		}
		return true
	}
	if n.refOnly {
		w.charge(errCost)
		return w.child(n.ref, v, depth, kwLen, len("$ref"), scope, true)
	}
	if n.types != 0 && bits&n.types == 0 {
		return w.fail()
	}

	valid := true
	if n.hasConst && !w.equal(v, n.constVal) {
		valid = w.fail()
	}
	if len(n.enum) > 0 {
		matched := false
		for _, e := range n.enum {
			if w.equal(v, e) {
				matched = true
				break
			}
		}
		if !matched {
			valid = w.fail()
		}
	}
	if n.format != nil {
		if s, isString := v.(string); isString && n.format(s) != nil {
			valid = w.fail()
		}
	}
	if w.stop {
		return false
	}

	switch x := v.(type) {
	case map[string]any:
		if !w.object(n, x, depth, kwLen, scope, errCost) {
			valid = false
		}
	case []any:
		if !w.array(n, x, depth, kwLen) {
			valid = false
		}
	case string:
		if n.minLength >= 0 || n.maxLength >= 0 {
			length := utf8.RuneCountInString(x)
			if (n.minLength >= 0 && length < n.minLength) || (n.maxLength >= 0 && length > n.maxLength) {
				valid = w.fail()
			}
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			valid = w.fail()
		}
	default:
		if bits&typeNumber != 0 && !w.number(n, num) {
			valid = false
		}
	}
	if w.stop {
		return false
	}

	if n.ref != nil {
		w.charge(errCost)
		if !w.child(n.ref, v, depth, kwLen, len("$ref"), scope, true) {
			valid = false
		}
	}
	if n.not != nil {
		w.charge(errCost)
		if w.condChild(n.not, v, depth, kwLen, len("not"), scope) {
			valid = w.fail()
		}
	}
	for _, sub := range n.allOf {
		w.charge(errCost)
		if !w.child(sub, v, depth, kwLen, len("allOf/")+3, scope, true) {
			valid = false
		}
	}
	if len(n.anyOf) > 0 {
		w.charge(errCost)
		matched := false
		for _, sub := range n.anyOf {
			if w.condChild(sub, v, depth, kwLen, len("anyOf/")+3, scope) {
				matched = true
			}
		}
		if !matched {
			valid = w.fail()
		}
	}
	if len(n.oneOf) > 0 {
		w.charge(errCost)
		matched := 0
		for _, sub := range n.oneOf {
			if w.condChild(sub, v, depth, kwLen, len("anyOf/")+3, scope) {
				matched++
			}
		}
		if matched != 1 {
			valid = w.fail()
		}
	}
	if n.ifNode != nil {
		cond := w.condChild(n.ifNode, v, depth, kwLen, len("if"), scope)
		// Both branches are walked, as the estimate charges both; only
		// the one taken decides.
		for _, b := range [...]struct {
			node  *fastNode
			taken bool
			path  int
		}{{n.then, cond, len("then")}, {n.els, !cond, len("else")}} {
			if b.node == nil {
				continue
			}
			w.charge(errCost)
			if b.taken {
				if !w.child(b.node, v, depth, kwLen, b.path, scope, true) {
					valid = false
				}
			} else {
				w.condChild(b.node, v, depth, kwLen, b.path, scope)
			}
		}
	}
	return valid && !w.stop
}

// object checks the object keywords of n on x.
func (w *fastWalker) object(n *fastNode, x map[string]any, depth, kwLen, scope int, errCost int64) bool {
	valid := true
	if (n.minProperties >= 0 && len(x) < n.minProperties) || (n.maxProperties >= 0 && len(x) > n.maxProperties) {
		valid = w.fail()
	}
	if len(n.required) > 0 {
		w.charge(int64(len(n.required)))
	}
	for _, name := range n.required {
		if _, ok := x[name]; !ok {
			valid = w.fail()
			break
		}
	}
	if len(n.properties) > 0 {
		// The same evaluations either way; iterate over the smaller map.
		if len(x) < len(n.properties) {
			for name, pv := range x {
				if sub, ok := n.properties[name]; ok && !w.child(sub, pv, depth, kwLen, len("properties/")+len(name), scope, false) {
					valid = false
				}
			}
		} else {
			for name, sub := range n.properties {
				if pv, ok := x[name]; ok && !w.child(sub, pv, depth, kwLen, len("properties/")+len(name), scope, false) {
					valid = false
				}
			}
		}
	}
	if n.propertyNames != nil {
		for name := range x {
			if !w.child(n.propertyNames, name, depth, kwLen, len("propertyNames"), scope, false) {
				valid = false
			}
		}
	}
	for _, p := range n.patterns {
		for name, pv := range x {
			if w.charge(int64(len(name)) + 1); w.stop {
				return false
			}
			if p.re.MatchString(name) && !w.child(p.node, pv, depth, kwLen, len("patternProperties/")+len(p.re.String()), scope, false) {
				valid = false
			}
		}
	}
	if n.noAdditional || n.additional != nil {
		for name, pv := range x {
			if _, ok := n.properties[name]; ok {
				continue
			}
			matched := false
			for _, p := range n.patterns {
				if w.charge(int64(len(name)) + 1); w.stop {
					return false
				}
				if p.re.MatchString(name) {
					matched = true
					break
				}
			}
			if matched {
				continue
			}
			if n.noAdditional {
				valid = w.fail()
				break
			}
			if !w.child(n.additional, pv, depth, kwLen, len("additionalProperties"), scope, false) {
				valid = false
			}
		}
	}
	for _, d := range n.depRequired {
		if _, ok := x[d.name]; !ok {
			continue
		}
		w.charge(int64(len(d.required)))
		for _, r := range d.required {
			if _, ok := x[r]; !ok {
				valid = w.fail()
			}
		}
	}
	for _, d := range n.depSchemas {
		if _, ok := x[d.name]; !ok {
			continue
		}
		w.charge(errCost)
		if !w.child(d.node, x, depth, kwLen, len(d.keyword)+1+len(d.name), scope, true) {
			valid = false
		}
	}
	return valid
}

// array checks the array keywords of n on x.
func (w *fastWalker) array(n *fastNode, x []any, depth, kwLen int) bool {
	valid := true
	if (n.minItems >= 0 && len(x) < n.minItems) || (n.maxItems >= 0 && len(x) > n.maxItems) {
		valid = w.fail()
	}
	if n.uniqueItems && len(x) > 1 {
		if len(x) > maxUniqueItems || !jsonValues(x) {
			return w.giveUp()
		}
	outer:
		for i := 1; i < len(x); i++ {
			for j := 0; j < i; j++ {
				if w.equalValues(x[i], x[j]) {
					valid = w.fail()
					break outer
				}
			}
		}
		if w.stop {
			return false
		}
	}
	if n.items != nil {
		for _, it := range x {
			if !w.child(n.items, it, depth, kwLen, n.itemsPath, 1, false) {
				valid = false
			}
		}
	}
	if n.hasItemList {
		for i, it := range x {
			sub := n.additionalItems
			if i < len(n.itemList) {
				sub = n.itemList[i]
			} else if sub == nil {
				break
			}
			if !w.child(sub, it, depth, kwLen, len("additionalItems"), 1, false) {
				valid = false
			}
		}
		if n.noAdditionalItems && len(x) > len(n.itemList) {
			valid = w.fail()
		}
	}
	return valid
}

// number checks the number keywords of n on num.
func (w *fastWalker) number(n *fastNode, num fastNum) bool {
	valid := true
	check := func(bound *fastNum, bad func(int) bool) {
		if bound == nil {
			return
		}
		c, sure := cmpNum(num, *bound)
		if !sure {
			w.giveUp()
			return
		}
		if bad(c) {
			valid = w.fail()
		}
	}
	check(n.minimum, func(c int) bool { return c < 0 })
	check(n.exclusiveMinimum, func(c int) bool { return c <= 0 })
	check(n.maximum, func(c int) bool { return c > 0 })
	check(n.exclusiveMaximum, func(c int) bool { return c >= 0 })
	if m := n.multipleOf; m != nil {
		if !num.isInt || !m.isInt {
			return w.giveUp()
		}
		if num.i%m.i != 0 {
			valid = w.fail()
		}
	}
	return valid && !w.stop
}

// jsonValues reports whether every value nested in x is in the data
// model the fast path handles.
func jsonValues(x any) bool {
	if _, _, ok := kindOf(x); !ok {
		return false
	}
	switch c := x.(type) {
	case map[string]any:
		for _, e := range c {
			if !jsonValues(e) {
				return false
			}
		}
	case []any:
		for _, e := range c {
			if !jsonValues(e) {
				return false
			}
		}
	}
	return true
}

// equal compares a value with a schema constant (numbers as fastNum) as
// the underlying validator does: same JSON type, numbers by value.
func (w *fastWalker) equal(v, c any) bool {
	if w.charge(1); w.stop {
		return false
	}
	bits, num, ok := kindOf(v)
	if !ok {
		return w.giveUp()
	}
	switch cv := c.(type) {
	case nil:
		return bits == typeNull
	case bool:
		b, isBool := v.(bool)
		return isBool && b == cv
	case string:
		s, isString := v.(string)
		return isString && s == cv
	case fastNum:
		if bits&typeNumber == 0 {
			return false
		}
		r, sure := cmpNum(num, cv)
		if !sure {
			return w.giveUp()
		}
		return r == 0
	case []any:
		a, isArray := v.([]any)
		if !isArray || len(a) != len(cv) {
			return false
		}
		for i := range a {
			if !w.equal(a[i], cv[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		m, isMap := v.(map[string]any)
		if !isMap || len(m) != len(cv) {
			return false
		}
		for k, e := range cv {
			x, has := m[k]
			if !has || !w.equal(x, e) {
				return false
			}
		}
		return true
	}
	return w.giveUp()
}

// equalValues compares two values (both checked by jsonValues).
func (w *fastWalker) equalValues(a, b any) bool {
	if w.charge(1); w.stop {
		return false
	}
	ba, na, _ := kindOf(a)
	bb, nb, _ := kindOf(b)
	if ba&^typeInteger != bb&^typeInteger {
		return false
	}
	switch x := a.(type) {
	case nil:
		return true
	case bool:
		return x == b.(bool)
	case string:
		return x == b.(string)
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !w.equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y := b.(map[string]any)
		if len(x) != len(y) {
			return false
		}
		for k, e := range x {
			f, has := y[k]
			if !has || !w.equalValues(e, f) {
				return false
			}
		}
		return true
	}
	r, sure := cmpNum(na, nb)
	if !sure {
		return w.giveUp()
	}
	return r == 0
}

package schema

import (
	"context"
	"fmt"
	"time"

	v5 "github.com/santhosh-tekuri/jsonschema/v5"
)

// budget counts subschema evaluations during one validation and stops the
// validation (by panicking with budgetStop, recovered by ValidateContext)
// when the limit is reached or the context is done. Hostile schemas can make
// a validation take exponential time (nested anyOf over $refs); the budget
// bounds it.
type budget struct {
	ctx      context.Context
	limit    int
	used     int
	deadline time.Time // zero: none
	timeout  time.Duration
}

// budgetStop is the panic value that ends a validation early.
type budgetStop struct{ err error }

func (b *budget) start(ctx context.Context, limit int, timeout time.Duration) {
	b.ctx, b.limit, b.used = ctx, limit, 0
	b.deadline, b.timeout = time.Time{}, timeout
	if timeout > 0 {
		b.deadline = time.Now().Add(timeout)
	}
}

func (b *budget) step() {
	b.used++
	if b.used > b.limit {
		panic(budgetStop{&LimitError{What: "steps", Err: fmt.Errorf("more than %d subschema evaluations", b.limit)}})
	}
	// The cost of one step grows with the nesting of the schemas being
	// evaluated, so the clock and the context are checked often.
	if b.used%16 == 0 {
		if b.ctx != nil {
			if err := b.ctx.Err(); err != nil {
				panic(budgetStop{&LimitError{What: "context", Err: err}})
			}
		}
		if !b.deadline.IsZero() && time.Now().After(b.deadline) {
			panic(budgetStop{&LimitError{What: "time", Err: fmt.Errorf("validation took longer than %v", b.timeout)}})
		}
	}
}

// budgetCompiler attaches a budgetSchema to every schema object, through
// the underlying validator's extension mechanism: an extension's Validate
// runs once for each evaluation of the schema object.
type budgetCompiler struct{ b *budget }

func (bc budgetCompiler) Compile(_ v5.CompilerContext, _ map[string]any) (v5.ExtSchema, error) {
	return budgetSchema(bc), nil
}

type budgetSchema struct{ b *budget }

func (bs budgetSchema) Validate(_ v5.ValidationContext, _ any) error {
	bs.b.step()
	return nil
}

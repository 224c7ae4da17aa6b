package engine

// bytesPerWorker is how much template source one goroutine takes on when
// Options.Parallelism is left to the Engine. Below it, another goroutine
// costs more than it saves: a render worker starts with a clone of the
// template set and its own function map, and every new goroutine grows its
// stack to text/template's depth. A chart like examples/charts/hello
// (5 KB) is parsed and rendered on the calling goroutine.
const bytesPerWorker = 16 << 10

// workers returns how many goroutines handle n items (files to parse or to
// render) holding size bytes of template source. An explicit
// Options.Parallelism is followed as it is; the default one goroutine per
// CPU is reduced to one per bytesPerWorker of source, and at least one.
func (e *Engine) workers(n, size int) int {
	w := min(e.opts.Parallelism, n)
	if e.autoParallel {
		w = min(w, 1+size/bytesPerWorker)
	}
	return max(w, 0)
}

// sourceBytes adds up the template source of the files of p at the given
// indexes.
func (p *plan) sourceBytes(idx []int) int {
	n := 0
	for _, i := range idx {
		n += len(p.files[i].file.Data)
	}
	return n
}

// allSourceBytes adds up the template source of every file of p: what a
// render may execute, the files rendered and the defines they include.
func (p *plan) allSourceBytes() int {
	n := 0
	for _, f := range p.files {
		n += len(f.file.Data)
	}
	return n
}

//go:build race

package chartrender

// raceEnabled reports a build with the race detector, under which memory
// and time bounds do not hold.
const raceEnabled = true

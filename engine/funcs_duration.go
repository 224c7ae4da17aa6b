package engine

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// durationFuncs are Helm 4's duration helpers.
func durationFuncs() template.FuncMap {
	seconds := func(f func(time.Duration) float64) func(any) float64 {
		return func(v any) float64 {
			d, err := toDuration(v)
			if err != nil {
				return 0
			}
			return f(d)
		}
	}
	ints := func(f func(time.Duration) int64) func(any) int64 {
		return func(v any) int64 {
			d, err := toDuration(v)
			if err != nil {
				return 0
			}
			return f(d)
		}
	}
	round := func(f func(d, m time.Duration) time.Duration) func(v, m any) time.Duration {
		return func(v, m any) time.Duration {
			d, err := toDuration(v)
			if err != nil {
				return 0
			}
			md, err := toDuration(m)
			if err != nil {
				return d
			}
			return f(d, md)
		}
	}
	return template.FuncMap{
		"mustToDuration":       toDuration,
		"durationSeconds":      seconds(time.Duration.Seconds),
		"durationMinutes":      seconds(time.Duration.Minutes),
		"durationHours":        seconds(time.Duration.Hours),
		"durationDays":         seconds(func(d time.Duration) float64 { return d.Hours() / 24 }),
		"durationWeeks":        seconds(func(d time.Duration) float64 { return d.Hours() / 24 / 7 }),
		"durationMilliseconds": ints(time.Duration.Milliseconds),
		"durationMicroseconds": ints(time.Duration.Microseconds),
		"durationNanoseconds":  ints(time.Duration.Nanoseconds),
		"durationRoundTo":      round(time.Duration.Round),
		"durationTruncateTo":   round(time.Duration.Truncate),
	}
}

const (
	maxDurSeconds      = int64(math.MaxInt64 / int64(time.Second))
	minDurSeconds      = int64(math.MinInt64 / int64(time.Second))
	maxDurSecondsFloat = float64(math.MaxInt64) / float64(time.Second)
	minDurSecondsFloat = float64(math.MinInt64) / float64(time.Second)
)

// toDuration converts a time.Duration, a Go duration string, a number of
// seconds as a string, or any integer or float number of seconds.
func toDuration(v any) (time.Duration, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return 0, errors.New("empty duration")
		}
		if d, err := time.ParseDuration(s); err == nil {
			return d, nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return floatSeconds(f)
		}
		return 0, fmt.Errorf("could not parse duration %q", x)
	case nil:
		return 0, errors.New("invalid duration")
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s := rv.Int()
		if s > maxDurSeconds || s < minDurSeconds {
			return 0, fmt.Errorf("duration seconds overflow: %d", s)
		}
		return time.Duration(s) * time.Second, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s := rv.Uint()
		if s > uint64(maxDurSeconds) {
			return 0, fmt.Errorf("duration seconds overflow: %d", s)
		}
		return time.Duration(int64(s)) * time.Second, nil
	case reflect.Float32, reflect.Float64:
		return floatSeconds(rv.Float())
	}
	return 0, fmt.Errorf("unsupported duration type %T", v)
}

func floatSeconds(s float64) (time.Duration, error) {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, fmt.Errorf("invalid duration seconds: %v", s)
	}
	if s > maxDurSecondsFloat || s < minDurSecondsFloat {
		return 0, fmt.Errorf("duration seconds overflow: %v", s)
	}
	n := s * float64(time.Second)
	if n > float64(math.MaxInt64) || n < float64(math.MinInt64) {
		return 0, fmt.Errorf("duration nanoseconds overflow: %v", n)
	}
	return time.Duration(n), nil
}

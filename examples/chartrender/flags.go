package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file is a small command-line parser with the semantics of
// github.com/spf13/pflag, which Helm uses: --name=value, --name value,
// -x value, -xvalue, -x=value, grouped boolean shorthands (-gx), flags and
// arguments in any order, and "--" ending the flags. Its error texts are
// pflag's.

// kind is how a flag takes its value.
type kind int

const (
	kindBool        kind = iota // true/false; the value is optional
	kindString                  // one value, the last one wins
	kindStringSlice             // comma-separated (CSV) values, appended
	kindStringArray             // one value per use, appended verbatim
	kindStringMap               // comma-separated key=value pairs
	kindDuration                // a time.Duration
	kindInt                     // an integer
	kindFloat                   // a float32
)

// flagDef describes one flag.
type flagDef struct {
	name       string
	short      byte
	kind       kind
	noOptValue string // value when given without one (pflag's NoOptDefVal)
	deprecated string // printed when the flag is used
	usage      string
}

// flagSet holds the definitions and the parsed values.
type flagSet struct {
	defs    []*flagDef
	values  map[string][]string // name -> values in order (bools: "true"/"false")
	changed map[string]bool
	args    []string
	notices []string // deprecation notices, in order
}

// errHelp is returned when -h or --help is given.
var errHelp = errors.New("help requested")

func newFlagSet(defs []*flagDef) *flagSet {
	return &flagSet{defs: defs, values: make(map[string][]string), changed: make(map[string]bool)}
}

func (fs *flagSet) lookup(name string) *flagDef {
	for _, d := range fs.defs {
		if d.name == name {
			return d
		}
	}
	return nil
}

func (fs *flagSet) lookupShort(c byte) *flagDef {
	for _, d := range fs.defs {
		if d.short != 0 && d.short == c {
			return d
		}
	}
	return nil
}

// parse parses args; positional arguments are collected in fs.args.
func (fs *flagSet) parse(args []string) error {
	for len(args) > 0 {
		s := args[0]
		args = args[1:]
		if len(s) < 2 || s[0] != '-' {
			fs.args = append(fs.args, s)
			continue
		}
		if s == "--" {
			fs.args = append(fs.args, args...)
			return nil
		}
		var err error
		if s[1] == '-' {
			args, err = fs.parseLong(s, args)
		} else {
			args, err = fs.parseShort(s, args)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (fs *flagSet) parseLong(s string, args []string) ([]string, error) {
	name := s[2:]
	if name == "" || name[0] == '-' || name[0] == '=' {
		return args, fmt.Errorf("bad flag syntax: %s", s)
	}
	name, value, hasValue := strings.Cut(name, "=")
	d := fs.lookup(name)
	if d == nil {
		if name == "help" {
			return args, errHelp
		}
		return args, fmt.Errorf("unknown flag: --%s", name)
	}
	switch {
	case hasValue:
	case d.noOptValue != "":
		value = d.noOptValue
	case len(args) > 0:
		value, args = args[0], args[1:]
	default:
		return args, fmt.Errorf("flag needs an argument: --%s", name)
	}
	return args, fs.set(d, value)
}

func (fs *flagSet) parseShort(s string, args []string) ([]string, error) {
	shorts := s[1:]
	for len(shorts) > 0 {
		c := shorts[0]
		d := fs.lookupShort(c)
		if d == nil {
			if c == 'h' {
				return args, errHelp
			}
			return args, fmt.Errorf("unknown shorthand flag: %q in -%s", rune(c), shorts)
		}
		var value string
		switch {
		case len(shorts) > 2 && shorts[1] == '=':
			value, shorts = shorts[2:], ""
		case d.noOptValue != "":
			value, shorts = d.noOptValue, shorts[1:]
		case len(shorts) > 1:
			value, shorts = shorts[1:], ""
		case len(args) > 0:
			value, args, shorts = args[0], args[1:], ""
		default:
			return args, fmt.Errorf("flag needs an argument: %q in -%s", rune(c), shorts)
		}
		if err := fs.set(d, value); err != nil {
			return args, err
		}
	}
	return args, nil
}

// set records one use of a flag, checking its value as pflag's Value.Set
// would.
func (fs *flagSet) set(d *flagDef, value string) error {
	invalid := func(err error) error {
		name := "--" + d.name
		if d.short != 0 {
			name = fmt.Sprintf("-%c, --%s", d.short, d.name)
		}
		return fmt.Errorf("invalid argument %q for %q flag: %v", value, name, err)
	}
	switch d.kind {
	case kindBool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return invalid(err)
		}
		fs.values[d.name] = []string{strconv.FormatBool(b)}
	case kindString:
		fs.values[d.name] = []string{value}
	case kindStringSlice:
		v, err := readCSV(value)
		if err != nil {
			return invalid(err)
		}
		fs.values[d.name] = append(fs.values[d.name], v...)
	case kindStringArray:
		fs.values[d.name] = append(fs.values[d.name], value)
	case kindStringMap:
		v, err := readCSV(value)
		if err != nil {
			return invalid(err)
		}
		for _, kv := range v {
			if !strings.Contains(kv, "=") {
				return invalid(fmt.Errorf("%s must be formatted as key=value", kv))
			}
		}
		fs.values[d.name] = append(fs.values[d.name], v...)
	case kindDuration:
		if _, err := time.ParseDuration(value); err != nil {
			return invalid(err)
		}
		fs.values[d.name] = []string{value}
	case kindInt:
		if _, err := strconv.ParseInt(value, 0, 64); err != nil {
			return invalid(err)
		}
		fs.values[d.name] = []string{value}
	case kindFloat:
		if _, err := strconv.ParseFloat(value, 32); err != nil {
			return invalid(err)
		}
		fs.values[d.name] = []string{value}
	}
	fs.changed[d.name] = true
	if d.deprecated != "" {
		fs.notices = append(fs.notices, fmt.Sprintf("Flag --%s has been deprecated, %s", d.name, d.deprecated))
	}
	return nil
}

// readCSV splits a flag value as pflag's slice flags do.
func readCSV(s string) ([]string, error) {
	if s == "" {
		return []string{}, nil
	}
	return csv.NewReader(strings.NewReader(s)).Read()
}

func (fs *flagSet) bool(name string) bool {
	v := fs.values[name]
	return len(v) > 0 && v[len(v)-1] == "true"
}

func (fs *flagSet) string(name string) string {
	v := fs.values[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func (fs *flagSet) strings(name string) []string { return fs.values[name] }

// int64 returns an integer flag's value, 0 when not given (parse checked
// it).
func (fs *flagSet) int64(name string) int64 {
	n, _ := strconv.ParseInt(fs.string(name), 0, 64)
	return n
}

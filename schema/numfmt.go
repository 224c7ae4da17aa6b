package schema

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Helm prints validation messages through an English golang.org/x/text
// message printer, which localizes numbers: integers get thousands
// separators ("1,000") and floats printed with %v use a decimal form with
// separators ("12,345.25") or a scientific form with a superscript exponent
// ("2×10²¹"). The functions below reproduce that output for language.English
// without depending on x/text.

// localInt formats n as the English printer formats %d.
func localInt(n int64) string {
	if n < 0 {
		// -n overflows for the minimum int64; go through uint64.
		return "-" + groupDigits(strconv.FormatUint(uint64(-(n+1))+1, 10))
	}
	return groupDigits(strconv.FormatInt(n, 10))
}

// groupDigits inserts a comma every three digits from the right.
func groupDigits(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var sb strings.Builder
	head := len(digits) % 3
	if head > 0 {
		sb.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(digits[i : i+3])
	}
	return sb.String()
}

// superscripts are the digits used in the exponent of the scientific form.
var superscripts = [10]string{"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"}

// localFloat formats f as the English printer formats %v of a float64:
// the shortest digits that round-trip, in decimal form when the decimal
// exponent is in [-4, 6) and in scientific form otherwise.
func localFloat(f float64) string {
	if f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308 {
		// NaN and infinities never reach a message: values holding them
		// are rejected as invalid JSON values first.
		return fmt.Sprint(f)
	}
	if f == 0 {
		return "0" // negative zero prints without a sign, too
	}
	sign := ""
	if f < 0 {
		sign = "-"
		f = -f
	}
	// 'e' with precision -1 gives the shortest mantissa: d.ddddde±XX.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expPart, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expPart)

	if exp < -4 || exp >= 6 {
		var sb strings.Builder
		sb.WriteString(sign)
		sb.WriteByte(digits[0])
		if len(digits) > 1 {
			sb.WriteByte('.')
			sb.WriteString(digits[1:])
		}
		sb.WriteString("×10")
		if exp < 0 {
			sb.WriteString("⁻")
			exp = -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		for _, c := range es {
			sb.WriteString(superscripts[c-'0'])
		}
		return sb.String()
	}

	var intPart, fracPart string
	if exp >= 0 {
		if len(digits) > exp+1 {
			intPart, fracPart = digits[:exp+1], digits[exp+1:]
		} else {
			intPart = digits + strings.Repeat("0", exp+1-len(digits))
		}
	} else {
		intPart = "0"
		fracPart = strings.Repeat("0", -exp-1) + digits
	}
	s := sign + groupDigits(intPart)
	if fracPart != "" {
		s += "." + fracPart
	}
	return s
}

// ratFloat converts a number to float64 the way the validator does for
// numeric keywords: through its %v text and a big.Rat. ok is false when v
// is not a number.
func ratFloat(v any) (float64, bool) {
	r, ok := toRat(v)
	if !ok {
		return 0, false
	}
	f, _ := r.Float64()
	return f, true
}

// toRat parses the %v text of a number into a big.Rat.
func toRat(v any) (*big.Rat, bool) {
	switch v.(type) {
	case float64, float32, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, jsonNumber:
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(fmt.Sprint(v))
	return r, ok
}

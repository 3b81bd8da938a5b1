package metrics

import "fmt"

// IsOp reports whether op is an operator of the grammar: <, <=, >, >=, ==
// or !=.
func IsOp(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "==", "!=":
		return true
	}
	return false
}

// Holds reports whether the measured value v satisfies v op limit; false
// for an unknown operator.
func Holds(v float64, op string, limit float64) bool {
	switch op {
	case "<":
		return v < limit
	case "<=":
		return v <= limit
	case ">":
		return v > limit
	case ">=":
		return v >= limit
	case "==":
		return v == limit
	case "!=":
		return v != limit
	}
	return false
}

// HoldsText reports whether the measured word got satisfies got op want,
// for == and != on a text metric.
func HoldsText(got, op, want string) bool {
	return (got == want) == (op == "==")
}

// Format renders a value of a metric, in its canonical unit, for people:
// milliseconds for times, percent for ratios, Mbit/s for rates, a plain
// number otherwise. An unknown metric's value is printed as is.
func Format(metric string, v float64) string {
	d, ok := Lookup(metric)
	if !ok {
		return fmt.Sprintf("%g", v)
	}
	return FormatKind(d.ValueKind(), v)
}

// FormatKind renders a value of the given kind (see Format).
func FormatKind(k Kind, v float64) string {
	switch k {
	case Ratio:
		return fmt.Sprintf("%.3f %%", v*100)
	case Rate:
		return fmt.Sprintf("%.3f Mbit/s", v/1e6)
	case Time:
		return fmt.Sprintf("%.3f ms", v)
	case Count:
		return fmt.Sprintf("%.0f", v)
	case Score:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%g", v)
}

package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes findings one block each:
//
//	FILE:LINE:COL: SEVERITY [check] message
//	    item: ...
//	    effect: ...
//	    fix: ...
//
// Parts of the location that are unknown (line 0 for a default) are left
// out.
func WriteText(w io.Writer, fs []Finding) error {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s%s [%s] %s\n", Location(f), f.Severity, f.Check, f.Message)
		for _, kv := range [][2]string{{"item", f.Item}, {"effect", f.Effect}, {"fix", f.Fix}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "    %s: %s\n", kv[0], kv[1])
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Location formats "FILE:LINE:COL: " without its empty or zero parts.
func Location(f Finding) string {
	loc := f.File
	if f.Line > 0 {
		if loc != "" {
			loc += ":"
		}
		loc += strconv.Itoa(f.Line)
		if f.Col > 0 {
			loc += ":" + strconv.Itoa(f.Col)
		}
	}
	if loc == "" {
		return ""
	}
	return loc + ": "
}

// Summary counts the findings: "2 errors, 5 warnings, 1 info".
func Summary(fs []Finding) string {
	e, w, i := Counts(fs)
	return fmt.Sprintf("%d %s, %d %s, %d %s", e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"), i, plural(i, "info", "infos"))
}

// WriteJSON writes the findings as an indented JSON array ([] when none).
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(fs)
}

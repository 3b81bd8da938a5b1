package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// This file turns the goccy/go-yaml AST into positioned values. The loader
// walks the AST itself, rather than unmarshalling into structs, so that
// every value keeps its line:col and one pass can collect every error.

// maxAliasExpansions bounds the work aliases and merge keys can cause; a
// scenario needs a handful, a "billion laughs" document needs millions.
const maxAliasExpansions = 10000

// decoder holds the state of one Parse call.
type decoder struct {
	file    string
	errs    ErrorList
	aliases map[*ast.AliasNode]ast.Node // what each alias refers to, nil if undefined
	budget  int                         // remaining alias expansions
}

func (d *decoder) report(pos Pos, field, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: pos.Line, Col: pos.Col, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// parseYAML parses data into an AST. Duplicate keys are let through so that
// the loader can report them together with everything else.
func parseYAML(data []byte) (f *ast.File, err error) {
	defer func() {
		// The parser is third-party code fed untrusted bytes; a crash there
		// must become a scenario error, not take the command down.
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("YAML parser failed: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
}

// syntaxError reports a YAML parse error at its position when it has one.
func (d *decoder) syntaxError(err error) {
	var ye interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &ye) {
		d.report(tokenPos(ye.GetToken()), "", "invalid YAML: %s", ye.GetMessage())
		return
	}
	d.report(Pos{}, "", "invalid YAML: %v", err)
}

func tokenPos(tk *token.Token) Pos {
	if tk == nil || tk.Position == nil {
		return Pos{}
	}
	return Pos{Line: tk.Position.Line, Col: tk.Position.Column}
}

// isNil reports whether n is nil, including a nil pointer in a non-nil
// interface, which a few AST fields can hold.
func isNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// posOf returns where a node starts as the user sees it: the first key of a
// block mapping (its own token is the first ':'), the token otherwise.
func posOf(n ast.Node) Pos {
	if isNil(n) {
		return Pos{}
	}
	switch v := n.(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 && !v.IsFlowStyle {
			return posOf(v.Values[0])
		}
	case *ast.MappingValueNode:
		if !isNil(v.Key) {
			return posOf(v.Key)
		}
	case *ast.MappingKeyNode:
		if v.Start == nil {
			return posOf(v.Value)
		}
	case *ast.DocumentNode:
		// DocumentNode.GetToken dereferences the body, which may be nil.
		if v.Start != nil {
			return tokenPos(v.Start)
		}
		return posOf(v.Body)
	}
	return tokenPos(n.GetToken())
}

// indexAliases records, in document order, which node each alias refers to.
// An anchor is recorded after its own content has been walked, so an alias
// inside the anchored node stays undefined instead of forming a cycle.
func (d *decoder) indexAliases(n ast.Node, anchors map[string]ast.Node) {
	if isNil(n) {
		return
	}
	switch v := n.(type) {
	case *ast.DocumentNode:
		d.indexAliases(v.Body, anchors)
	case *ast.MappingNode:
		for _, mv := range v.Values {
			d.indexAliases(mv, anchors)
		}
	case *ast.MappingValueNode:
		d.indexAliases(v.Key, anchors)
		d.indexAliases(v.Value, anchors)
	case *ast.MappingKeyNode:
		d.indexAliases(v.Value, anchors)
	case *ast.SequenceNode:
		for _, e := range v.Values {
			d.indexAliases(e, anchors)
		}
	case *ast.TagNode:
		d.indexAliases(v.Value, anchors)
	case *ast.AnchorNode:
		d.indexAliases(v.Value, anchors)
		anchors[nodeName(v.Name)] = v.Value
	case *ast.AliasNode:
		d.aliases[v] = anchors[nodeName(v.Value)]
	}
}

func nodeName(n ast.Node) string {
	if isNil(n) || n.GetToken() == nil {
		return ""
	}
	return n.GetToken().Value
}

// resolve strips anchors and follows aliases. It reports tags, undefined
// aliases and runaway expansion, returning ok=false for them. A nil node
// (an absent value) resolves to nil.
func (d *decoder) resolve(field string, n ast.Node) (ast.Node, bool) {
	for range 100 {
		if isNil(n) {
			return nil, true
		}
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			target := d.aliases[v]
			if isNil(target) {
				d.report(posOf(v), field, "undefined alias *%s", nodeName(v.Value))
				return nil, false
			}
			if d.budget--; d.budget == 0 {
				d.report(posOf(v), field, "too many alias expansions (more than %d)", maxAliasExpansions)
			}
			if d.budget <= 0 {
				return nil, false
			}
			n = target
		case *ast.TagNode:
			d.report(posOf(v), field, "YAML tags such as %s are not supported", nodeName(v))
			return nil, false
		default:
			return n, true
		}
	}
	d.report(posOf(n), field, "alias chain too long")
	return nil, false
}

func isNull(n ast.Node) bool {
	if isNil(n) {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

// describe names a resolved node's kind for "expected X, got Y" messages.
func describe(n ast.Node) string {
	if isNull(n) {
		return "nothing"
	}
	switch v := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return fmt.Sprintf("string %q", v.Value)
	case *ast.LiteralNode:
		return "a block string"
	case *ast.IntegerNode:
		return "integer " + nodeName(v)
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "number " + nodeName(n)
	case *ast.BoolNode:
		return "boolean " + nodeName(v)
	}
	return strings.ToLower(n.Type().String())
}

// scalarText returns the text of a scalar as written (without quotes), so
// that `interface: 1` and `name: 2024` read as strings. ok is false for
// null and for collections.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if isNil(v.Value) {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if n.GetToken() == nil {
			return "", false
		}
		return n.GetToken().Value, true
	}
	return "", false
}

// entry is one key of a mapping with its unresolved value.
type entry struct {
	key    string
	keyPos Pos
	value  ast.Node
}

// valuePos is where the entry's value is written, or its key when the
// value is empty.
func (e *entry) valuePos() Pos {
	if p := posOf(e.value); p.IsValid() {
		return p
	}
	return e.keyPos
}

// object is a decoded mapping: its keys in file order after applying merge
// keys (`<<: *anchor`), each at most once.
type object struct {
	pos     Pos
	entries []*entry
}

func (o *object) get(key string) (*entry, bool) {
	if o == nil {
		return nil, false
	}
	for _, e := range o.entries {
		if e.key == key {
			return e, true
		}
	}
	return nil, false
}

// object decodes a mapping value. It reports non-mappings (ok=false),
// duplicate keys and keys that are not plain scalars.
func (d *decoder) object(field string, raw ast.Node) (*object, bool) {
	n, ok := d.resolve(field, raw)
	if !ok {
		return nil, false
	}
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		if isNull(n) {
			d.report(posOf(raw), field, "missing value: expected a mapping")
		} else {
			d.report(posOf(raw), field, "expected a mapping, got %s", describe(n))
		}
		return nil, false
	}
	o := &object{pos: posOf(raw)}
	seen := map[string]*entry{}
	var merged []*entry
	for _, mv := range values {
		if isNil(mv) {
			continue
		}
		if _, isMerge := mv.Key.(*ast.MergeKeyNode); isMerge {
			merged = append(merged, d.mergeEntries(field, mv.Value)...)
			continue
		}
		key, keyPos, ok := d.keyText(field, mv.Key)
		if !ok {
			continue
		}
		if first, dup := seen[key]; dup {
			d.report(keyPos, join(field, key), "duplicate key (first at %s)", first.keyPos)
			continue
		}
		e := &entry{key: key, keyPos: keyPos, value: mv.Value}
		seen[key] = e
		o.entries = append(o.entries, e)
	}
	// Merged keys never override keys written in the mapping itself, and
	// the first merged mapping wins among merged ones, as in YAML 1.1.
	for _, e := range merged {
		if _, dup := seen[e.key]; !dup {
			seen[e.key] = e
			o.entries = append(o.entries, e)
		}
	}
	return o, true
}

// mergeEntries returns the entries a `<<` value contributes: a mapping or a
// list of mappings, usually aliases.
func (d *decoder) mergeEntries(field string, raw ast.Node) []*entry {
	n, ok := d.resolve(field, raw)
	if !ok {
		return nil
	}
	if seq, isSeq := n.(*ast.SequenceNode); isSeq {
		var all []*entry
		for _, el := range seq.Values {
			if o, ok := d.object(field, el); ok {
				all = append(all, o.entries...)
			}
		}
		return all
	}
	if o, ok := d.object(field, raw); ok {
		return o.entries
	}
	return nil
}

func (d *decoder) keyText(field string, raw ast.Node) (string, Pos, bool) {
	if k, ok := raw.(*ast.MappingKeyNode); ok {
		raw = k.Value
	}
	pos := posOf(raw)
	n, ok := d.resolve(field, raw)
	if !ok {
		return "", pos, false
	}
	text, ok := scalarText(n)
	if !ok {
		d.report(pos, field, "keys must be plain strings, got %s", describe(n))
		return "", pos, false
	}
	return text, pos, true
}

// unknownKeys reports every key of o not in known, suggesting a near miss
// or else listing what is valid there.
func (d *decoder) unknownKeys(field string, o *object, known []string) {
	for _, e := range o.entries {
		if !slices.Contains(known, e.key) {
			d.unknownKey(field, e, known)
		}
	}
}

func (d *decoder) unknownKey(field string, e *entry, known []string) {
	if s := didYouMean(e.key, known); s != "" {
		d.report(e.keyPos, field, "unknown key %q%s", e.key, s)
		return
	}
	d.report(e.keyPos, field, "unknown key %q; valid keys: %s", e.key, strings.Join(known, ", "))
}

// str decodes any scalar as text; null and collections are errors.
func (d *decoder) str(field string, raw ast.Node) (string, bool) {
	n, ok := d.resolve(field, raw)
	if !ok {
		return "", false
	}
	s, ok := scalarText(n)
	if !ok {
		if isNull(n) {
			d.report(posOf(raw), field, "missing value")
		} else {
			d.report(posOf(raw), field, "expected a string, got %s", describe(n))
		}
		return "", false
	}
	return s, true
}

// integer decodes a YAML integer (decimal, 0x, 0o, 0b, with _ separators).
func (d *decoder) integer(field string, raw ast.Node) (int64, bool) {
	n, ok := d.resolve(field, raw)
	if !ok {
		return 0, false
	}
	in, isInt := n.(*ast.IntegerNode)
	if !isInt {
		if isNull(n) {
			d.report(posOf(raw), field, "missing value")
		} else {
			d.report(posOf(raw), field, "expected an integer, got %s", describe(n))
		}
		return 0, false
	}
	switch v := in.Value.(type) {
	case int64:
		return v, true
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v), true
		}
	}
	d.report(posOf(raw), field, "integer %s out of range", nodeName(in))
	return 0, false
}

// list decodes a sequence; null and other kinds are errors.
func (d *decoder) list(field string, raw ast.Node) ([]ast.Node, bool) {
	n, ok := d.resolve(field, raw)
	if !ok {
		return nil, false
	}
	seq, isSeq := n.(*ast.SequenceNode)
	if !isSeq {
		if isNull(n) {
			d.report(posOf(raw), field, "missing value: expected a list")
		} else {
			d.report(posOf(raw), field, "expected a list, got %s", describe(n))
		}
		return nil, false
	}
	return seq.Values, true
}

// resolvesToNull reports whether raw is empty (`key:` or `key: ~`), possibly
// through an alias, without reporting anything.
func (d *decoder) resolvesToNull(raw ast.Node) bool {
	for range 100 {
		switch v := raw.(type) {
		case *ast.AnchorNode:
			raw = v.Value
		case *ast.AliasNode:
			if raw = d.aliases[v]; isNil(raw) {
				return false // undefined: let the decoder report it
			}
		default:
			return isNull(raw)
		}
	}
	return false
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

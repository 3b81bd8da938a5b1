package schema

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/*.json.gz v6.json
var files embed.FS

// Tree is the command tree of one RouterOS version, or the union of
// several.
type Tree struct {
	// Version is "7.16" for one version's data, "7" for the union of
	// every 7.x version, "6", or "" for everything known.
	Version string
	// Source names where the data comes from.
	Source string
	// Partial is set for trees that list only some menus (v6): a menu
	// absent from a partial tree says nothing.
	Partial bool
	menus   map[string]*Menu
}

// Menu is one menu of a Tree.
type Menu struct {
	Path  string
	Cmds  []string
	Props map[string]*Prop
}

// Prop is one property of a menu's add or set command.
type Prop struct {
	// Desc is RouterOS's description of the value ("time interval",
	// "string value, max length 31"); often empty.
	Desc string `json:"d,omitempty"`
	// Enum lists the constant values RouterOS completes. For properties
	// that also take free values (a chain name, a protocol number) it is
	// not the whole set: see Closed.
	Enum []string `json:"e,omitempty"`
	// Obj is set when the completions name existing objects
	// (interfaces, lists, tables).
	Obj bool `json:"o,omitempty"`
	// Neg is set when RouterOS offers "!" (a negatable matcher).
	Neg bool `json:"n,omitempty"`
	// In lists the versions of a union tree that have the property.
	In []string `json:"-"`
}

// file is the stored form of one version (see gen).
type file struct {
	Version string `json:"version"`
	Source  string `json:"source"`
	Menus   map[string]*struct {
		Cmds  []string         `json:"cmds,omitempty"`
		Props map[string]*Prop `json:"props,omitempty"`
	} `json:"menus"`
}

// v6file is the hand-kept v6 data: a base version of the inspect data
// for the menus it lists, with the properties v6 has in addition.
type v6file struct {
	Source string `json:"source"`
	Base   string `json:"base"`
	Menus  map[string]struct {
		Add    []string `json:"add,omitempty"`
		Remove []string `json:"remove,omitempty"`
		Why    string   `json:"why,omitempty"`
	} `json:"menus"`
}

var (
	loadOnce sync.Once
	loaded   map[string]*Tree // by version: "7.12", ..., "6", "7", ""
	sevens   []string         // 7.x versions, oldest first
	loadErr  error
)

// Versions returns the versions with their own data, oldest first: "6",
// then each 7.x.
func Versions() []string {
	load()
	return append([]string{"6"}, sevens...)
}

// For returns the tree for a RouterOS version as a user or an export
// header writes it. A 7.x with its own data ("7.16.2", "7.16") gives that
// data; a 7.x between two data versions ("7.15") the union of the two
// around it, so that a property added or removed in between is accepted;
// a 7.x older or newer than every data version, or "7", the union of all
// 7.x data; "6" or "6.49.8" the v6 data; anything else (including "") the
// union of everything, so that nothing any version accepts is refused.
func For(version string) *Tree {
	load()
	if loadErr != nil {
		panic(loadErr) // the embedded data is checked by the tests
	}
	major, rest, _ := strings.Cut(version, ".")
	switch major {
	case "6":
		return loaded["6"]
	case "7":
		want := minor(version)
		if rest == "" || want < minor(sevens[0]) || want > minor(sevens[len(sevens)-1]) {
			return loaded["7"]
		}
		for i, v := range sevens {
			switch m := minor(v); {
			case m == want:
				return loaded[v]
			case m > want:
				return between(sevens[i-1], v)
			}
		}
	}
	return loaded[""]
}

// between returns the union of two neighbouring data versions, cached.
func between(lo, hi string) *Tree {
	key := lo + "-" + hi
	betweenMu.Lock()
	defer betweenMu.Unlock()
	if t, ok := betweenTrees[key]; ok {
		return t
	}
	t := union(key, "union of RouterOS "+lo+" and "+hi, []*Tree{loaded[lo], loaded[hi]})
	betweenTrees[key] = t
	return t
}

var (
	betweenMu    sync.Mutex
	betweenTrees = map[string]*Tree{}
)

// compareVersions orders "6" before "7.12" before "7.16".
func compareVersions(a, b string) int {
	if a[0] != b[0] {
		return int(a[0]) - int(b[0])
	}
	return minor(a) - minor(b)
}

// minor returns the minor number of "7.16.2" (16), or -1.
func minor(v string) int {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return -1
	}
	digits := strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
	n, err := strconv.Atoi(digits)
	if err != nil {
		return -1
	}
	return n
}

// Menu returns the menu at path ("/ip/firewall/filter"), or nil when the
// tree does not have it.
func (t *Tree) Menu(path string) *Menu { return t.menus[path] }

// Prop returns the property key of the menu, or nil.
func (m *Menu) Prop(key string) *Prop {
	if m == nil {
		return nil
	}
	return m.Props[key]
}

// Names returns the menu's property names, sorted.
func (m *Menu) Names() []string {
	var out []string
	for k := range m.Props {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func load() {
	loadOnce.Do(func() { loaded, sevens, loadErr = loadAll() })
}

func loadAll() (map[string]*Tree, []string, error) {
	trees := map[string]*Tree{}
	var vs []string
	entries, err := files.ReadDir("data")
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		raw, err := files.ReadFile(path.Join("data", e.Name()))
		if err != nil {
			return nil, nil, err
		}
		t, err := decode(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("schema: %s: %w", e.Name(), err)
		}
		trees[t.Version] = t
		vs = append(vs, t.Version)
	}
	slices.SortFunc(vs, func(a, b string) int { return minor(a) - minor(b) })
	if len(vs) == 0 {
		return nil, nil, fmt.Errorf("schema: no data")
	}
	v6, err := loadV6(trees)
	if err != nil {
		return nil, nil, err
	}
	trees["6"] = v6
	var all7 []*Tree
	for _, v := range vs {
		all7 = append(all7, trees[v])
	}
	trees["7"] = union("7", "union of RouterOS "+strings.Join(vs, ", "), all7)
	trees[""] = union("", "union of RouterOS 6 and "+strings.Join(vs, ", "), append(all7, v6))
	return trees, vs, nil
}

func decode(raw []byte) (*Tree, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	js, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var f file
	if err := json.Unmarshal(js, &f); err != nil {
		return nil, err
	}
	t := &Tree{Version: f.Version, Source: f.Source, menus: map[string]*Menu{}}
	for p, m := range f.Menus {
		if m.Props == nil {
			m.Props = map[string]*Prop{}
		}
		for _, pr := range m.Props {
			pr.In = []string{f.Version}
		}
		t.menus[p] = &Menu{Path: p, Cmds: m.Cmds, Props: m.Props}
	}
	return t, nil
}

// loadV6 builds the v6 tree: the menus v6.json lists, each as the base
// version has it plus and minus the properties the file names.
func loadV6(trees map[string]*Tree) (*Tree, error) {
	raw, err := files.ReadFile("v6.json")
	if err != nil {
		return nil, err
	}
	var f v6file
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("schema: v6.json: %w", err)
	}
	base := trees[f.Base]
	if base == nil {
		return nil, fmt.Errorf("schema: v6.json: base version %q has no data", f.Base)
	}
	t := &Tree{Version: "6", Source: f.Source, Partial: true, menus: map[string]*Menu{}}
	for p, d := range f.Menus {
		bm := base.Menu(p)
		if bm == nil {
			return nil, fmt.Errorf("schema: v6.json: menu %s is not in %s", p, f.Base)
		}
		m := &Menu{Path: p, Cmds: bm.Cmds, Props: map[string]*Prop{}}
		for k, pr := range bm.Props {
			c := *pr
			c.In = []string{"6"}
			m.Props[k] = &c
		}
		for _, k := range d.Add {
			m.Props[k] = &Prop{In: []string{"6"}}
		}
		for _, k := range d.Remove {
			delete(m.Props, k)
		}
		t.menus[p] = m
	}
	return t, nil
}

// union merges trees: a menu or property any of them has, with the enum
// values of all of them.
func union(version, source string, ts []*Tree) *Tree {
	u := &Tree{Version: version, Source: source, menus: map[string]*Menu{}}
	for _, t := range ts {
		for p, m := range t.menus {
			um := u.menus[p]
			if um == nil {
				um = &Menu{Path: p, Props: map[string]*Prop{}}
				u.menus[p] = um
			}
			for _, c := range m.Cmds {
				if !slices.Contains(um.Cmds, c) {
					um.Cmds = append(um.Cmds, c)
				}
			}
			for k, pr := range m.Props {
				up := um.Props[k]
				if up == nil {
					up = &Prop{Desc: pr.Desc}
					um.Props[k] = up
				}
				up.Obj = up.Obj || pr.Obj
				up.Neg = up.Neg || pr.Neg
				for _, e := range pr.Enum {
					if !slices.Contains(up.Enum, e) {
						up.Enum = append(up.Enum, e)
					}
				}
				up.In = append(up.In, t.Version)
			}
		}
	}
	for _, m := range u.menus {
		slices.Sort(m.Cmds)
		for _, p := range m.Props {
			slices.Sort(p.Enum)
			slices.SortFunc(p.In, compareVersions)
		}
	}
	return u
}

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// File is the trimmed tree of one version (the format package schema reads).
type File struct {
	Version string           `json:"version"`
	Source  string           `json:"source"`
	Menus   map[string]*Menu `json:"menus"`
}

// Menu is one directory of the command tree.
type Menu struct {
	Cmds  []string         `json:"cmds,omitempty"`
	Props map[string]*Prop `json:"props,omitempty"`
}

// Prop is one argument of add or set.
type Prop struct {
	Desc string   `json:"d,omitempty"` // RouterOS's type description
	Enum []string `json:"e,omitempty"` // completion values that are constants (not objects)
	Obj  bool     `json:"o,omitempty"` // completions name existing objects (interfaces, lists, ...)
	Neg  bool     `json:"n,omitempty"` // RouterOS offers "!" (a negatable matcher)
}

// skipArgs are arguments of every command that are not properties.
var skipArgs = map[string]bool{"numbers": true, "as-value": true, "without-paging": true, ".id": true, "value-name": true}

func main() {
	src := flag.String("restraml", os.Getenv("RESTRAML"), "git directory of github.com/tikoci/restraml")
	list := flag.String("versions", "versions.txt", "file listing `commit path version` lines")
	out := flag.String("out", "data", "output directory")
	flag.Parse()
	if *src == "" {
		// `go generate ./...` without the source leaves the checked-in
		// data alone; TestRegenerate compares it with the source when
		// RESTRAML is set.
		fmt.Fprintln(os.Stderr, "gen: RESTRAML is not set to a clone of github.com/tikoci/restraml; routeros/schema/data left as it is")
		return
	}
	if err := run(*src, *list, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, list, out string) error {
	f, err := os.Open(list)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w := strings.Fields(line)
		if len(w) != 3 {
			return fmt.Errorf("%s:%d: want `commit path version`", list, n)
		}
		commit, path, version := w[0], w[1], w[2]
		file := &File{Version: version, Source: "github.com/tikoci/restraml " + path + " at " + commit, Menus: map[string]*Menu{}}
		// path may name several files joined by "+": the first one's
		// menus win, the next ones add the menus it lacks (the extra
		// packages of extra/inspect.json, for a deep-inspect.json of the
		// base system only).
		for _, p := range strings.Split(path, "+") {
			raw, err := exec.Command("git", "--git-dir", src, "show", commit+":"+p).Output()
			if err != nil {
				return fmt.Errorf("%s:%d: git show %s:%s: %w", list, n, commit, p, err)
			}
			var tree map[string]any
			if err := json.Unmarshal(raw, &tree); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			part := &File{Menus: map[string]*Menu{}}
			walk(part, "", tree)
			for k, m := range part.Menus {
				if file.Menus[k] == nil {
					file.Menus[k] = m
				}
			}
		}
		if err := write(filepath.Join(out, version+".json.gz"), file); err != nil {
			return err
		}
	}
	return sc.Err()
}

// walk records node (a dir at path) and the dirs below it.
func walk(f *File, path string, node map[string]any) {
	m := &Menu{Props: map[string]*Prop{}}
	for _, name := range sortedKeys(node) {
		child, ok := node[name].(map[string]any)
		if !ok {
			continue
		}
		switch child["_type"] {
		case "dir", "path":
			walk(f, path+"/"+name, child)
		case "cmd":
			m.Cmds = append(m.Cmds, name)
			if name != "add" && name != "set" {
				continue
			}
			for _, arg := range sortedKeys(child) {
				a, ok := child[arg].(map[string]any)
				if !ok || a["_type"] != "arg" || skipArgs[arg] {
					continue
				}
				p := m.Props[arg]
				if p == nil {
					p = &Prop{}
					m.Props[arg] = p
				}
				if d, ok := a["desc"].(string); ok && p.Desc == "" {
					p.Desc = d
				}
				comp, _ := a["_completion"].(map[string]any)
				for _, v := range sortedKeys(comp) {
					c, _ := comp[v].(map[string]any)
					style, _ := c["style"].(string)
					switch {
					case style == "syntax-meta":
						if v == "!" {
							p.Neg = true
						}
					case strings.HasPrefix(style, "obj-"):
						p.Obj = true
					default:
						if !slices.Contains(p.Enum, v) {
							p.Enum = append(p.Enum, v)
						}
					}
				}
				slices.Sort(p.Enum)
			}
		}
	}
	if path == "" {
		path = "/"
	}
	if len(m.Props) == 0 {
		m.Props = nil
	}
	f.Menus[path] = m
}

func sortedKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// write stores f as gzip'd JSON with a zero gzip header, so the bytes
// depend only on f.
func write(path string, f *File) error {
	js, err := json.Marshal(f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(js)
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

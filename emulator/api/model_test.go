package api

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestItemOrderModel drives add/remove/move/place-before with random
// arguments and checks the printed order against a plain slice model,
// interleaving two menus so that moves must keep to their own menu.
func TestItemOrderModel(t *testing.T) {
	s := NewServer(Config{Backend: &fakeBackend{}, User: "u", Password: "p"})
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string][]string{}
	menus := []string{"/ip/firewall/filter", "/ip/firewall/mangle"}
	do := func(menu, cmd string, attrs ...string) []reply {
		t.Helper()
		words := append([]string{menu + "/" + cmd}, attrs...)
		out, err := s.exec(ctx, menu, cmd, parseRequest(words))
		if err != nil {
			t.Fatalf("%v: %v", words, err)
		}
		return out
	}
	pick := func(ids []string) []string {
		var out []string
		for _, i := range rng.Perm(len(ids))[:1+rng.IntN(len(ids))] {
			out = append(out, ids[i])
		}
		return out
	}
	for step := range 400 {
		menu := menus[rng.IntN(2)]
		ids := model[menu]
		switch op := rng.IntN(4); {
		case op == 0 || len(ids) == 0:
			attrs := []string{"=chain=forward"}
			at := len(ids)
			if len(ids) > 0 && rng.IntN(2) == 0 {
				at = rng.IntN(len(ids))
				attrs = append(attrs, "=place-before="+ids[at])
			}
			ret := do(menu, "add", attrs...)[0][1]
			model[menu] = slices.Insert(ids, at, strings.TrimPrefix(ret, "=ret="))
		case op == 1:
			gone := pick(ids)
			do(menu, "remove", "=numbers="+strings.Join(gone, ","))
			model[menu] = slices.DeleteFunc(ids, func(id string) bool { return slices.Contains(gone, id) })
		default:
			moved := pick(ids)
			rest := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(moved, id) })
			if len(rest) > 0 && rng.IntN(2) == 0 {
				dest := rest[rng.IntN(len(rest))]
				do(menu, "move", "=numbers="+strings.Join(moved, ","), "=destination="+dest)
				at := slices.Index(rest, dest)
				model[menu] = slices.Insert(rest, at, moved...)
			} else {
				do(menu, "move", "=numbers="+strings.Join(moved, ","))
				model[menu] = append(rest, moved...)
			}
		}
		for _, m := range menus {
			var got []string
			for _, r := range do(m, "print", "=.proplist=.id") {
				if r[0] == "!re" {
					got = append(got, strings.TrimPrefix(r[1], "=.id="))
				}
			}
			if !slices.Equal(got, model[m]) {
				t.Fatalf("step %d: %s order %v, model %v", step, m, got, model[m])
			}
		}
	}
}

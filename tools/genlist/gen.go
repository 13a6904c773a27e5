package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/ftm"
	"github.com/vigilhq/vigil/internal/names"
)

// Parts are the pools a synthetic list is drawn from. A pool holds a word
// once for every subject that uses it, so drawing uniformly from it draws
// as often as the lists use the word.
type Parts struct {
	Given, Middle, Family []string
	// Script holds original-script words by script (Arabic, Cyrillic …).
	Script     map[string][]string
	scripts    []string // Script's keys, sorted
	OrgWords   []string
	LegalForms []string
	// Nationalities and Countries are ISO codes, lower case as FtM writes them.
	Nationalities, Countries []string
}

// Harvest collects the name parts of the subjects.
func Harvest(subs []*lists.Subject) *Parts {
	p := &Parts{Script: map[string][]string{}}
	for _, s := range subs {
		seen := map[string]bool{} // a word counts once per subject and pool
		add := func(pool *[]string, tag, w string) {
			if w == "" || seen[tag+w] {
				return
			}
			seen[tag+w] = true
			*pool = append(*pool, w)
		}
		switch s.Kind {
		case lists.KindPerson:
			for _, n := range s.Names {
				if n.Script != "Latin" {
					if n.Script != "" {
						for _, w := range strings.Fields(n.Full) {
							if w = clean(w); w != "" {
								ws := p.Script[n.Script]
								add(&ws, n.Script, w)
								p.Script[n.Script] = ws
							}
						}
					}
					continue
				}
				if n.Role == lists.RoleWeakAlias {
					continue // noms de guerre, not the parts of a name
				}
				given, middle, family := splitPerson(n)
				add(&p.Given, "g", given)
				for _, m := range middle {
					add(&p.Middle, "m", m)
				}
				add(&p.Family, "f", family)
			}
			for _, c := range s.Nationalities {
				add(&p.Nationalities, "n", strings.ToLower(c))
			}
		case lists.KindOrganization:
			for _, n := range s.Names {
				if n.Script != "Latin" {
					continue
				}
				for _, raw := range strings.Fields(n.Full) {
					w := clean(raw)
					switch {
					case w == "":
					case isLegalForm(w): // kept as written: LLC, GmbH
						add(&p.LegalForms, "l", strings.Trim(raw, `"'“”«»(),;`))
					case utf8.RuneCountInString(w) > 1:
						add(&p.OrgWords, "o", w)
					}
				}
			}
			for _, a := range s.Addresses {
				add(&p.Countries, "c", strings.ToLower(a.Country))
			}
		}
	}
	for _, pool := range []*[]string{&p.Given, &p.Middle, &p.Family, &p.OrgWords, &p.LegalForms, &p.Nationalities, &p.Countries} {
		slices.Sort(*pool) // the pools do not depend on the order of the subjects
	}
	for sc, ws := range p.Script {
		slices.Sort(ws)
		p.scripts = append(p.scripts, sc)
	}
	slices.Sort(p.scripts)
	return p
}

// Summary says how many words each pool holds.
func (p *Parts) Summary() string {
	ns := 0
	for _, ws := range p.Script {
		ns += len(ws)
	}
	return fmt.Sprintf("%d given names, %d middle names, %d family names, %d script words in %d scripts, %d organisation words, %d legal forms",
		len(p.Given), len(p.Middle), len(p.Family), ns, len(p.Script), len(p.OrgWords), len(p.LegalForms))
}

// splitPerson reads a person's name as given name, middle names and
// family name: by the parts the list gives, else "FAMILY, Given Middle",
// else first word, middle words, last word.
func splitPerson(n lists.Name) (given string, middle []string, family string) {
	var first, numbered, last []string
	for _, pt := range n.Parts {
		switch pt.Type {
		case "first", "given":
			first = append(first, cleanAll(pt.Value)...)
		case "family", "last":
			last = append(last, cleanAll(pt.Value)...)
		case "second", "third", "fourth", "middle", "father":
			numbered = append(numbered, cleanAll(pt.Value)...)
		}
	}
	switch {
	case len(first) > 0 && (len(last) > 0 || len(numbered) > 0):
		rest := append(first[1:], numbered...)
		if len(last) == 0 {
			last, rest = rest[len(rest)-1:], rest[:len(rest)-1]
		}
		return first[0], rest, strings.Join(last, " ")
	case strings.Contains(n.Full, ","):
		fam, giv, _ := strings.Cut(n.Full, ",")
		g := cleanAll(giv)
		if len(g) == 0 {
			return "", nil, ""
		}
		return g[0], g[1:], strings.Join(cleanAll(fam), " ")
	}
	ws := cleanAll(n.Full)
	if len(ws) < 2 {
		return "", nil, ""
	}
	return ws[0], ws[1 : len(ws)-1], ws[len(ws)-1]
}

func cleanAll(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w = clean(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// clean trims punctuation from a word and writes an all-capitals word in
// title case; words with digits are dropped (they are references, not
// names).
func clean(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	if w == "" || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return ""
	}
	if strings.ToUpper(w) == w && strings.ToLower(w) != w {
		rs := []rune(strings.ToLower(w))
		for i := range rs {
			if i == 0 || rs[i-1] == '-' {
				rs[i] = unicode.ToUpper(rs[i])
			}
		}
		w = string(rs)
	}
	return w
}

// isLegalForm reports whether a word is read as a legal form after a name.
func isLegalForm(w string) bool {
	p := names.Parse("Zyxwv " + w)
	return len(p.LegalForms) > 0 && len(p.Tokens) == 1
}

// Generate writes n subjects as FtM JSON lines, drawn with the seed.
func (p *Parts) Generate(w io.Writer, n int, seed uint64) error {
	if len(p.Given) == 0 || len(p.Family) == 0 || len(p.OrgWords) == 0 {
		return fmt.Errorf("too few name parts to draw from: %s", p.Summary())
	}
	g := &gen{p: p, r: rand.New(rand.NewPCG(seed, 0x5eed))}
	yes := true
	for i := range n {
		e := ftm.Entity{ID: fmt.Sprintf("syn-%07d", i+1), Properties: map[string][]string{"topics": {"sanction"}},
			Datasets: []string{"vigil_synthetic"}, Target: &yes, FirstSeen: "2026-01-01T00:00:00", LastSeen: "2026-01-01T00:00:00"}
		if g.r.Float64() < 0.68 {
			g.person(&e)
		} else {
			g.organization(&e)
		}
		e.Caption = e.Properties["name"][0]
		b, err := json.Marshal(&e)
		if err != nil {
			return err
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	p *Parts
	r *rand.Rand
}

func (g *gen) pick(pool []string) string {
	if len(pool) == 0 {
		return ""
	}
	return pool[g.r.IntN(len(pool))]
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) person(e *ftm.Entity) {
	e.Schema = "Person"
	p := e.Properties
	given, family := g.pick(g.p.Given), g.pick(g.p.Family)
	var middle []string
	switch x := g.r.Float64(); {
	case x < 0.1:
		middle = []string{g.pick(g.p.Middle), g.pick(g.p.Middle)}
	case x < 0.5:
		middle = []string{g.pick(g.p.Middle)}
	}
	full := strings.Join(slices.Concat([]string{given}, middle, []string{family}), " ")
	p["name"] = []string{full}
	if g.chance(0.5) {
		p["firstName"], p["lastName"] = []string{given}, []string{family}
	}
	for range g.aliases() {
		switch x := g.r.Float64(); {
		case x < 0.25: // as lists that write the family name first
			add(p, "alias", strings.ToUpper(family)+", "+strings.Join(append([]string{given}, middle...), " "))
		case x < 0.45:
			add(p, "alias", given+" "+family)
		case x < 0.7: // known by another given name
			add(p, "alias", g.pick(g.p.Given)+" "+strings.Join(append(middle, family), " "))
		case x < 0.85 && len(g.p.scripts) > 0:
			sc := g.p.scripts[g.r.IntN(len(g.p.scripts))]
			ws := []string{g.pick(g.p.Script[sc]), g.pick(g.p.Script[sc])}
			if g.chance(0.4) {
				ws = append(ws, g.pick(g.p.Script[sc]))
			}
			add(p, "alias", strings.Join(ws, " "))
		default: // a nom de guerre
			add(p, "weakAlias", g.pick(g.p.Given))
		}
	}
	if g.chance(0.8) {
		y := 1935 + g.r.IntN(70)
		if g.chance(0.65) {
			p["birthDate"] = []string{fmt.Sprintf("%04d-%02d-%02d", y, 1+g.r.IntN(12), 1+g.r.IntN(28))}
		} else {
			p["birthDate"] = []string{fmt.Sprintf("%04d", y)}
		}
	}
	if g.chance(0.7) {
		add(p, "nationality", g.pick(g.p.Nationalities))
		if g.chance(0.1) {
			add(p, "nationality", g.pick(g.p.Nationalities))
		}
	}
	if g.chance(0.6) {
		p["gender"] = []string{[]string{"male", "female"}[g.r.IntN(2)]}
	}
	if g.chance(0.12) {
		p["passportNumber"] = []string{fmt.Sprintf("%c%c%07d", 'A'+rune(g.r.IntN(26)), 'A'+rune(g.r.IntN(26)), g.r.IntN(10_000_000))}
	}
}

func (g *gen) organization(e *ftm.Entity) {
	e.Schema = "Organization"
	if g.chance(0.3) {
		e.Schema = "Company"
	}
	p := e.Properties
	name := func() []string {
		n := 1
		switch x := g.r.Float64(); {
		case x < 0.4:
			n = 2
		case x < 0.7:
			n = 3
		case x < 0.85:
			n = 4
		}
		ws := make([]string, n)
		for i := range ws {
			ws[i] = g.pick(g.p.OrgWords)
		}
		return ws
	}
	words := name()
	full := strings.Join(words, " ")
	if g.chance(0.5) && len(g.p.LegalForms) > 0 {
		full += " " + g.pick(g.p.LegalForms)
	}
	p["name"] = []string{full}
	if g.chance(0.25) {
		switch x := g.r.Float64(); {
		case x < 0.3 && len(words) >= 2: // the initials of its words
			var b strings.Builder
			for _, w := range words {
				r, _ := utf8.DecodeRuneInString(w)
				b.WriteRune(unicode.ToUpper(r))
			}
			add(p, "alias", b.String())
		case x < 0.7:
			add(p, "alias", strings.Join(words, " "))
		default:
			add(p, "previousName", strings.Join(name(), " "))
		}
	}
	if g.chance(0.7) {
		add(p, "country", g.pick(g.p.Countries))
	}
	if g.chance(0.25) {
		p["registrationNumber"] = []string{fmt.Sprintf("%09d", g.r.IntN(1_000_000_000))}
	}
}

// aliases is how many aliases a subject gets: none for about half.
func (g *gen) aliases() int {
	switch x := g.r.Float64(); {
	case x < 0.45:
		return 0
	case x < 0.75:
		return 1
	case x < 0.9:
		return 2
	}
	return 3
}

func add(p map[string][]string, prop, v string) {
	if v = strings.TrimSpace(v); v != "" && v != "," && !slices.Contains(p[prop], v) && !slices.Contains(p["name"], v) {
		p[prop] = append(p[prop], v)
	}
}

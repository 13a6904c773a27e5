// Command trainscore learns the screening score (internal/screening/
// model.json) from pairs of names the lists themselves provide, and draws
// its reliability plot (docs/reliability.svg).
//
//	go run ./tools/trainscore              # from ../shared/data
//	go run ./tools/trainscore -check       # train, compare with the committed model, write nothing
//
// The lists read are the OFSI Consolidated List, OFAC's Consolidated
// (non-SDN) list, the EU and UK samples and the OpenSanctions sample: not
// the UN list and the OFAC SDN list, which the evaluation sets are built
// on, so that the figures measured there are on names the model never saw.
// Queries are made from the subjects: each of a subject's names against
// the others (aliases), listed names perturbed (a typo, initials, a word
// dropped, moved or joined, a title or legal form, accents, case), and
// names mixed from several subjects' words, which nobody bears. Each
// query is screened against the whole index and every candidate subject's
// features are an example: positive when the lists say it is the subject
// the query came from (the same entry, or one of another list naming it
// or sharing a document number), negative when they say it is not (two
// entries of one list, other kinds, years of birth apart), left out
// otherwise. A logistic regression (L2, Newton's method) is fitted on four
// fifths of the subjects; the last fifth measures it and chooses the
// threshold: the lowest at which mixed names alert at most 0.5 % of the
// time and random ones 0.2 %.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
)

// trainingFiles are the lists learned from, relative to the data folder.
var trainingFiles = []struct {
	source lists.Source
	path   string
}{
	{lists.SourceOFSI, "lists/uk/ofsi-conlist-2025-04-10.converted.csv.gz"},
	{lists.SourceOFACCons, "lists/ofac/non-sdn/consolidated-2026-01-08.xml"},
	{lists.SourceEU, "lists/eu/fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"},
	{lists.SourceUK, "lists/uk/uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"},
	{lists.SourceOpenSanctions, "lists/opensanctions/zala.entities.ftm.json"},
}

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	out := flag.String("out", "internal/screening/model.json", "the model file to write")
	svg := flag.String("svg", "docs/reliability.svg", "the reliability plot to write")
	seed := flag.Int64("seed", 1, "seed of the made-up queries")
	l2 := flag.Float64("l2", 1, "L2 penalty on the weights (not the bias)")
	check := flag.Bool("check", false, "train and compare with the committed model; write nothing")
	dump := flag.String("dump", "", "write the held-out examples to this TSV file (for study)")
	flag.Parse()
	start := time.Now()

	ix, files, sum := load(*data)
	n, nn := ix.Size()
	log.Printf("index: %d subjects, %d names (%v)", n, nn, time.Since(start).Round(time.Millisecond))

	opt := screening.ExampleOptions{Seed: *seed, Perturbed: 3, Mixed: 2, Random: 1, Negatives: 8}
	// Round one chooses each candidate subject's best name with a prior
	// model (how much of both names the pairs explain); round two with
	// the model of round one, as screening will.
	model, err := screening.NewModel(prior(), 0.5)
	if err != nil {
		log.Fatal(err)
	}
	var ex []screening.Example
	var w []float64
	for round := 1; round <= 2; round++ {
		ex = ex[:0]
		ix.WithModel(model).Examples(opt, func(e screening.Example) { ex = append(ex, e) })
		train, _ := split(ex)
		w = fit(train, *l2)
		if model, err = screening.NewModel(w, 0.5); err != nil {
			log.Fatal(err)
		}
		log.Printf("round %d: %d examples (%d positive), fitted (%v)", round, len(ex), positives(ex), time.Since(start).Round(time.Millisecond))
	}
	// Scores of the held-out examples by the final model.
	_, test := split(ex)
	for i := range test {
		test[i].Score = sigmoid(dot(w, test[i].Features))
	}
	if *dump != "" {
		writeDump(*dump, test)
	}
	metrics := measure(test)
	threshold := chooseThreshold(test)
	metrics["threshold_fpr_mixed"], metrics["threshold_fpr_random"], metrics["threshold_recall_alias"], metrics["threshold_recall_perturbed"] = queryRates(test, threshold)
	log.Printf("held out: %d examples; log loss %.4f, Brier %.4f, AUC %.4f; threshold %.2f: recall@1 alias %.3f, perturbed %.3f; alerts on mixed %.4f, random %.4f",
		len(test), metrics["log_loss"], metrics["brier"], metrics["auc"], threshold, metrics["threshold_recall_alias"], metrics["threshold_recall_perturbed"], metrics["threshold_fpr_mixed"], metrics["threshold_fpr_random"])

	m := screening.Model{Features: screening.FeatureNames(), Weights: round(w, 4), Threshold: threshold, Metrics: roundMap(metrics),
		Data: screening.TrainingData{Files: files, SHA256: sum, Examples: len(ex), Positives: positives(ex), Seed: *seed,
			Command: "go run ./tools/trainscore"}}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	b = append(b, '\n')
	if *check {
		old, _ := os.ReadFile(*out)
		if !bytes.Equal(old, b) {
			fmt.Printf("the trained model differs from %s\n", *out)
			os.Exit(1)
		}
		fmt.Printf("%s is what the data and code give\n", *out)
		return
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*svg, reliabilityPlot(test, threshold), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s and %s (%v)", *out, *svg, time.Since(start).Round(time.Second))
}

// load imports the training lists into a temporary store and indexes
// them; it returns the files with their checksums and the data checksum.
func load(data string) (*screening.Index, []screening.DataFile, string) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "trainscore")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	st, err := store.Open(ctx, filepath.Join(tmp, "train.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	var files []screening.DataFile
	all := sha256.New()
	for _, f := range trainingFiles {
		path := filepath.Join(data, f.path)
		sum, err := fileSum(path)
		if err != nil {
			log.Fatalf("%v (the training data is the shared data folder: -data)", err)
		}
		if _, err := ingest.Import(ctx, st, f.source, path, ingest.Options{}); err != nil {
			log.Fatalf("%s: %v", path, err)
		}
		files = append(files, screening.DataFile{Source: string(f.source), Path: f.path, SHA256: sum})
		fmt.Fprintf(all, "%s %s %s\n", f.source, f.path, sum)
	}
	subs, versions, err := lists.LatestSubjects(ctx, st, nil, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	return screening.Build(subs, versions), files, hex.EncodeToString(all.Sum(nil))
}

// fileSum is the SHA-256 of a file, or of a folder's files (each name and
// checksum, in name order).
func fileSum(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if fi.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return "", err
		}
		h := sha256.New()
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			sum, err := fileSum(filepath.Join(path, e.Name()))
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "%s %s\n", e.Name(), sum)
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// prior weighs how much of both names the pairs explain, and nothing
// else: enough to choose a subject's best name in round one.
func prior() []float64 {
	w := make([]float64, len(screening.FeatureNames()))
	for i, name := range screening.FeatureNames() {
		switch name {
		case "bias":
			w[i] = -8
		case "query_cover":
			w[i] = 5
		case "listed_cover":
			w[i] = 4
		}
	}
	return w
}

// split puts a fifth of the subjects' queries aside.
func split(ex []screening.Example) (train, test []screening.Example) {
	for _, e := range ex {
		if e.Group%5 == 0 {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}

func positives(ex []screening.Example) int {
	n := 0
	for _, e := range ex {
		if e.Positive {
			n++
		}
	}
	return n
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w, x []float64) float64 {
	z := 0.0
	for i := range w {
		z += w[i] * x[i]
	}
	return z
}

// fit is an L2-penalised logistic regression by Newton's method, each
// weight kept on the side of zero its feature's sign says (an active set:
// a weight that would cross zero is held at zero and the rest refitted).
// Each query weighs one in total, however many candidates it has, so that
// queries with many namesakes do not outweigh the rest.
func fit(ex []screening.Example, l2 float64) []float64 {
	signs := screening.FeatureSigns()
	d := len(signs)
	perQuery := map[int]int{}
	for _, e := range ex {
		perQuery[e.Query]++
	}
	w := make([]float64, d)
	fixed := make([]bool, d)
	for iter := 0; iter < 100; iter++ {
		g := make([]float64, d)
		h := make([][]float64, d)
		for i := range h {
			h[i] = make([]float64, d)
		}
		for _, e := range ex {
			x := e.Features
			p := sigmoid(dot(w, x))
			y := 0.0
			if e.Positive {
				y = 1
			}
			c := 1 / float64(perQuery[e.Query])
			r := c * (p - y)
			s := c * max(p*(1-p), 1e-9)
			for i, xi := range x {
				if xi == 0 {
					continue
				}
				g[i] += r * xi
				hi := h[i]
				for j, xj := range x {
					hi[j] += s * xi * xj
				}
			}
		}
		for i := 1; i < d; i++ {
			g[i] += l2 * w[i]
			h[i][i] += l2
		}
		// held weights stay at zero: their rows become the identity
		for i := range d {
			h[i][i] += 1e-9
			if fixed[i] {
				for j := range d {
					h[i][j], h[j][i] = 0, 0
				}
				h[i][i], g[i] = 1, 0
			}
		}
		step := solve(h, g)
		change := 0.0
		for i := range w {
			next := w[i] - step[i]
			if signs[i] != 0 && next*float64(signs[i]) < 0 {
				next, fixed[i] = 0, true
			}
			change = max(change, math.Abs(next-w[i]))
			w[i] = next
		}
		// a held weight is freed again when its gradient points inside
		for i := range w {
			if fixed[i] && signs[i] != 0 && -gradient(ex, w, perQuery, l2, i)*float64(signs[i]) > 1e-6 && iter%10 == 9 {
				fixed[i] = false
			}
		}
		if change < 1e-7 {
			break
		}
	}
	return w
}

// gradient is the penalised log-loss gradient for weight i.
func gradient(ex []screening.Example, w []float64, perQuery map[int]int, l2 float64, i int) float64 {
	g := 0.0
	for _, e := range ex {
		if e.Features[i] == 0 {
			continue
		}
		y := 0.0
		if e.Positive {
			y = 1
		}
		g += (sigmoid(dot(w, e.Features)) - y) * e.Features[i] / float64(perQuery[e.Query])
	}
	if i > 0 {
		g += l2 * w[i]
	}
	return g
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [][]float64, g []float64) []float64 {
	n := len(g)
	a := make([][]float64, n)
	for i := range a {
		a[i] = append(slices.Clone(h[i]), g[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k <= n; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// measure computes the held-out log loss, Brier score and AUC.
func measure(ex []screening.Example) map[string]float64 {
	var ll, brier float64
	for _, e := range ex {
		p := min(max(e.Score, 1e-12), 1-1e-12)
		y := 0.0
		if e.Positive {
			y = 1
			ll -= math.Log(p)
		} else {
			ll -= math.Log(1 - p)
		}
		brier += (p - y) * (p - y)
	}
	n := float64(len(ex))
	return map[string]float64{"log_loss": ll / n, "brier": brier / n, "auc": auc(ex), "examples": n, "positives": float64(positives(ex))}
}

// auc is the probability that a positive outscores a negative.
func auc(ex []screening.Example) float64 {
	s := slices.Clone(ex)
	slices.SortFunc(s, func(a, b screening.Example) int { return cmpF(a.Score, b.Score) })
	var rankSum, pos float64
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j].Score == s[i].Score {
			j++
		}
		mid := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if s[k].Positive {
				rankSum += mid
				pos++
			}
		}
		i = j
	}
	neg := float64(len(s)) - pos
	if pos == 0 || neg == 0 {
		return 0
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// queryRates are, at threshold t, the share of mixed and random queries
// with an alert, and the share of alias and perturbed queries whose best
// candidate is right and alerts.
func queryRates(ex []screening.Example, t float64) (fprMixed, fprRandom, recallAlias, recallPerturbed float64) {
	type q struct {
		kind       string
		best       float64
		bestIsGood bool
	}
	qs := map[int]*q{}
	for _, e := range ex {
		x := qs[e.Query]
		if x == nil {
			x = &q{kind: e.Kind, best: -1}
			qs[e.Query] = x
		}
		if e.Score > x.best || e.Score == x.best && e.Positive {
			x.best, x.bestIsGood = e.Score, e.Positive
		}
	}
	count := map[string][2]int{}
	for _, x := range qs {
		c := count[x.kind]
		c[1]++
		switch x.kind {
		case "mixed", "random":
			if x.best >= t {
				c[0]++
			}
		default:
			if x.best >= t && x.bestIsGood {
				c[0]++
			}
		}
		count[x.kind] = c
	}
	rate := func(k string) float64 {
		if count[k][1] == 0 {
			return 0
		}
		return float64(count[k][0]) / float64(count[k][1])
	}
	return rate("mixed"), rate("random"), rate("alias"), rate("perturbed")
}

// chooseThreshold is the lowest threshold (in hundredths) at which held-out
// mixed names alert at most 0.5 % of the time and random names 0.2 %.
func chooseThreshold(ex []screening.Example) float64 {
	for t := 5; t < 100; t++ {
		fm, fr, _, _ := queryRates(ex, float64(t)/100)
		if fm <= 0.005 && fr <= 0.002 {
			return float64(t) / 100
		}
	}
	return 0.99
}

func round(w []float64, places int) []float64 {
	f := math.Pow(10, float64(places))
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = math.Round(v*f) / f
	}
	return out
}

func roundMap(m map[string]float64) map[string]float64 {
	for k, v := range m {
		m[k] = math.Round(v*10000) / 10000
	}
	return m
}

// reliabilityPlot draws, for ten bins of predicted score, the share of
// held-out examples that were right: on the diagonal, a score of 0.9 is
// right nine times in ten.
func reliabilityPlot(ex []screening.Example, threshold float64) []byte {
	const bins = 10
	var n, pos [bins]float64
	var sum [bins]float64
	for _, e := range ex {
		b := min(int(e.Score*bins), bins-1)
		n[b]++
		sum[b] += e.Score
		if e.Positive {
			pos[b]++
		}
	}
	const size, pad = 360.0, 48.0
	x := func(v float64) float64 { return pad + v*size }
	y := func(v float64) float64 { return pad + (1-v)*size }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-family="sans-serif" font-size="11">`+"\n", size+2*pad, size+2*pad+16)
	fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="none" stroke="#999"/>`+"\n", pad, pad, size, size)
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%.1f</text><text x="%.1f" y="%.1f" text-anchor="end">%.1f</text>`+"\n", x(v), y(0)+14, v, x(0)-4, y(v)+4, v)
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#bbb" stroke-dasharray="4 3"/>`+"\n", x(0), y(0), x(1), y(1))
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#c33"/><text x="%.1f" y="%.1f" fill="#c33">threshold %.2f</text>`+"\n", x(threshold), y(0), x(threshold), y(1), x(threshold)-4, y(1)-6, threshold)
	var pts []string
	for i := range bins {
		if n[i] == 0 {
			continue
		}
		mean, frac := sum[i]/n[i], pos[i]/n[i]
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(mean), y(frac)))
		r := 2 + math.Log10(n[i]+1)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="#36c"><title>scores %.1f–%.1f: %.0f examples, %.3f right</title></circle>`+"\n", x(mean), y(frac), r, float64(i)/bins, float64(i+1)/bins, n[i], frac)
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#36c"/>`+"\n", strings.Join(pts, " "))
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">score (held-out list pairs, %d examples)</text>`+"\n", x(0.5), y(0)+30, len(ex))
	fmt.Fprintf(&b, `<text x="12" y="%.1f" transform="rotate(-90 12 %.1f)" text-anchor="middle">share right</text>`+"\n", y(0.5), y(0.5))
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// writeDump writes examples as TSV: kind, label, score, query, listed,
// then the features.
func writeDump(path string, ex []screening.Example) {
	var b strings.Builder
	b.WriteString("kind\tquery_no\tpositive\tscore\tquery\tlisted\tsubject\t" + strings.Join(screening.FeatureNames(), "\t") + "\n")
	for _, e := range ex {
		fmt.Fprintf(&b, "%s\t%d\t%v\t%.4f\t%s\t%s\t%s", e.Kind, e.Query, e.Positive, e.Score, e.QueryName, e.Listed, e.Subject)
		for _, v := range e.Features {
			fmt.Fprintf(&b, "\t%.3g", v)
		}
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

// Command benchreport regenerates docs/benchmarks.md and docs/pr-curve.svg:
// screening quality measured by running the real vigil binary on the
// labelled sets in ../shared/eval (scored with their own scorer), and the
// Go benchmarks of the hot paths (medians of several runs).
//
//	go run ./tools/benchreport            # everything (several minutes)
//	go run ./tools/benchreport -bench=false  # quality only (the speed section is kept)
//	go run ./tools/benchreport -scale     # also the 1,000,000-subject run (tools/benchscale, about ten minutes more)
//
// Without -scale the section "One million subjects" of the current report
// is kept as it is.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/screening"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared folder (data and eval)")
	doBench := flag.Bool("bench", true, "run the Go benchmarks")
	count := flag.Int("count", 3, "benchmark runs (the median is reported)")
	scale := flag.Bool("scale", false, "run tools/benchscale on a synthetic list of 1,000,000 subjects (about ten minutes on 2 cores)")
	flag.Parse()
	scaleSection := keptSection("docs/benchmarks.md", scaleHeading)
	speedSection := keptSection("docs/benchmarks.md", speedHeading)
	tmp, err := os.MkdirTemp("", "benchreport")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "vigil")
	run("go", "build", "-o", bin, "./cmd/vigil")

	var doc bytes.Buffer
	kept := ""
	if !*doBench && speedSection != "" {
		kept = " The speed section is kept from an earlier run (this one ran with `-bench=false`)."
	}
	fmt.Fprintf(&doc, "# Vigil benchmark report\n\nRegenerate with `go run ./tools/benchreport` (or `make report`). Machine: %d cores, %s, %s. Generated %s.%s\n\n",
		runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH, runtime.Version(), time.Now().UTC().Format("2006-01-02"), kept)
	quality(&doc, bin, tmp, *shared)
	articleQuality(&doc, bin, tmp, *shared)
	if *doBench {
		benchmarks(&doc, *count)
	} else if speedSection != "" {
		doc.WriteString(strings.TrimSpace(speedSection) + "\n\n")
	}
	if *scale {
		out := filepath.Join(tmp, "scale.md")
		run("go", "run", "./tools/benchscale", "-shared", *shared, "-out", out)
		b, err := os.ReadFile(out)
		if err != nil {
			log.Fatal(err)
		}
		scaleSection = scaleHeading + "\n\nRegenerate with `go run ./tools/benchreport -scale` (or `go run ./tools/benchscale` alone); what each step runs is in docs/screening.md, \"One million subjects\".\n\n" + string(b)
	}
	if scaleSection != "" {
		doc.WriteString("\n" + strings.TrimSpace(scaleSection) + "\n")
	}
	if err := os.WriteFile("docs/benchmarks.md", doc.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Print("wrote docs/benchmarks.md and docs/pr-curve.svg")
}

// scaleHeading starts the section of the 1,000,000-subject run, and
// speedHeading that of the Go benchmarks: a run without them keeps them.
const (
	scaleHeading = "## One million subjects"
	speedHeading = "## Speed"
)

// keptSection is the section of a Markdown file whose heading line starts
// with heading, up to the next heading of its level; "" when absent.
func keptSection(path, heading string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.Index(s, "\n"+heading)
	if i < 0 {
		return ""
	}
	s = s[i+1:]
	if j := strings.Index(s[len(heading):], "\n## "); j >= 0 {
		s = s[:len(heading)+j]
	}
	return s
}

func run(name string, args ...string) string {
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return out.String()
}

// quality imports the eval corpus with the real binary, screens every eval
// query in one batch, and scores the predictions with the eval's scorer.
func quality(doc *bytes.Buffer, bin, tmp, shared string) {
	db := filepath.Join(tmp, "eval.db")
	data := filepath.Join(shared, "data")
	eval := filepath.Join(shared, "eval")
	run(bin, "--db", db, "lists", "import", "--source", "un", filepath.Join(data, "lists/un/consolidated-2026-02-27.xml"))
	run(bin, "--db", db, "lists", "import", "--source", "ofac", filepath.Join(data, "lists/ofac/sdn-csv-2019-01-15"))
	gold := filepath.Join(eval, "all.tsv")
	f, err := os.Open(gold)
	if err != nil {
		log.Fatal(err)
	}
	seen := map[string]bool{}
	var queries []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q, _, _ := strings.Cut(sc.Text(), "\t")
		if q != "query" && !seen[q] {
			seen[q] = true
			queries = append(queries, q)
		}
	}
	f.Close()
	qfile := filepath.Join(tmp, "queries.txt")
	os.WriteFile(qfile, []byte(strings.Join(queries, "\n")+"\n"), 0o644)
	preds := filepath.Join(tmp, "preds.tsv")
	run(bin, "--db", db, "screen", "--batch", qfile, "--threshold", "-1", "--limit", "10", "--out", preds)
	scorer := filepath.Join(eval, "scorer", "main.go")
	th := strconv.FormatFloat(screening.DefaultThreshold, 'f', 2, 64)
	byKind := run("go", "run", scorer, "-gold", gold, "-pred", preds, "-threshold", th)
	byOp := run("go", "run", scorer, "-gold", gold, "-pred", preds, "-threshold", th, "-by", "op")
	var ts []string
	for t := 0.10; t < 0.995; t += 0.04 {
		if def := screening.DefaultThreshold; def > t-0.04 && def < t {
			ts = append(ts, strconv.FormatFloat(def, 'f', 2, 64)) // the default, in order
		}
		ts = append(ts, strconv.FormatFloat(t, 'f', 2, 64))
	}
	sweep := run("go", "run", scorer, "-gold", gold, "-pred", preds, "-sweep", strings.Join(ts, ","))
	fmt.Fprintf(doc, "## Screening quality (shared/eval, DEV half)\n\n")
	fmt.Fprintf(doc, "Corpus: UN consolidated 2026-02-27 plus OFAC SDN 2019-01-15, imported with `vigil lists import`; %d distinct queries screened with `vigil screen --batch`; predictions scored by `shared/eval/scorer`. Default threshold **%s**.\n\n", len(queries), th)
	fmt.Fprintf(doc, "### At the default threshold, by kind\n\n```\n%s```\n\n### By perturbation\n\n```\n%s```\n\n", trimScorer(byKind), onlyOps(byOp))
	fmt.Fprintf(doc, "### Precision/recall against the threshold\n\n![precision/recall curve](pr-curve.svg)\n\n```\n%s```\n\n", sweep)
	writeCurve(sweep, screening.DefaultThreshold)
}

func trimScorer(s string) string {
	i := strings.Index(s, "group")
	if i < 0 {
		return s
	}
	return s[i:]
}

func onlyOps(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "op=") && !strings.Contains(l, "op=-") || strings.HasPrefix(l, "group") && len(out) == 0 {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// writeCurve draws recall@1 and the false-positive rate against the
// threshold as an SVG, marking the default.
func writeCurve(sweep string, def float64) {
	type pt struct{ t, recall, prec, fpr float64 }
	var pts []pt
	for _, l := range strings.Split(sweep, "\n") {
		f := strings.Fields(l)
		if len(f) != 5 {
			continue
		}
		t, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			continue
		}
		r, _ := strconv.ParseFloat(f[1], 64)
		p, _ := strconv.ParseFloat(f[2], 64)
		fp, _ := strconv.ParseFloat(f[4], 64)
		pts = append(pts, pt{t, r, p, fp})
	}
	const w, h, m = 640.0, 400.0, 50.0
	x := func(t float64) float64 { return m + t*(w-2*m) }
	y := func(v float64) float64 { return h - m - v*(h-2*m) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-family="sans-serif" font-size="12">`+"\n", w, h)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", m, h-m, w-m, h-m, m, m, m, h-m)
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="end">%.1f</text>`+"\n", m-6, y(v)+4, v)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle">%.1f</text>`+"\n", x(v), h-m+16, v)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle">threshold</text>`+"\n", w/2, h-12)
	line := func(get func(pt) float64, color, label string, ly float64) {
		var ps []string
		for _, p := range pts {
			ps = append(ps, fmt.Sprintf("%.1f,%.1f", x(p.t), y(get(p))))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", color, strings.Join(ps, " "))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" fill="%s">%s</text>`+"\n", w-m-150, ly, color, label)
	}
	line(func(p pt) float64 { return p.recall }, "#1f77b4", "recall@1", m+10)
	line(func(p pt) float64 { return p.prec }, "#2ca02c", "precision@1", m+26)
	line(func(p pt) float64 { return p.fpr }, "#d62728", "false-positive rate", m+42)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="gray" stroke-dasharray="4"/><text x="%.1f" y="%.0f" fill="gray">default %.2f</text>`+"\n", x(def), m, x(def), h-m, x(def)+4, m+60, def)
	b.WriteString("</svg>\n")
	if err := os.WriteFile("docs/pr-curve.svg", []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// benchmarks runs the hot-path benchmarks count times and reports the
// median of every metric.
func benchmarks(doc *bytes.Buffer, count int) {
	type key struct{ name, unit string }
	values := map[key][]float64{}
	var order []key
	for _, set := range []struct{ pkg, pattern, benchtime string }{
		{"./internal/ingest", "ImportUNAndOFAC|ImportOFSI", "3x"},
		{"./internal/screening", "BuildIndex|BenchmarkScreen$|ScreenParallel", "2s"},
		{"./internal/screening", "BatchMillion", "1x"},
		{"./internal/manifest", "Manifest10k", "3x"},
		{"./internal/scan", "ScanEnglish|ScannerBuild", "2s"},
		// the news monitor end to end; its postgres half runs when
		// VIGIL_TEST_POSTGRES is set (as in CI)
		{"./internal/cli", "WatchEndToEnd", "2x"},
	} {
		out := run("go", "test", "-run", "^$", "-bench", set.pattern, "-benchtime", set.benchtime, "-count", strconv.Itoa(count), "-benchmem", set.pkg)
		for _, l := range strings.Split(out, "\n") {
			m := benchLine.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			f := strings.Fields(m[2])
			for i := 0; i+1 < len(f); i += 2 {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					continue
				}
				k := key{m[1], f[i+1]}
				if _, ok := values[k]; !ok {
					order = append(order, k)
				}
				values[k] = append(values[k], v)
			}
		}
	}
	fmt.Fprintf(doc, "## Speed (median of %d runs)\n\nCorpus: UN 2026-05-08 plus OFAC SDN 2023-12-28 (BenchmarkBuildIndex counts its subjects and indexed names). Queries: the eval queries, cycled.\n\n| benchmark | metric | median |\n|---|---|---:|\n", count)
	for _, k := range order {
		vs := values[k]
		sort.Float64s(vs)
		med := vs[len(vs)/2]
		fmt.Fprintf(doc, "| %s | %s | %s |\n", k.name, k.unit, human(med, k.unit))
	}
	doc.WriteString("\nReading the figures: `ns/op` of BenchmarkImportUNAndOFAC is the time to import both lists into an empty SQLite store, and of BenchmarkImportOFSI the OFSI list (18,796 rows grouped into 4,686 subjects); ")
	doc.WriteString("`queries/s` of BenchmarkScreenParallel is single-name screening on every core; `p99-µs` is the 99th-percentile latency of one query; ")
	doc.WriteString("`s/million` is a batch of 1,000,000 names through `RunBatch` (reader, all cores, ordered writer); `index-MB` is the heap taken by the screening index; BenchmarkManifest10k checks 10,000 passengers with travel verdicts; `MB/s` of BenchmarkScanEnglish is English news scanned per core (mentions, places, trips and verdicts); ")
	doc.WriteString("`articles/s/core` of BenchmarkWatchEndToEnd is the news monitor end to end per core — `vigil watch --once` fetching queued articles from eight loopback sites (one request at a time per site), extracting, fingerprinting, scanning and filing alerts through the job queue — on SQLite and on PostgreSQL (target ≥ 20).\n")
}

func human(v float64, unit string) string {
	if unit == "ns/op" {
		d := time.Duration(v)
		return d.Round(time.Microsecond).String()
	}
	if slices.Contains([]string{"B/op", "allocs/op", "names", "subjects"}, unit) || v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// articleQuality scans every labelled news article of shared/eval/articles
// with the real binary, as the eval's run.sh does, and scores the output
// with its scorer: all articles, then each language alone. It also times
// a single `vigil scan FILE` on a store holding the UN history, OFAC and
// GeoNames (the scanner's structures persisted after the first call).
func articleQuality(doc *bytes.Buffer, bin, tmp, shared string) {
	db := filepath.Join(tmp, "articles.db")
	data := filepath.Join(shared, "data")
	dir := filepath.Join(shared, "eval", "articles")
	un := []string{"consolidated-2024-09-26.xml.gz", "consolidated-2025-12-10.xml.gz", "consolidated-2026-02-27.xml", "consolidated-2026-05-08.xml"}
	for _, f := range un {
		run(bin, "--db", db, "lists", "import", "--source", "un", filepath.Join(data, "lists/un", f))
	}
	run(bin, "--db", db, "places", "import", filepath.Join(data, "geonames"))
	files, err := filepath.Glob(filepath.Join(dir, "[0-9]*.json"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no labelled articles in %s", dir)
	}
	preds := filepath.Join(tmp, "article-preds")
	byLang := map[string][]string{}
	for _, f := range files {
		var a struct {
			Text      string  `json:"text"`
			Published *string `json:"published"`
			Language  string  `json:"language"`
		}
		b, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(b, &a)
		}
		if err != nil {
			log.Fatalf("%s: %v", f, err)
		}
		name := filepath.Base(f)
		txt := filepath.Join(tmp, strings.TrimSuffix(name, ".json")+".txt")
		os.WriteFile(txt, []byte(a.Text), 0o644)
		args := []string{"--db", db, "scan", txt, "--json"}
		if a.Published != nil {
			args = append(args, "--published", *a.Published)
		}
		out := run(bin, args...)
		for _, sub := range []string{"all", "lang-" + a.Language} {
			os.MkdirAll(filepath.Join(preds, sub), 0o755)
			os.WriteFile(filepath.Join(preds, sub, name), []byte(out), 0o644)
		}
		byLang[a.Language] = append(byLang[a.Language], f)
	}
	scorer := filepath.Join(dir, "scorer")
	score := func(labels, pred string) string {
		cmd := exec.Command("go", "run", ".", "-labels", labels, "-pred", pred)
		cmd.Dir = scorer
		out, err := cmd.Output()
		if err != nil {
			log.Fatalf("article scorer: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	all := score(dir, filepath.Join(preds, "all"))
	fmt.Fprintf(doc, "## News articles (shared/eval/articles, DEV)\n\n")
	fmt.Fprintf(doc, "%d labelled real news excerpts scanned one by one with `vigil scan FILE --json [--published D]` on a store holding four UN versions (2024-09-26 to 2026-05-08) and GeoNames cities15000; scored by `shared/eval/articles/scorer` (as its run.sh does). Targets (#13): subjects recall ≥ 0.95 and precision ≥ 0.92, trips F1 ≥ 0.85, verdict accuracy ≥ 0.92.\n\n```\n%s\n```\n\n", len(files), all)
	fmt.Fprintf(doc, "### By language\n\n| language | articles | subjects recall | subjects precision | trips F1 (tp/fp/fn) | verdicts |\n|---|---|---|---|---|---|\n")
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		return len(byLang[langs[i]]) > len(byLang[langs[j]]) || len(byLang[langs[i]]) == len(byLang[langs[j]]) && langs[i] < langs[j]
	})
	for _, l := range langs {
		labels := filepath.Join(tmp, "labels-"+l)
		os.MkdirAll(labels, 0o755)
		for _, f := range byLang[l] {
			os.Symlink(f, filepath.Join(labels, filepath.Base(f)))
		}
		out := score(labels, filepath.Join(preds, "lang-"+l))
		trips, verdicts := field(out, "trips F1 ")+" "+paren(out, "trips F1 "), field(out, "verdict accuracy ")
		if strings.Contains(out, "(tp 0 fp 0 fn 0)") {
			trips = "- (no trips)"
		}
		if strings.Contains(out, "(n=0)") {
			verdicts = "- (n=0)"
		}
		fmt.Fprintf(doc, "| %s | %d | %s | %s | %s | %s |\n", l, len(byLang[l]), field(out, "subjects recall "), field(out, "precision "), trips, verdicts)
	}
	// one article, one process: what a user waits for
	run(bin, "--db", db, "lists", "import", "--source", "ofac", filepath.Join(data, "lists/ofac/sdn-csv-2023-12-28"))
	txt := filepath.Join(tmp, strings.TrimSuffix(filepath.Base(files[0]), ".json")+".txt")
	run(bin, "--db", db, "scan", txt) // builds and saves the scanner's structures
	var times []float64
	for range 7 {
		start := time.Now()
		run(bin, "--db", db, "scan", txt)
		times = append(times, time.Since(start).Seconds())
	}
	sort.Float64s(times)
	fmt.Fprintf(doc, "\n`vigil scan FILE` of one article, wall time with the UN history, OFAC SDN and GeoNames imported (after the first call saved the index): median %.2f s of 7 (min %.2f, max %.2f); target ≤ 0.5 s.\n\n", times[3], times[0], times[6])
}

// field is the number after label in the scorer's output ("" if absent).
func field(out, label string) string {
	i := strings.Index(out, label)
	if i < 0 {
		return "-"
	}
	f := strings.Fields(out[i+len(label):])
	if len(f) == 0 {
		return "-"
	}
	return f[0]
}

// paren is the parenthesised part after label ("(tp 3 fp 1 fn 2)").
func paren(out, label string) string {
	i := strings.Index(out, label)
	if i < 0 {
		return ""
	}
	rest := out[i:]
	a, b := strings.IndexByte(rest, '('), strings.IndexByte(rest, ')')
	if a < 0 || b < a || strings.Contains(rest[:a], "\n") {
		return ""
	}
	return rest[a : b+1]
}

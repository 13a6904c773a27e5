// Command benchscale measures Vigil on a synthetic list of OpenSanctions'
// size (tools/genlist) and writes the figures as a Markdown section, which
// `go run ./tools/benchreport -scale` puts into docs/benchmarks.md:
//
//	go run ./tools/benchscale                 # 1,000,000 subjects (about ten minutes on 2 cores)
//	go run ./tools/benchscale -n 20000        # a quick look
//
// Every step runs the real program: the list is written by genlist, then
// imported by `vigil lists import --source opensanctions`; the first
// `vigil screen` builds the screening index and saves it in the cache
// folder, the next ones read it (each timed from process start to exit,
// with its peak resident memory). Throughput and latency are measured in
// this process on the index read from that cache, screening from as many
// goroutines as there are cores (GOMAXPROCS): half the queries are the
// eval's (real names, most of them on no synthetic record), half names of
// the synthetic list written another way (words dropped, reordered, a
// letter changed).
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared folder (real lists and eval queries)")
	n := flag.Int("n", 1_000_000, "subjects in the synthetic list")
	work := flag.String("work", "", "working folder (default: a temporary one, removed at the end); an existing list and store there are reused")
	starts := flag.Int("starts", 6, "`vigil screen` runs reading the saved index (the first checks it whole; the median of the others is reported)")
	seconds := flag.Float64("seconds", 20, "seconds of screening for throughput and latency")
	out := flag.String("out", "", "write the Markdown section to this file (default: standard output)")
	steps := flag.String("steps", "import,build,start,serve", "the steps to run (the list is written when absent)")
	child := flag.String("child", "", "internal: run one in-process step (build or serve) on -db and -cache, print its figures as JSON")
	childDB := flag.String("db", "", "internal: the store of -child")
	childCache := flag.String("cache", "", "internal: the cache folder of -child")
	childQueries := flag.String("queries", "", "internal: the query file of -child")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the screening step to this file")
	flag.Parse()
	if *child != "" {
		runChild(*child, *childDB, *childCache, *childQueries, *seconds, *cpuProfile)
		return
	}
	do := func(s string) bool { return slices.Contains(strings.Split(*steps, ","), s) }
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "benchscale")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	bin := filepath.Join(dir, "vigil")
	run("go", "build", "-o", bin, "./cmd/vigil")
	run("go", "build", "-o", filepath.Join(dir, "genlist"), "./tools/genlist")
	list := filepath.Join(dir, fmt.Sprintf("synthetic-%d.ftm.json", *n))
	db := filepath.Join(dir, fmt.Sprintf("synthetic-%d.db", *n))
	cacheDir := db + "-cache"
	var r report
	r.n = *n
	if _, err := os.Stat(list); err != nil {
		r.generate = timed(filepath.Join(dir, "genlist"), "-data", filepath.Join(*shared, "data"), "-n", strconv.Itoa(*n), "-o", list)
	}
	if fi, err := os.Stat(list); err == nil {
		r.listMB = fi.Size() >> 20
	}
	if _, err := os.Stat(db); err != nil || do("import") {
		os.Remove(db)
		r.imp = timed(bin, "--db", db, "lists", "import", "--source", "opensanctions", list)
	}
	queries := makeQueries(*shared, list)
	if _, err := os.Stat(cacheDir); err != nil || do("start") {
		os.RemoveAll(cacheDir) // the first screen builds the index
		r.first = timed(bin, "--db", db, "--cache-dir", cacheDir, "screen", queries[0])
		for i := range *starts {
			r.starts = append(r.starts, timed(bin, "--db", db, "--cache-dir", cacheDir, "screen", queries[(i+1)*97%len(queries)]))
		}
	}
	// In-process steps run in child processes, so that each one's peak
	// memory is its own; they keep their own cache folder, since a cache
	// entry belongs to the program that wrote it.
	benchCache := filepath.Join(dir, "benchscale-cache")
	qfile := filepath.Join(dir, "queries.txt")
	if err := os.WriteFile(qfile, []byte(strings.Join(queries, "\n")+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	childArgs := func(step string) []string {
		return []string{"-child", step, "-db", db, "-cache", benchCache, "-queries", qfile, "-seconds", strconv.FormatFloat(*seconds, 'f', -1, 64), "-cpuprofile", *cpuProfile}
	}
	if _, err := os.Stat(benchCache); err != nil || do("build") {
		os.RemoveAll(benchCache)
		fromChild(self, childArgs("build"), &r.build)
	}
	if do("serve") {
		fromChild(self, childArgs("serve"), &r.load)
	}
	md := r.markdown()
	if *out == "" {
		fmt.Print(md)
		return
	}
	if err := os.WriteFile(*out, []byte(md), 0o644); err != nil {
		log.Fatal(err)
	}
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
}

// step is one run of a program: its wall time and peak resident memory.
type step struct {
	wall, cpu time.Duration
	maxMB     int64
}

func timed(name string, args ...string) step {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	s := step{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.maxMB = ru.Maxrss >> 10 // kilobytes on Linux
	}
	log.Printf("%s %s: %v (%v of CPU), %d MB", filepath.Base(name), strings.Join(args[min(len(args), 2):], " "), s.wall.Round(time.Millisecond), s.cpu.Round(time.Millisecond), s.maxMB)
	return s
}

// makeQueries mixes the eval's queries with names of the synthetic list
// written another way, interleaved.
func makeQueries(shared, list string) []string {
	var evalQs []string
	if f, err := os.Open(filepath.Join(shared, "eval", "all.tsv")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if q, _, _ := strings.Cut(sc.Text(), "\t"); q != "query" && q != "" {
				evalQs = append(evalQs, q)
			}
		}
		f.Close()
	}
	f, err := os.Open(list)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	var listed []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for i := 0; sc.Scan(); i++ {
		if i%97 != 0 || len(listed) >= max(len(evalQs), 2000) {
			continue
		}
		var e struct {
			Caption string `json:"caption"`
		}
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Caption != "" {
			listed = append(listed, respell(rng, e.Caption))
		}
	}
	var qs []string
	for i := range max(len(evalQs), len(listed)) {
		if i < len(evalQs) {
			qs = append(qs, evalQs[i])
		}
		if i < len(listed) {
			qs = append(qs, listed[i])
		}
	}
	return qs
}

// respell writes a name another way: as listed, without a middle word,
// reordered, or with a letter changed.
func respell(rng *rand.Rand, name string) string {
	w := strings.Fields(name)
	switch rng.IntN(4) {
	case 1:
		if len(w) > 2 {
			w = slices.Delete(w, 1, 2)
		}
	case 2:
		if len(w) > 1 {
			w = append(w[1:], w[0])
		}
	case 3:
		i := rng.IntN(len(w))
		if r := []rune(w[i]); len(r) > 3 {
			r[len(r)/2] = 'e'
			w[i] = string(r)
		}
	}
	return strings.Join(w, " ")
}

// fromChild runs this program on one in-process step and reads its
// figures.
func fromChild(self string, args []string, into any) {
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("%s %s: %v", self, strings.Join(args, " "), err)
	}
	if err := json.Unmarshal(out, into); err != nil {
		log.Fatalf("figures of %s: %v", args[1], err)
	}
}

func runChild(step, db, cacheDir, queryFile string, seconds float64, profile string) {
	var v any
	switch step {
	case "build":
		v = buildInProcess(db, cacheDir)
	case "serve":
		b, err := os.ReadFile(queryFile)
		if err != nil {
			log.Fatal(err)
		}
		v = serve(db, cacheDir, strings.Split(strings.TrimSpace(string(b)), "\n"), time.Duration(seconds*float64(time.Second)), profile)
	default:
		log.Fatalf("unknown step %q", step)
	}
	if err := json.NewEncoder(os.Stdout).Encode(v); err != nil {
		log.Fatal(err)
	}
}

// buildTimes is the index built in process from the store, and saved.
type buildTimes struct {
	Wall  time.Duration
	CPU   time.Duration
	Heap  int64 // MB of heap the built index holds
	RSS   int64 // MB, peak
	Names int
}

func buildInProcess(db, cacheDir string) buildTimes {
	ctx := context.Background()
	st, err := store.OpenExisting(ctx, db, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	ix, err := screening.Open(ctx, st, cache.Open(cacheDir, nil), time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	b := buildTimes{Wall: time.Since(start), CPU: cpuTime()}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.Heap = (int64(after.HeapAlloc) - int64(before.HeapAlloc)) >> 20
	_, b.Names = ix.Size()
	b.RSS = peakRSS()
	runtime.KeepAlive(ix)
	log.Printf("index built in process and saved: %v (%v of CPU), %d MB of heap, %d MB peak RSS, %d names", b.Wall.Round(time.Millisecond), b.CPU.Round(time.Millisecond), b.Heap, b.RSS, b.Names)
	return b
}

// loadFigures are screening figures on the index read from the cache.
type loadFigures struct {
	Open      time.Duration
	Queries   int
	PerSecond float64
	// CPUPerQuery is the processor time the run took per query: on a
	// machine shared with other work the wall-clock rate understates what
	// two cores of its own would do, 2 / CPUPerQuery.
	CPUPerQuery   time.Duration
	P50, P99, Max time.Duration
	// CPUP50 and CPUP99 are percentiles of the processor time of one
	// query (its thread's), which waiting for a core does not inflate.
	CPUP50, CPUP99 time.Duration
	RSS            int64
	Procs          int
}

func serve(db, cacheDir string, queries []string, d time.Duration, profile string) loadFigures {
	ctx := context.Background()
	st, err := store.OpenExisting(ctx, db, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	ix, err := screening.Open(ctx, st, cache.Open(cacheDir, nil), time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	lf := loadFigures{Open: time.Since(start), Procs: runtime.GOMAXPROCS(0)}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	// warm up: one pass over a tenth of the queries
	for _, q := range queries[:len(queries)/10] {
		ix.Screen(screening.Query{Name: q})
	}
	var next atomic.Int64
	var mu sync.Mutex
	var lat, latCPU []time.Duration
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	cpu0 := cpuTime()
	start = time.Now()
	for range lf.Procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread() // so that the thread's processor time is the query's
			defer runtime.UnlockOSThread()
			var mine, mineCPU []time.Duration
			for time.Now().Before(deadline) {
				q := queries[int(next.Add(1))%len(queries)]
				t, c := time.Now(), threadCPU()
				ix.Screen(screening.Query{Name: q})
				mine = append(mine, time.Since(t))
				mineCPU = append(mineCPU, threadCPU()-c)
			}
			mu.Lock()
			lat = append(lat, mine...)
			latCPU = append(latCPU, mineCPU...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	slices.Sort(lat)
	slices.Sort(latCPU)
	lf.CPUP50, lf.CPUP99 = latCPU[len(latCPU)/2], latCPU[len(latCPU)*99/100]
	lf.Queries = len(lat)
	lf.PerSecond = float64(len(lat)) / elapsed.Seconds()
	lf.CPUPerQuery = cpu / time.Duration(len(lat))
	lf.P50, lf.P99, lf.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	lf.RSS = peakRSS()
	log.Printf("index read from the cache in %v; screening: %d queries in %v on %d cores: %.0f/s (%v of CPU each), p50 %v, p99 %v (of CPU: %v, %v); peak RSS %d MB",
		lf.Open.Round(time.Millisecond), lf.Queries, elapsed.Round(time.Millisecond), lf.Procs, lf.PerSecond, lf.CPUPerQuery, lf.P50, lf.P99, lf.CPUP50, lf.CPUP99, lf.RSS)
	runtime.KeepAlive(ix)
	return lf
}

// threadCPU is the processor time of the calling thread (Linux's
// CLOCK_THREAD_CPUTIME_ID); 0 where it cannot be read.
func threadCPU() time.Duration {
	if runtime.GOOS != "linux" {
		return 0
	}
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// cpuTime is the processor time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is this process's peak resident memory in MB (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb >> 10
		}
	}
	return -1
}

type report struct {
	n             int
	listMB        int64
	generate, imp step
	first         step
	starts        []step
	build         buildTimes
	load          loadFigures
}

func (r *report) markdown() string {
	var b strings.Builder
	sec := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s" }
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64) + " ms"
	}
	fmt.Fprintf(&b, "Synthetic list of %d subjects (%d MB of FtM JSON lines, `go run ./tools/genlist`), %d cores, %s. ", r.n, r.listMB, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"))
	b.WriteString("Wall-clock times, with the processor time the step used in parentheses: on a machine shared with other work the first overstates what the step needs.\n\n")
	b.WriteString("| step | target | measured | peak resident memory |\n|---|---|---:|---:|\n")
	both := func(s step) string { return sec(s.wall) + " (" + sec(s.cpu) + ")" }
	if r.generate.wall > 0 {
		fmt.Fprintf(&b, "| write the list (`genlist`) | | %s | %d MB |\n", both(r.generate), r.generate.maxMB)
	}
	if r.imp.wall > 0 {
		fmt.Fprintf(&b, "| `vigil lists import --source opensanctions` | ≤ 5 min | %s | %d MB |\n", both(r.imp), r.imp.maxMB)
	}
	if r.build.Wall > 0 {
		fmt.Fprintf(&b, "| index built from the store and saved (`screening.Open`, in process) | ≤ 60 s | %s | %d MB (the index: %d MB of heap) |\n",
			both(step{wall: r.build.Wall, cpu: r.build.CPU}), r.build.RSS, r.build.Heap)
	}
	if r.first.wall > 0 {
		fmt.Fprintf(&b, "| first `vigil screen NAME` (reads the store, builds and saves the index) | | %s | %d MB |\n", both(r.first), r.first.maxMB)
		fmt.Fprintf(&b, "| first `vigil screen NAME` reading the saved index (checks it whole, marks it) | | %s | %d MB |\n", both(r.starts[0]), r.starts[0].maxMB)
	}
	if len(r.starts) > 1 {
		rest := r.starts[1:]
		slices.SortFunc(rest, func(a, b step) int { return cmp.Compare(a.wall, b.wall) })
		med := rest[len(rest)/2]
		var startMB int64
		for _, s := range rest {
			startMB = max(startMB, s.maxMB)
		}
		fmt.Fprintf(&b, "| `vigil screen NAME` with the saved index (median of %d) | ≤ 0.3 s | %s | %d MB |\n", len(rest), both(med), startMB)
	}
	if r.load.Queries > 0 {
		fmt.Fprintf(&b, "| index read from the cache in process | | %s | |\n", ms(r.load.Open))
		fmt.Fprintf(&b, "| screening, %d goroutines: queries/s (wall clock) | ≥ 5,000 | %.0f | %d MB |\n", r.load.Procs, r.load.PerSecond, r.load.RSS)
		fmt.Fprintf(&b, "| screening: processor time per query, and the rate of %d cores of its own | | %.0f µs, %.0f/s | |\n", r.load.Procs,
			float64(r.load.CPUPerQuery.Nanoseconds())/1000, float64(r.load.Procs)/r.load.CPUPerQuery.Seconds())
		fmt.Fprintf(&b, "| screening: latency p50 / p99 / max (wall clock) | p99 < 5 ms | %s / %s / %s | |\n", ms(r.load.P50), ms(r.load.P99), ms(r.load.Max))
		if r.load.CPUP99 > 0 {
			fmt.Fprintf(&b, "| screening: processor time of one query, p50 / p99 | | %s / %s | |\n", ms(r.load.CPUP50), ms(r.load.CPUP99))
		}
	}
	fmt.Fprintf(&b, "\n%d indexed names; %d queries screened.\n", r.build.Names, r.load.Queries)
	return b.String()
}

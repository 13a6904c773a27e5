// Command loadtest drives a running Vigil server with screening requests at
// a fixed rate (open loop: requests are sent on schedule whether or not
// earlier ones have returned) and reports the latency percentiles, the rate
// achieved and the errors. It only targets the address it is given, which
// must be on this machine. Reads need a user unless the server runs with
// --open-reads: the API token is taken from VIGIL_TOKEN (an environment
// variable, so it stays out of the process list).
//
//	VIGIL_TOKEN=$(vigil users add loadtest --role viewer) go run ./tools/loadtest -addr 127.0.0.1:8080 -rate 2000 -duration 60s
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "server address (loopback only)")
	rate := flag.Int("rate", 2000, "requests per second")
	duration := flag.Duration("duration", 60*time.Second, "test length")
	queries := flag.String("queries", "../shared/eval/all.tsv", "TSV whose first column holds the names to screen")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		log.Fatal(err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		log.Fatalf("refusing to load-test %s: only loopback addresses", host)
	}
	names := readNames(*queries)
	token := os.Getenv("VIGIL_TOKEN")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 512}}
	total := int(float64(*rate) * duration.Seconds())
	lat := make([]time.Duration, total)
	var errs5xx, errsOther, sent atomic.Int64
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(*rate)
	start := time.Now()
	for i := range total {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		sent.Add(1)
		go func(i int) {
			defer wg.Done()
			u := "http://" + *addr + "/api/v1/screen?name=" + url.QueryEscape(names[i%len(names)])
			req, err := http.NewRequest(http.MethodGet, u, nil)
			if err != nil {
				log.Fatal(err)
			}
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				errsOther.Add(1)
				lat[i] = -1
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat[i] = time.Since(t0)
			switch {
			case resp.StatusCode >= 500:
				errs5xx.Add(1)
			case resp.StatusCode != 200:
				errsOther.Add(1)
			}
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	ok := lat[:0]
	for _, l := range lat {
		if l >= 0 {
			ok = append(ok, l)
		}
	}
	slices.Sort(ok)
	pct := func(p float64) time.Duration {
		if len(ok) == 0 {
			return 0
		}
		return ok[min(len(ok)-1, int(p*float64(len(ok))))]
	}
	fmt.Printf("requests %d in %s (%.0f/s); 5xx %d, other errors %d\n", sent.Load(), elapsed.Round(time.Millisecond), float64(sent.Load())/elapsed.Seconds(), errs5xx.Load(), errsOther.Load())
	fmt.Printf("latency p50 %s  p90 %s  p99 %s  max %s\n", pct(.5), pct(.9), pct(.99), pct(1))
}

func readNames(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q, _, _ := strings.Cut(sc.Text(), "\t")
		if q != "" && q != "query" {
			out = append(out, q)
		}
	}
	return out
}

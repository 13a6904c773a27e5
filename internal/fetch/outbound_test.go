package fetch

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// outboundCalls are the ways Go code reaches the network without this
// package's guard and bounds.
var outboundCalls = regexp.MustCompile(`\bhttp\.(Get|Head|Post|PostForm)\(|\bhttp\.Default(Client|Transport)\b|\bhttp\.(Client|Transport)\{|\bnet\.(Dial|DialTimeout|DialTCP|DialUDP|DialIP)\(|\bnet\.Dialer\{|\btls\.Dial(WithDialer)?\(|\bhttputil\.NewSingleHostReverseProxy\(`)

// outboundAllowed are the files that may make their own connections, each
// for a reason that is not a fetch of an outside address.
var outboundAllowed = map[string]string{
	"tools/loadtest/main.go": "load generator aimed at a local vigil serve (loopback by design)",
}

// TestEveryFetchGoesThroughFetcher fails when non-test code outside this
// package makes an HTTP request or a connection of its own.
func TestEveryFetchGoesThroughFetcher(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	here, _ := filepath.Abs(".")
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == here || (path != root && strings.HasPrefix(d.Name(), ".")) || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if _, ok := outboundAllowed[filepath.ToSlash(rel)]; ok {
			return nil
		}
		files++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if i := strings.Index(line, "//"); i >= 0 && !strings.Contains(line[:i], `"`) {
				line = line[:i]
			}
			if m := outboundCalls.FindString(line); m != "" {
				t.Errorf("%s:%d: %s outside internal/fetch: outbound requests go through fetch.Fetcher (guarded and bounded)", rel, n, m)
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Errorf("only %d Go files read under %s: is the walk wrong?", files, root)
	}
}

// TestOutboundPatternCatches keeps the pattern honest.
func TestOutboundPatternCatches(t *testing.T) {
	for _, s := range []string{`resp, err := http.Get(u)`, `c := &http.Client{Timeout: 1}`, `http.DefaultClient.Do(r)`,
		`tr := http.Transport{}`, `conn, _ := net.Dial("tcp", a)`, `d := net.Dialer{}`, `http.PostForm(u, v)`} {
		if !outboundCalls.MatchString(s) {
			t.Errorf("pattern misses %q", s)
		}
	}
	for _, s := range []string{`req, _ := http.NewRequest("GET", u, nil)`, `var c *http.Client`, `http.StatusOK`} {
		if outboundCalls.MatchString(s) {
			t.Errorf("pattern flags %q", s)
		}
	}
}

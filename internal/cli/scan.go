package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/places"
	"github.com/vigilhq/vigil/internal/scan"
	"github.com/vigilhq/vigil/internal/store"
)

// loadScanner builds the scanner from the store: the latest lists, the
// built-in gazetteer plus imported GeoNames cities, and the travel rules.
func (a *app) loadScanner(ctx context.Context, st *store.Store) (*scan.Scanner, error) {
	c, err := a.catalog(ctx, st)
	if err != nil {
		return nil, err
	}
	return c.Scanner, nil
}

// readArticle reads a file, a URL or standard input ("-").
func (a *app) readArticle(ctx context.Context, src string) (scan.Article, error) {
	var raw []byte
	var err error
	pageURL := ""
	switch {
	case src == "-" || src == "":
		raw, err = io.ReadAll(io.LimitReader(a.stdin, scan.MaxArticleBytes+1))
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		var page *fetch.Page
		if page, err = a.fetcher().Page(ctx, fetch.Request{URL: src, Accept: scan.PageTypes}); err == nil {
			raw, pageURL = page.Body, page.URL
		}
	default:
		var st os.FileInfo
		if st, err = os.Stat(src); err == nil && st.Size() > scan.MaxArticleBytes {
			return scan.Article{}, fmt.Errorf("%s: %d bytes, more than the %d-byte limit", src, st.Size(), scan.MaxArticleBytes)
		}
		if err == nil {
			raw, err = os.ReadFile(src)
		}
	}
	if err != nil {
		return scan.Article{}, err
	}
	art, warnings, err := scan.ParseInput(raw, pageURL)
	if err != nil {
		return scan.Article{}, fmt.Errorf("%s: %w", src, err)
	}
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "%s: warning: %s\n", src, w)
	}
	return art, nil
}

func (a *app) scanCommand() *cobra.Command {
	var published, batch, out string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "scan [FILE|URL|-] [--published YYYY-MM-DD] | --batch DIR|FILE.jsonl",
		Short: "Find listed people in a news article, where they were reported and when, with travel verdicts",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var pub *time.Time
			if t, err := dateFlag("--published", published); err != nil {
				return err
			} else if !t.IsZero() {
				pub = &t
			}
			st, err := a.openExistingStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			sc, err := a.loadScanner(ctx, st)
			if err != nil {
				return err
			}
			if batch != "" {
				return a.scanBatch(ctx, sc, batch, out, pub)
			}
			src := "-"
			if len(args) == 1 {
				src = args[0]
			}
			art, err := a.readArticle(ctx, src)
			if err != nil {
				return err
			}
			if pub != nil {
				art.Published = pub
			}
			res, err := sc.Scan(ctx, art)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(res)
			}
			a.printScan(art, res)
			return nil
		},
	}
	cmd.Flags().StringVar(&published, "published", "", "the article's publication date, for relative dates (on Wednesday, last month)")
	cmd.Flags().StringVar(&batch, "batch", "", "scan every article of a folder, or of a JSONL file ({\"text\"|\"html\", \"url\", \"published\", \"id\"} per line)")
	cmd.Flags().StringVar(&out, "out", "", "batch output file (JSONL; default standard output)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// printScan prints the article with mentions and places marked, then the
// trips.
func (a *app) printScan(art scan.Article, res *scan.Result) {
	color := isTerminal(a.stdout)
	var b strings.Builder
	for _, sg := range scan.Segments(art.Text, res) {
		switch {
		case sg.Subject != nil && color:
			b.WriteString("\x1b[1;31m" + sg.Text + "\x1b[0m")
		case sg.Subject != nil:
			b.WriteString("[[" + sg.Text + "|" + string(sg.Subject.ID) + "]]")
		case sg.Place != nil && color:
			b.WriteString("\x1b[4;34m" + sg.Text + "\x1b[0m")
		case sg.Place != nil:
			b.WriteString("{{" + sg.Text + "|" + sg.Place.Country + "}}")
		default:
			b.WriteString(sg.Text)
		}
	}
	fmt.Fprintln(a.stdout, strings.TrimSpace(b.String()))
	fmt.Fprintf(a.stdout, "\nlanguage %s, published %s\n\nSubjects:\n", res.Language, orDash(deref(res.Published)))
	for _, s := range res.Subjects {
		fmt.Fprintf(a.stdout, "  %-14s %-28s confidence %.2f, %d mentions\n", s.ID, s.Name, s.Confidence, len(s.Mentions))
		for _, w := range s.Why {
			fmt.Fprintf(a.stdout, "      %s\n", w)
		}
	}
	if len(res.Organisations) > 0 {
		fmt.Fprintln(a.stdout, "\nOrganisations (no travel ban):")
		for _, s := range res.Organisations {
			fmt.Fprintf(a.stdout, "  %-14s %-28s confidence %.2f, %d mentions\n", s.ID, s.Name, s.Confidence, len(s.Mentions))
		}
	}
	fmt.Fprintln(a.stdout, "\nTrips:")
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  subject\tplace\tcountry\tdate\tverdict\tconfidence")
	for _, t := range res.Trips {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%.2f\n", t.ID, t.Place, t.Country, orDash(deref(t.Date)), strings.ToUpper(string(t.Verdict)), t.Confidence)
	}
	tw.Flush()
	for _, t := range res.Trips {
		fmt.Fprintf(a.stdout, "\n  %s → %s (%s): %q\n", t.ID, t.Place, orDash(deref(t.Date)), t.Evidence.Text)
		for _, r := range t.Reasons {
			fmt.Fprintf(a.stdout, "    - %s\n", r)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// batchArticle is one line of a JSONL batch.
type batchArticle struct {
	ID        string `json:"id,omitempty"`
	Text      string `json:"text,omitempty"`
	HTML      string `json:"html,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// scanBatch scans many articles on all cores and writes JSONL in input
// order: {"id", "error"?, "result"}.
func (a *app) scanBatch(ctx context.Context, sc *scan.Scanner, src, out string, pub *time.Time) error {
	var items []batchArticle
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if st.IsDir() {
		entries, err := os.ReadDir(src)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.IsDir() {
				items = append(items, batchArticle{ID: filepath.Join(src, e.Name())})
			}
		}
	} else {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		rd := bufio.NewScanner(f)
		rd.Buffer(make([]byte, 1<<20), scan.MaxArticleBytes+1024)
		line := 0
		for rd.Scan() {
			line++
			if strings.TrimSpace(rd.Text()) == "" {
				continue
			}
			var it batchArticle
			if err := json.Unmarshal(rd.Bytes(), &it); err != nil {
				fmt.Fprintf(a.stderr, "%s: line %d: %v (skipped)\n", src, line, err)
				continue
			}
			if it.ID == "" {
				it.ID = fmt.Sprintf("line %d", line)
			}
			items = append(items, it)
		}
		if err := rd.Err(); err != nil {
			return fmt.Errorf("%s: line %d: %w", src, line+1, err)
		}
	}
	w, closeOut, err := a.createOutput(out)
	if err != nil {
		return err
	}
	defer closeOut()
	type result struct {
		ID     string       `json:"id"`
		Error  string       `json:"error,omitempty"`
		Result *scan.Result `json:"result,omitempty"`
	}
	results := make([]result, len(items))
	progress := a.rowProgress(src)
	var mu sync.Mutex
	done := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				it := items[i]
				r := result{ID: it.ID}
				art, err := a.batchInput(ctx, it, st.IsDir())
				if err == nil {
					if it.Published != "" {
						if t, perr := time.Parse(time.DateOnly, it.Published); perr == nil {
							art.Published = &t
						} else {
							err = fmt.Errorf("published %q: want YYYY-MM-DD", it.Published)
						}
					} else if pub != nil && art.Published == nil {
						art.Published = pub
					}
				}
				if err == nil {
					r.Result, err = sc.Scan(ctx, art)
				}
				if err != nil {
					r.Error = err.Error()
				}
				results[i] = r
				mu.Lock()
				done++
				progress(done)
				mu.Unlock()
			}
		}()
	}
	for i := range items {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	enc := json.NewEncoder(w)
	for _, r := range results {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	if err := closeOut(); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "%d articles scanned\n", len(items))
	return nil
}

func (a *app) batchInput(ctx context.Context, it batchArticle, isFile bool) (scan.Article, error) {
	switch {
	case isFile:
		return a.readArticle(ctx, it.ID)
	case it.Text != "":
		art, _, err := scan.ParseInput([]byte(it.Text), it.URL)
		return art, err
	case it.HTML != "":
		art, _, err := scan.ParseInput([]byte(it.HTML), it.URL)
		return art, err
	case it.URL != "":
		return a.readArticle(ctx, it.URL)
	}
	return scan.Article{}, errors.New("no text, html or url")
}

func (a *app) placesCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "places", Short: "Manage the gazetteer used to find places in articles"}
	imp := &cobra.Command{
		Use:   "import DIR | cities15000.txt[.gz] [countryInfo.txt] [admin1CodesASCII.txt]",
		Short: "Import GeoNames cities (cities15000, countryInfo, admin1CodesASCII)",
		Args:  cobra.RangeArgs(1, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			files := map[string]string{}
			for _, p := range args {
				st, err := os.Stat(p)
				if err != nil {
					return err
				}
				if st.IsDir() {
					for _, n := range []string{"cities15000.txt", "cities15000.txt.gz", "countryInfo.txt", "admin1CodesASCII.txt"} {
						if _, err := os.Stat(filepath.Join(p, n)); err == nil {
							files[strings.TrimSuffix(n, ".gz")] = filepath.Join(p, n)
						}
					}
					continue
				}
				files[strings.TrimSuffix(filepath.Base(p), ".gz")] = p
			}
			if files["cities15000.txt"] == "" {
				return errors.New("no cities15000.txt given")
			}
			cities, err := readGeoNames(files)
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.ReplacePlaces(cmd.Context(), cities); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "imported %d cities\n", len(cities))
			return nil
		},
	}
	cmd.AddCommand(imp)
	return cmd
}

func readGeoNames(files map[string]string) ([]places.Place, error) {
	open := func(p string) (io.Reader, func(), error) { return openMaybeGzip(p) }
	var admin1, capitals map[string]string
	if p := files["admin1CodesASCII.txt"]; p != "" {
		r, c, err := open(p)
		if err != nil {
			return nil, err
		}
		admin1, err = places.ParseAdmin1(r)
		c()
		if err != nil {
			return nil, err
		}
	}
	if p := files["countryInfo.txt"]; p != "" {
		r, c, err := open(p)
		if err != nil {
			return nil, err
		}
		capitals, err = places.ParseCountryCapitals(r)
		c()
		if err != nil {
			return nil, err
		}
	}
	r, c, err := open(files["cities15000.txt"])
	if err != nil {
		return nil, err
	}
	defer c()
	return places.ParseCities(r, admin1, capitals)
}

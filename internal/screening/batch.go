package screening

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
)

// BatchRow is one input row of a batch.
type BatchRow struct {
	Line  int // 1-based line in the input file
	Query Query
	Err   error // the row could not be read into a query
	// Extra holds the row's other columns (manifest fields), by header name.
	Extra map[string]string
}

// RowReader reads batch input: CSV or TSV with a header naming its columns
// (name, dob, nationality, doc, kind, …), or plain text with one name per
// line, commas and all ("ABBASI-DAVANI, Fereidoun" is one name), under an
// optional one-word header "name". The format is detected from the first
// line. Lines, records and fields are bounded (limits.RecordBytes,
// limits.TextBytes).
type RowReader struct {
	br      *bufio.Reader
	csv     *csv.Reader
	header  []string
	line    int
	plain   bool
	base    Query
	started bool
}

// knownColumns are the header names a batch file may use.
var knownColumns = map[string]string{
	"name": "name", "full_name": "name", "query": "name",
	"dob": "dob", "date_of_birth": "dob", "birth_date": "dob",
	"nationality": "nationality", "country": "nationality",
	"doc": "doc", "document": "doc", "passport": "doc", "passport_number": "doc", "id_number": "doc",
	"kind": "kind", "type": "kind",
}

// NewRowReader prepares to read rows; base supplies the threshold, limit
// and sources every query shares.
func NewRowReader(r io.Reader, base Query) *RowReader {
	return &RowReader{br: bufio.NewReaderSize(limits.Lines(r, limits.RecordBytes, "a line"), 1<<20), base: base}
}

// Header is the detected header (nil for plain input).
func (rr *RowReader) Header() []string { return rr.header }

func (rr *RowReader) start() error {
	rr.started = true
	first, err := rr.br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	line := string(first)
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimPrefix(line, "\ufeff")
	if knownColumns[strings.ToLower(strings.Trim(strings.TrimSpace(line), `"`))] == "name" {
		// One column with a header: plain names follow, one a line, so a
		// comma inside a name does not split it.
		if _, err := rr.br.ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("line 1: header: %w", err)
		}
		rr.line, rr.plain = 1, true
		return nil
	}
	sep := rune(0)
	switch {
	case strings.Contains(line, "\t"):
		sep = '\t'
	case strings.Contains(line, ","):
		sep = ','
	}
	if sep != 0 {
		cols := strings.Split(line, string(sep))
		for _, c := range cols {
			if knownColumns[strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))] == "name" {
				rr.csv = csv.NewReader(limits.CSV(rr.br, sep, limits.Default()))
				rr.csv.Comma = sep
				rr.csv.FieldsPerRecord = -1
				rr.csv.LazyQuotes = true
				rr.csv.ReuseRecord = true
				h, err := rr.csv.Read()
				if err != nil {
					return fmt.Errorf("line 1: header: %w", err)
				}
				rr.line = 1
				for _, c := range h {
					rr.header = append(rr.header, strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))))
				}
				return nil
			}
		}
	}
	rr.plain = true
	return nil
}

// Next returns the next row, or io.EOF. A row that cannot become a query
// comes back with Err set; reading continues after it.
func (rr *RowReader) Next() (BatchRow, error) {
	if !rr.started {
		if err := rr.start(); err != nil {
			return BatchRow{}, err
		}
	}
	if rr.plain {
		for {
			text, err := rr.br.ReadString('\n')
			if (text == "" && err != nil) || (err != nil && !errors.Is(err, io.EOF)) {
				return BatchRow{}, err
			}
			rr.line++
			text = strings.TrimRight(text, "\r\n")
			if strings.TrimSpace(text) == "" {
				continue
			}
			q := rr.base
			q.Name = strings.TrimSpace(text)
			return BatchRow{Line: rr.line, Query: q}, nil
		}
	}
	rec, err := rr.csv.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rr.line = pe.Line
			return BatchRow{Line: pe.Line, Err: fmt.Errorf("malformed row: %v", pe.Err)}, nil
		}
		return BatchRow{}, err
	}
	line, _ := rr.csv.FieldPos(0)
	rr.line = line
	row := BatchRow{Line: line, Query: rr.base, Extra: map[string]string{}}
	for i, v := range rec {
		if i >= len(rr.header) {
			break
		}
		v = strings.TrimSpace(v)
		col := rr.header[i]
		switch knownColumns[col] {
		case "name":
			row.Query.Name = v
		case "dob":
			row.Query.DOB = v
		case "nationality":
			row.Query.Nationality = v
		case "doc":
			row.Query.Document = v
		case "kind":
			row.Query.Kind = lists.Kind(v)
		}
		row.Extra[col] = v
	}
	row.Err = validateRow(&row.Query)
	return row, nil
}

// validateRow checks and normalises a query's fields.
func validateRow(q *Query) error {
	if strings.TrimSpace(q.Name) == "" {
		return errors.New("missing name")
	}
	if err := ValidateDate(q.DOB); err != nil {
		return fmt.Errorf("dob: %w", err)
	}
	if q.Nationality != "" {
		cc, ok := country.Code(q.Nationality)
		if !ok {
			return fmt.Errorf("nationality %q: unknown country", q.Nationality)
		}
		q.Nationality = cc
	}
	if q.Kind != "" {
		k, err := lists.ParseKind(string(q.Kind))
		if err != nil {
			return err
		}
		q.Kind = k
	}
	return nil
}

// BatchResult is one processed row.
type BatchResult struct {
	Row     BatchRow
	Matches []Match
}

// BatchStats summarises a batch.
type BatchStats struct {
	Rows    int `json:"rows"`
	Flagged int `json:"flagged"` // rows with at least one match
	Errors  int `json:"errors"`  // rows that could not be screened
}

// RunBatch screens every row of rr on all cores and hands results to emit
// in input order. At most window rows are in flight, so memory stays
// constant however long the input. progress (optional) is called after
// each row with the number of rows done.
func RunBatch(ctx context.Context, rr *RowReader, screen func(Query) []Match, emit func(BatchResult) error, progress func(done int)) (BatchStats, error) {
	workers := runtime.GOMAXPROCS(0)
	const window = 4096
	type job struct {
		seq int
		row BatchRow
	}
	type done struct {
		seq int
		res BatchResult
	}
	jobs := make(chan job, window)
	results := make(chan done, window)
	slots := make(chan struct{}, window)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var readErr error
	go func() {
		defer close(jobs)
		for seq := 0; ; seq++ {
			row, err := rr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				readErr = err
				return
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			jobs <- job{seq, row}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := BatchResult{Row: j.row}
				if j.row.Err == nil {
					r.Matches, r.Row.Err = screenGuarded(screen, j.row.Query)
				}
				select {
				case results <- done{j.seq, r}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	var stats BatchStats
	pending := map[int]BatchResult{}
	next := 0
	for d := range results {
		pending[d.seq] = d.res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			stats.Rows++
			if r.Row.Err != nil {
				stats.Errors++
			} else if len(r.Matches) > 0 {
				stats.Flagged++
			}
			if err := emit(r); err != nil {
				return stats, err
			}
			if progress != nil {
				progress(stats.Rows)
			}
		}
	}
	if readErr != nil {
		return stats, fmt.Errorf("line %d: %w", rr.line+1, readErr)
	}
	return stats, ctx.Err()
}

// Writer writes batch results as TSV, CSV or JSON lines. A row that could
// not be screened is written too, in every format, with its error: left
// out, it would read as a name that matched nothing.
type Writer struct {
	format string
	w      *bufio.Writer
	csv    *csv.Writer
}

// NewWriter starts a results file in format tsv, csv or jsonl.
func NewWriter(w io.Writer, format string) (*Writer, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	out := &Writer{format: format, w: bw}
	switch format {
	case "tsv":
		bw.WriteString("query\tid\tscore\terror\n")
	case "csv":
		out.csv = csv.NewWriter(bw)
		out.csv.Write([]string{"line", "query", "id", "name", "score", "error"})
	case "jsonl":
	default:
		return nil, fmt.Errorf("unknown batch format %q (tsv, csv, jsonl)", format)
	}
	return out, nil
}

// tsvField keeps a value on one TSV cell.
func tsvField(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// Write writes one result: one line per match (TSV/CSV; a query without a
// match gets one line with an empty id), or one JSON object (JSONL).
func (w *Writer) Write(r BatchResult) error {
	switch w.format {
	case "jsonl":
		obj := struct {
			Line    int     `json:"line"`
			Query   string  `json:"query"`
			Error   string  `json:"error,omitempty"`
			Matches []Match `json:"matches"`
		}{Line: r.Row.Line, Query: r.Row.Query.Name, Matches: r.Matches}
		if r.Row.Err != nil {
			obj.Error = r.Row.Err.Error()
		}
		if obj.Matches == nil {
			obj.Matches = []Match{}
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		w.w.Write(b)
		return w.w.WriteByte('\n')
	case "csv":
		line := strconv.Itoa(r.Row.Line)
		if r.Row.Err != nil {
			return w.csv.Write([]string{line, r.Row.Query.Name, "", "", "", r.Row.Err.Error()})
		}
		if len(r.Matches) == 0 {
			return w.csv.Write([]string{line, r.Row.Query.Name, "", "", "", ""})
		}
		for _, m := range lines(r.Matches) {
			if err := w.csv.Write([]string{line, r.Row.Query.Name, string(m.ID), m.Name, strconv.FormatFloat(m.Score, 'f', 3, 64), ""}); err != nil {
				return err
			}
		}
		return nil
	default:
		q := tsvField(r.Row.Query.Name)
		if r.Row.Err != nil {
			_, err := fmt.Fprintf(w.w, "%s\t\t\t%s\n", q, tsvField(fmt.Sprintf("line %d: %v", r.Row.Line, r.Row.Err)))
			return err
		}
		if len(r.Matches) == 0 {
			_, err := fmt.Fprintf(w.w, "%s\t\t\t\n", q)
			return err
		}
		for _, m := range lines(r.Matches) {
			if _, err := fmt.Fprintf(w.w, "%s\t%s\t%.3f\t\n", q, m.ID, m.Score); err != nil {
				return err
			}
		}
		return nil
	}
}

// batchLine is one line of a TSV or CSV result.
type batchLine struct {
	ID    lists.SubjectID
	Name  string
	Score float64
}

// lines are a result's lines: each match, then each of its other lists'
// records.
func lines(ms []Match) []batchLine {
	var out []batchLine
	for _, m := range ms {
		out = append(out, batchLine{m.ID, m.Name, m.Score})
		for _, r := range m.Records {
			out = append(out, batchLine{r.ID, r.Name, r.Score})
		}
	}
	return out
}

// Close flushes the output.
func (w *Writer) Close() error {
	if w.csv != nil {
		w.csv.Flush()
		if err := w.csv.Error(); err != nil {
			return err
		}
	}
	return w.w.Flush()
}

// screenGuarded screens one row and turns a panic into that row's error,
// so that one name the code cannot handle is reported with its line and
// the rest of a million-row batch still runs.
func screenGuarded(screen func(Query) []Match, q Query) (ms []Match, err error) {
	defer func() {
		if p := recover(); p != nil {
			slog.Error("screening failed", "name", q.Name, "panic", p, "stack", string(debug.Stack()))
			ms, err = nil, fmt.Errorf("internal error screening %q: %v", q.Name, p)
		}
	}()
	return screen(q), nil
}

package screening

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/limits/limitstest"
)

// readRows reads every row of a batch input.
func readRows(t *testing.T, in io.Reader) ([]BatchRow, error) {
	t.Helper()
	rr := NewRowReader(in, Query{})
	var rows []BatchRow
	for {
		row, err := rr.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

// TestBatchOneColumnIsPlainNames: a file of one column is names, one a
// line, with or without a "name" header; a comma does not split a name.
func TestBatchOneColumnIsPlainNames(t *testing.T) {
	for _, in := range []string{
		"name\nABBASI-DAVANI, Fereidoun\nSOLEIMANI, Qasem\n",
		"\ufeffName\r\nABBASI-DAVANI, Fereidoun\r\nSOLEIMANI, Qasem\r\n",
		"ABBASI-DAVANI, Fereidoun\nSOLEIMANI, Qasem\n",
	} {
		rows, err := readRows(t, strings.NewReader(in))
		if err != nil || len(rows) != 2 || rows[0].Query.Name != "ABBASI-DAVANI, Fereidoun" || rows[1].Query.Name != "SOLEIMANI, Qasem" {
			t.Errorf("%q: rows %+v, err %v", in, rows, err)
		}
	}
	// Two columns are CSV, as before.
	rows, err := readRows(t, strings.NewReader("name,dob\n\"ABBASI-DAVANI, Fereidoun\",1958\n"))
	if err != nil || len(rows) != 1 || rows[0].Query.Name != "ABBASI-DAVANI, Fereidoun" || rows[0].Query.DOB != "1958" {
		t.Errorf("CSV: rows %+v, err %v", rows, err)
	}
}

// TestBatchFailedRowsInEveryFormat: a row that could not be screened
// appears in TSV, CSV and JSONL output with its error.
func TestBatchFailedRowsInEveryFormat(t *testing.T) {
	in := "name,dob\nQasem Soleimani,1957-03-11\nKasim Sulaimani,1957-13-45\n,1990\n"
	for format, want := range map[string][]string{
		"tsv":   {"query\tid\tscore\terror\n", "Kasim Sulaimani\t\t\tline 3: dob: ", "\t\t\tline 4: missing name\n"},
		"csv":   {"line,query,id,name,score,error\n", "3,Kasim Sulaimani,,,,\"dob: ", "4,,,,,missing name\n"},
		"jsonl": {`"line":3,"query":"Kasim Sulaimani","error":"dob: `, `"line":4,"query":"","error":"missing name"`},
	} {
		var out bytes.Buffer
		w, err := NewWriter(&out, format)
		if err != nil {
			t.Fatal(err)
		}
		stats, err := RunBatch(context.Background(), NewRowReader(strings.NewReader(in), Query{}), fixtureIndex().Screen, w.Write, nil)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil || stats.Rows != 3 || stats.Errors != 2 {
			t.Fatalf("%s: stats %+v, err %v", format, stats, err)
		}
		for _, s := range want {
			if !strings.Contains(out.String(), s) {
				t.Errorf("%s output lacks %q:\n%s", format, s, out.String())
			}
		}
	}
}

// TestBatchInputBounds: a line, record or field beyond its bound ends the
// batch with an error naming the bound, after reading no more than it.
func TestBatchInputBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   io.Reader
	}{
		{"1 GiB of zeros", limitstest.Repeat(0, 1<<30)},
		{"a name line of 1 GiB", io.MultiReader(strings.NewReader("Qasem Soleimani\n"), limitstest.Repeat('a', 1<<30))},
		{"a CSV field of 1 GiB", io.MultiReader(strings.NewReader("name,dob\nQasem,\""), limitstest.Repeat('a', 1<<30))},
		{"a CSV record of 1 GiB", io.MultiReader(strings.NewReader("name,dob\nQasem"), limitstest.Repeat(',', 1<<30))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			alloc := limitstest.Allocated(func() {
				_, err = RunBatch(context.Background(), NewRowReader(tc.in, Query{}), func(Query) []Match { return nil }, func(BatchResult) error { return nil }, nil)
			})
			if !errors.Is(err, limits.ErrExceeded) {
				t.Errorf("err = %v, want a bound", err)
			}
			if alloc > 64<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
		})
	}
}

// FuzzRowReader reads batch input, plain or gzipped as the fuzzer makes
// it: rows come back or errors do, never a panic, and no name is longer
// than a line may be.
func FuzzRowReader(f *testing.F) {
	for _, s := range []string{"name,dob\nQasem Soleimani,1957\n", "name\tnationality\nA B\tIR\n", "name\nABBASI-DAVANI, Fereidoun\n", "a\n\nb\r\n", "name,dob\n\"x\ny\",1\n"} {
		f.Add([]byte(s))
		f.Add(limitstest.GzipString(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := limits.Decompress(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		rr := NewRowReader(r, Query{})
		for range 10000 {
			row, err := rr.Next()
			if err != nil {
				return
			}
			if len(row.Query.Name) > limits.RecordBytes {
				t.Fatalf("a name of %d bytes", len(row.Query.Name))
			}
		}
	})
}

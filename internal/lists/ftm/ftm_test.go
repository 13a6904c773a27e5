package ftm_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/eu"
	"github.com/vigilhq/vigil/internal/lists/ftm"
	"github.com/vigilhq/vigil/internal/lists/ofac"
	"github.com/vigilhq/vigil/internal/lists/uk"
	"github.com/vigilhq/vigil/internal/lists/un"
	"github.com/vigilhq/vigil/internal/realdata"
)

type nexter interface {
	Next() (*lists.Subject, error)
}

func drain(t *testing.T, rd nexter) []*lists.Subject {
	t.Helper()
	var out []*lists.Subject
	for {
		s, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
}

func open(t *testing.T, parts ...string) io.Reader {
	t.Helper()
	p := realdata.Path(t, parts...)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if strings.HasSuffix(p, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		return zr
	}
	return f
}

// realSubjects parses every real sample the repository can read.
func realSubjects(t *testing.T) map[lists.Source][]*lists.Subject {
	out := map[lists.Source][]*lists.Subject{}
	rd, err := un.NewReader(open(t, "lists", "un", "consolidated-2026-05-08.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceUN] = drain(t, rd)
	dir := realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28")
	files := ofac.Files{}
	for _, f := range []struct {
		name string
		r    *io.Reader
	}{{"sdn.csv", &files.SDN}, {"alt.csv", &files.Alt}, {"add.csv", &files.Add}, {"sdn_comments.csv", &files.Comments}} {
		fh, err := os.Open(dir + "/" + f.name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { fh.Close() })
		*f.r = fh
	}
	ord, err := ofac.NewReader(files)
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceOFAC] = drain(t, ord)
	xr, err := ofac.NewXMLReader(open(t, "lists", "ofac", "non-sdn", "consolidated-2026-01-08.xml"), lists.SourceOFACCons)
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceOFACCons] = drain(t, xr)
	er, err := eu.NewReader(open(t, "lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceEU] = drain(t, er)
	ur, err := uk.NewXMLReader(open(t, "lists", "uk", "uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceUK] = drain(t, ur)
	cr, err := uk.NewConListReader(open(t, "lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz"), "ofsi")
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceOFSI] = drain(t, cr)
	return out
}

// TestRoundTrip exports every real list to FtM and reads it back: the
// subjects must be the same apart from what ftm.Lost names.
func TestRoundTrip(t *testing.T) {
	seen := time.Date(2026, 5, 8, 23, 0, 6, 0, time.UTC)
	for src, subs := range realSubjects(t) {
		t.Run(string(src), func(t *testing.T) {
			var buf bytes.Buffer
			w := ftm.NewWriter(&buf)
			for _, s := range subs {
				if err := w.Write(s, seen); err != nil {
					t.Fatal(err)
				}
			}
			c, err := ftm.Read(&buf, src)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.LastSeen(); !got.Equal(seen) {
				t.Errorf("LastSeen = %v, want %v", got, seen)
			}
			back, err := c.Subjects()
			if err != nil {
				t.Fatal(err)
			}
			if len(back) != len(subs) {
				t.Fatalf("%d subjects read back, want %d", len(back), len(subs))
			}
			bad := 0
			for i, s := range subs {
				want, _ := json.Marshal(ftm.Comparable(s))
				got, _ := json.Marshal(ftm.Comparable(back[i]))
				if !bytes.Equal(want, got) {
					if bad++; bad <= 3 {
						t.Errorf("%s differs after the round trip:\nwant %s\n got %s", s.ID, want, got)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d subjects differ", bad, len(subs))
			}
		})
	}
}

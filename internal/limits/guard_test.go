package limits_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/limits/limitstest"
)

// readAll reads r to its end or first error, counting the bytes.
func readAll(r io.Reader) (int64, error) { return io.Copy(io.Discard, r) }

func TestXMLGuard(t *testing.T) {
	ok := `<?xml version="1.0"?><!DOCTYPE list [<!ENTITY x "y">]><list a="1 > 0" b='/'><!-- a -- comment > here --><e x="/">text</e><f/><![CDATA[ <not a tag> ]] ]]><g>` +
		strings.Repeat("t", 50) + `</g></list>`
	for _, tc := range []struct {
		name     string
		in       string
		run, dep int
		err      string
	}{
		{"well formed", ok, 64, 3, ""},
		{"text node too long", `<a>` + strings.Repeat("x", 100) + `</a>`, 64, 3, "text node is longer than 64"},
		{"attribute too long", `<a b="` + strings.Repeat("x", 100) + `"/>`, 64, 3, "tag, comment or CDATA section is longer than 64"},
		{"comment too long", `<a><!--` + strings.Repeat("<", 100) + `--></a>`, 64, 3, "longer than 64"},
		{"CDATA too long", `<a><![CDATA[` + strings.Repeat("<x>", 40) + `]]></a>`, 64, 3, "longer than 64"},
		{"too deep", strings.Repeat("<a>", 4) + strings.Repeat("</a>", 4), 64, 3, "nest deeper than 3"},
		{"deep but closed", strings.Repeat("<a></a>", 40), 64, 3, ""},
		{"self-closing does not nest", `<a>` + strings.Repeat("<b/>", 40) + `</a>`, 64, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := io.Copy(&out, limits.XML(strings.NewReader(tc.in), limits.Input{TextBytes: tc.run, XMLDepth: tc.dep}))
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("err = %v", err)
			case tc.err == "" && out.String() != tc.in:
				t.Errorf("output differs from input")
			case tc.err != "" && (!errors.Is(err, limits.ErrExceeded) || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("err = %v, want %q", err, tc.err)
			case tc.err != "" && !strings.HasPrefix(tc.in, out.String()):
				t.Errorf("output is not a prefix of the input")
			}
			// byte by byte, the guard stops at the same byte
			var slow bytes.Buffer
			_, err2 := io.Copy(&slow, limits.XML(iotestOneByte(tc.in), limits.Input{TextBytes: tc.run, XMLDepth: tc.dep}))
			if slow.String() != out.String() || (err == nil) != (err2 == nil) {
				t.Errorf("byte by byte: %d bytes, %v; in one read: %d bytes, %v", slow.Len(), err2, out.Len(), err)
			}
		})
	}
}

// TestXMLGuardStopsBomb: 2 GiB in one text node stops at the bound after
// reading about that much, in little memory.
func TestXMLGuardStopsBomb(t *testing.T) {
	in := io.MultiReader(strings.NewReader(`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>`), limitstest.Repeat('A', 2<<30))
	alloc := limitstest.Allocated(func() {
		n, err := readAll(limits.XML(in, limits.Default()))
		if !errors.Is(err, limits.ErrExceeded) || n > limits.TextBytes+100 {
			t.Errorf("read %d bytes, err %v", n, err)
		}
	})
	if alloc > 4<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
}

func TestDecompress(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.Copy(zw, limitstest.Repeat(0, 64<<20)) // 64 MiB of zeros in about 64 KB
	zw.Close()
	for _, tc := range []struct {
		name string
		in   []byte
		max  int64
		want int64 // bytes out; -1: refused
	}{
		{"gzip bomb", gz.Bytes(), 1 << 20, -1},
		{"gzip within", gz.Bytes(), 64 << 20, 64 << 20},
		{"plain within", []byte("hello"), 5, 5},
		{"plain over", []byte("hello!"), 5, -1},
		{"empty", nil, 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := limits.Decompress(bytes.NewReader(tc.in), tc.max)
			if err != nil {
				t.Fatal(err)
			}
			n, err := readAll(r)
			if tc.want < 0 {
				if !errors.Is(err, limits.ErrExceeded) || n > tc.max {
					t.Errorf("read %d, err %v; want refused at %d", n, err, tc.max)
				}
			} else if err != nil || n != tc.want {
				t.Errorf("read %d, err %v; want %d", n, err, tc.want)
			}
		})
	}
	if _, err := limits.Decompress(bytes.NewReader([]byte{0x1f, 0x8b, 0}), 10); err == nil {
		t.Error("a broken gzip header was accepted")
	}
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		in  string
		max int
		ok  bool
	}{
		{"abc\ndef\n", 3, true},
		{"abc\ndefg\n", 3, false},
		{"abcd", 3, false},
		{"abc", 3, true},
		{"\n\n\n", 0, true},
	} {
		var out bytes.Buffer
		_, err := io.Copy(&out, limits.Lines(iotestOneByte(tc.in), tc.max, "a line"))
		if (err == nil) != tc.ok || (tc.ok && out.String() != tc.in) || (!tc.ok && !errors.Is(err, limits.ErrExceeded)) {
			t.Errorf("limits.Lines(%q, %d): %q, %v", tc.in, tc.max, out.String(), err)
		}
	}
}

// iotestOneByte reads one byte at a time, to cross every boundary.
func iotestOneByte(s string) io.Reader {
	return readerFunc(func(p []byte) (int, error) {
		if len(s) == 0 {
			return 0, io.EOF
		}
		p[0] = s[0]
		s = s[1:]
		return 1, nil
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestCSVGuard(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		err  string
	}{
		{"plain", "a,b,c\nd,e,f\n", ""},
		{"quoted separators and line breaks", "\"a,\n\"\"b\",c\nd,e,f\n", ""},
		{"CRLF after a quoted field", "a,\"b\"\r\n\"c\",\"d\"\r\n" + strings.Repeat("e,f\r\n", 10), ""},
		{"field too long", "a," + strings.Repeat("x", 20) + "\n", "field is longer than 10"},
		{"quoted field with line breaks too long", "\"" + strings.Repeat("x\n", 10) + "\"\n", "field is longer than 10"},
		{"record too long", strings.Repeat("abcdefghi,", 4) + "\n", "record is longer than 30"},
		{"too many fields", strings.Repeat("a,", 6) + "\n", "more than 5 fields"},
		{"stray quote in an unquoted field", "ab\"c,d\ne,f\n", ""},
		{"bomb of zeros", strings.Repeat("\x00", 100), "field is longer than 10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := io.Copy(&out, limits.CSV(iotestOneByte(tc.in), ',', limits.Input{TextBytes: 10, RecordBytes: 30, CSVFields: 5}))
			if tc.err == "" {
				if err != nil || out.String() != tc.in {
					t.Errorf("err = %v", err)
				}
				// what passes the guard is what encoding/csv reads
				cr := csv.NewReader(strings.NewReader(tc.in))
				cr.LazyQuotes, cr.FieldsPerRecord = true, -1
				if _, err := cr.ReadAll(); err != nil {
					t.Errorf("fixture is not limits.CSV: %v", err)
				}
				return
			}
			if !errors.Is(err, limits.ErrExceeded) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("err = %v, want %q", err, tc.err)
			}
			if !strings.HasPrefix(tc.in, out.String()) {
				t.Errorf("output %q is not a prefix of the input", out.String())
			}
			// the same input in one read stops at the same byte
			var whole bytes.Buffer
			io.Copy(&whole, limits.CSV(strings.NewReader(tc.in), ',', limits.Input{TextBytes: 10, RecordBytes: 30, CSVFields: 5}))
			if whole.String() != out.String() {
				t.Errorf("one read passed %q, byte by byte %q", whole.String(), out.String())
			}
		})
	}
}

func TestCheckZip(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"a.xml", "b.xml"} {
		w, _ := zw.Create(name)
		io.Copy(w, limitstest.Repeat(' ', 1<<20))
	}
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if err := limits.CheckZip(zr, 2<<20); err != nil {
		t.Errorf("2 MiB archive within 2 MiB: %v", err)
	}
	if err := limits.CheckZip(zr, 2<<20-1); !errors.Is(err, limits.ErrExceeded) {
		t.Errorf("2 MiB archive within 2 MiB - 1: %v", err)
	}
}

func TestInputDefaults(t *testing.T) {
	in := limits.Input{TextBytes: 10}.WithDefaults()
	if in.TextBytes != 10 || in.ListBytes != limits.ListBytes || in.XMLDepth != limits.XMLDepth || in.JSONLineBytes != limits.JSONLineBytes || in.RecordBytes != limits.RecordBytes || in.XLSXBytes != limits.XLSXBytes {
		t.Errorf("WithDefaults = %+v", in)
	}
}

// FuzzXML checks what the guard lets through against encoding/xml: no
// token longer than the run bound and no nesting deeper than the depth
// bound reach the decoder; and a document the encoder wrote from the same
// bytes passes whole when the bounds are wide. Compressed input is
// unpacked first, as the list importer does.
func FuzzXML(f *testing.F) {
	for _, s := range []string{`<a b="x>y">text<!-- c --><![CDATA[d]]><e/></a>`, `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&amp;</a>`, strings.Repeat("<a>", 20)} {
		f.Add([]byte(s))
		f.Add(limitstest.GzipString(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const run, depth = 64, 6
		r, err := limits.Decompress(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		dec := xml.NewDecoder(limits.XML(r, limits.Input{TextBytes: run, XMLDepth: depth}))
		dec.Strict = false
		level := 0
		for {
			tok, err := dec.RawToken()
			if err != nil {
				break
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				if level++; level > depth {
					t.Fatalf("depth %d reached the decoder", level)
				}
			case xml.EndElement:
				level = max(level-1, 0)
			case xml.CharData:
				if len(tk) > run {
					t.Fatalf("a text token of %d bytes reached the decoder", len(tk))
				}
			case xml.Comment:
				if len(tk) > run {
					t.Fatalf("a comment of %d bytes reached the decoder", len(tk))
				}
			}
		}
		// A well-formed document built from the same bytes passes whole.
		var doc bytes.Buffer
		enc := xml.NewEncoder(&doc)
		text := strings.ToValidUTF8(string(data), "")
		enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: "a"}, Attr: []xml.Attr{{Name: xml.Name{Local: "v"}, Value: text}}})
		enc.EncodeToken(xml.CharData(text))
		enc.EncodeToken(xml.Comment(strings.ReplaceAll(text, "--", "")))
		enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: "a"}})
		if enc.Flush() != nil {
			return
		}
		var out bytes.Buffer
		if _, err := io.Copy(&out, limits.XML(bytes.NewReader(doc.Bytes()), limits.Input{TextBytes: doc.Len() + 1, XMLDepth: 2})); err != nil || !bytes.Equal(out.Bytes(), doc.Bytes()) {
			t.Fatalf("a well-formed document was refused: %v\n%s", err, doc.Bytes())
		}
	})
}

// FuzzCSV checks that what passes the guard never holds a field longer
// than the bound as encoding/csv reads it, and that a file encoding/csv
// wrote (CRLF or LF) from the same bytes passes whole when the bounds are
// wide.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{"a,b\n\"c\"\"d\",e\n", "\"x\ny\",z\n", "a\"b,c\n"} {
		f.Add([]byte(s))
		f.Add(limitstest.GzipString(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const field = 16
		r, err := limits.Decompress(bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		cr := csv.NewReader(limits.CSV(r, ',', limits.Input{TextBytes: field, RecordBytes: 64}))
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		for {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			for _, v := range rec {
				if len(v) > field {
					t.Fatalf("a field of %d bytes passed: %q", len(v), v)
				}
			}
		}
		for _, crlf := range []bool{false, true} {
			var doc bytes.Buffer
			w := csv.NewWriter(&doc)
			w.UseCRLF = crlf
			rec := strings.Split(string(data), ";")
			w.Write(rec)
			w.Write(rec)
			w.Flush()
			var out bytes.Buffer
			lim := limits.Input{TextBytes: doc.Len() + 1, RecordBytes: doc.Len() + 1, CSVFields: len(rec) + 1}
			if _, err := io.Copy(&out, limits.CSV(bytes.NewReader(doc.Bytes()), ',', lim)); err != nil || !bytes.Equal(out.Bytes(), doc.Bytes()) {
				t.Fatalf("a limits.CSV file encoding/csv wrote was refused: %v\n%q", err, doc.Bytes())
			}
		}
	})
}

// BenchmarkGuards measures what the guards cost per byte of a list file
// (compare encoding/xml, which reads UN XML at some 30 MB/s).
func BenchmarkGuards(b *testing.B) {
	var doc strings.Builder
	for doc.Len() < 4<<20 {
		doc.WriteString(`<INDIVIDUAL><DATAID>6908555</DATAID><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME><COMMENTS1>Commander of Qods Force; "x" &amp; y</COMMENTS1></INDIVIDUAL>` + "\n")
	}
	in := doc.String()
	for _, g := range []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"xml", func(r io.Reader) io.Reader { return limits.XML(r, limits.Default()) }},
		{"csv", func(r io.Reader) io.Reader { return limits.CSV(r, ',', limits.Default()) }},
		{"lines", func(r io.Reader) io.Reader { return limits.Lines(r, limits.RecordBytes, "a line") }},
	} {
		b.Run(g.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				io.Copy(io.Discard, g.wrap(strings.NewReader(in)))
			}
		})
	}
}

package limits

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// ErrExceeded marks every error of a bound: errors.Is(err, ErrExceeded).
var ErrExceeded = errors.New("input exceeds a limit")

// Error says which bound the input broke and where.
type Error struct {
	What   string // "a CSV field is longer than 1048576 bytes"
	Offset int64  // bytes of input read before the bound was broken
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (at byte %d; see docs/limits.md)", e.What, e.Offset)
}
func (e *Error) Unwrap() error { return ErrExceeded }

// Decompress returns r's content, gunzipped when it starts with the gzip
// magic bytes (whatever the file is called), failing once more than max
// bytes come out: a small file that unpacks to gigabytes stops at max.
func Decompress(r io.Reader, max int64) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return Total(zr, max, "the decompressed input"), nil
	}
	return Total(br, max, "the input"), nil
}

// Total fails once more than max bytes are read from r; what names the
// input in the error ("the decompressed input").
func Total(r io.Reader, max int64, what string) io.Reader {
	return &totalReader{r: r, left: max, max: max, what: what}
}

type totalReader struct {
	r         io.Reader
	left, max int64
	what      string
}

func (t *totalReader) Read(p []byte) (int, error) {
	if t.left < 0 {
		return 0, &Error{What: fmt.Sprintf("%s is larger than %d bytes", t.what, t.max), Offset: t.max}
	}
	if int64(len(p)) > t.left+1 {
		p = p[:t.left+1] // one byte more than allowed tells a file of exactly max bytes from a larger one
	}
	n, err := t.r.Read(p)
	t.left -= int64(n)
	if t.left < 0 {
		return n - 1, &Error{What: fmt.Sprintf("%s is larger than %d bytes", t.what, t.max), Offset: t.max}
	}
	return n, err
}

// Lines fails once a line (bytes between line feeds) is longer than max.
func Lines(r io.Reader, max int, what string) io.Reader {
	return &lineReader{r: r, max: int64(max), what: what}
}

type lineReader struct {
	r        io.Reader
	max, run int64
	off      int64
	what     string
	err      error
}

func (l *lineReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n') // the line's bytes in p, without the line feed
		line := j
		if j < 0 {
			line = n - i
		}
		if l.run+int64(line) > l.max {
			cut := i + int(l.max-l.run)
			l.err = &Error{What: fmt.Sprintf("%s is longer than %d bytes", l.what, l.max), Offset: l.off + int64(cut)}
			l.off += int64(cut)
			return cut, l.err
		}
		if j < 0 {
			l.run += int64(line)
			break
		}
		l.run = 0
		i += j + 1
	}
	l.off += int64(n)
	return n, err
}

// CheckZip refuses an archive whose entries claim more than max bytes in
// all once decompressed. archive/zip fails a read that yields more (or
// fewer) bytes than an entry claims, so the claim bounds what is read.
func CheckZip(zr *zip.Reader, max int64) error {
	var sum uint64
	for _, f := range zr.File {
		sum += f.UncompressedSize64
		if sum > uint64(max) || f.UncompressedSize64 > uint64(max) {
			return &Error{What: fmt.Sprintf("the archive unpacks to more than %d bytes", max)}
		}
	}
	return nil
}

// CSV fails once a field is longer than lim.TextBytes, a record (its
// fields and separators, quoted line breaks included) longer than
// lim.RecordBytes or wider than lim.CSVFields fields, following
// encoding/csv's quoting: a quote opens a quoted field only at the field's
// start; inside one, a doubled quote is a quote and a quote before the
// separator or a line break ends it.
func CSV(r io.Reader, comma rune, lim Input) io.Reader {
	lim = lim.WithDefaults()
	return &csvReader{r: r, comma: byte(comma), maxField: int64(lim.TextBytes), maxRecord: int64(lim.RecordBytes), maxFields: lim.CSVFields}
}

type csvState uint8

const (
	csvFieldStart csvState = iota
	csvUnquoted
	csvQuoted
	csvQuoteInQuoted // a quote inside a quoted field: an escape or the end
)

type csvReader struct {
	r                   io.Reader
	comma               byte
	maxField, maxRecord int64
	maxFields, fields   int
	state               csvState
	field, record, off  int64
	err                 error
}

func (c *csvReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	// The state lives in locals while the bytes are walked (the loop
	// runs once per byte of every list file).
	state, field, record, fields := c.state, c.field, c.record, c.fields
	fail := func(what string, i int) (int, error) {
		c.err = &Error{What: what, Offset: c.off + int64(i)}
		c.off += int64(i)
		return i, c.err
	}
	at := 0 // bytes of p counted
	for i := 0; i < n; i++ {
		if state == csvQuoted { // skip to the next quote
			j := bytes.IndexByte(p[i:n], '"')
			if j < 0 {
				j = n - i
			}
			field += int64(j)
			record += int64(j)
			at = i + j
			if field > c.maxField || record > c.maxRecord {
				break // reported below, at the first byte beyond
			}
			if i += j; i == n {
				break
			}
			state = csvQuoteInQuoted
			field++
			record++
			at = i + 1
			continue
		}
		if state == csvUnquoted { // skip to the next separator or line break
			j := i
			for j < n && p[j] != c.comma && p[j] != '\n' {
				j++
			}
			field += int64(j - i)
			record += int64(j - i)
			at = j
			if field > c.maxField || record > c.maxRecord {
				break
			}
			if i = j; i == n {
				break
			}
		}
		b := p[i]
		field++
		record++
		at = i + 1
		switch {
		case b == c.comma:
			field, state = 0, csvFieldStart
			if fields++; fields >= c.maxFields {
				return fail(fmt.Sprintf("a CSV record has more than %d fields", c.maxFields), i)
			}
			continue
		case b == '\n':
			field, record, fields, state = 0, 0, 0, csvFieldStart
			continue
		case b == '"' && state == csvFieldStart:
			state = csvQuoted
		case b == '"' && state == csvQuoteInQuoted:
			state = csvQuoted // a doubled quote
		case b == '\r' && state == csvQuoteInQuoted:
			state = csvUnquoted // the field ended; "\r\n" ends the record
		case state == csvQuoteInQuoted:
			state = csvQuoted // a lone quote inside the field (lazy quotes)
		default:
			state = csvUnquoted
		}
		if field > c.maxField || record > c.maxRecord {
			break
		}
	}
	if field > c.maxField || record > c.maxRecord {
		// Find where the bound was broken, to pass only the bytes before.
		cut := at - int(max(field-c.maxField, record-c.maxRecord))
		c.state, c.field, c.record, c.fields = state, field, record, fields
		if field > c.maxField {
			return fail(fmt.Sprintf("a CSV field is longer than %d bytes", c.maxField), max(cut, 0))
		}
		return fail(fmt.Sprintf("a CSV record is longer than %d bytes", c.maxRecord), max(cut, 0))
	}
	c.state, c.field, c.record, c.fields = state, field, record, fields
	c.off += int64(n)
	return n, err
}

// XML fails once a run of bytes between two markup boundaries — a text
// node with the tag before it, or a whole comment, CDATA section,
// processing instruction or declaration — is longer than lim.TextBytes,
// or elements nest deeper than lim.XMLDepth. encoding/xml holds a text node and
// the stack of open elements in memory, so these two bound its memory.
// It tracks just enough of XML (quotes in tags, comment and CDATA ends) to
// find the boundaries; well-formedness is the decoder's business.
func XML(r io.Reader, lim Input) io.Reader {
	lim = lim.WithDefaults()
	return &xmlReader{r: r, maxRun: int64(lim.TextBytes), maxDepth: lim.XMLDepth}
}

type xmlState uint8

const (
	xmlText     xmlState = iota
	xmlLT                // just after '<'
	xmlStartTag          // <name ...
	xmlEndTag            // </name
	xmlBang              // <! not yet known to be a comment, CDATA or a declaration
	xmlComment           // <!-- ... -->
	xmlCDATA             // <![CDATA[ ... ]]>
	xmlPI                // <? ... ?>
	xmlDecl              // <!DOCTYPE ...> and other declarations
)

type xmlReader struct {
	r        io.Reader
	maxRun   int64
	maxDepth int
	state    xmlState
	run, off int64
	depth    int
	quote    byte    // the open quote of an attribute value or a declaration's literal
	prev     [2]byte // the two bytes before this one, for "/>", "?>", "-->" and "]]>"
	bang     []byte  // the bytes after "<!" while telling a comment from CDATA
	brackets int     // open '[' of a DOCTYPE's internal subset
	err      error
}

func (x *xmlReader) Read(p []byte) (int, error) {
	if x.err != nil {
		return 0, x.err
	}
	n, err := x.r.Read(p)
	// The state lives in locals while the bytes are walked (the loop
	// runs once per byte of every list file).
	state, run, depth, quote, prev := x.state, x.run, x.depth, x.quote, x.prev
	fail := func(what string, i int) (int, error) {
		x.err = &Error{What: what, Offset: x.off + int64(i)}
		x.off += int64(i)
		return i, x.err
	}
	for i := 0; i < n; i++ {
		if state == xmlText { // the common case: skip to the next '<'
			j := bytes.IndexByte(p[i:n], '<')
			if j < 0 {
				j = n - i
			}
			if run+int64(j) > x.maxRun {
				return fail(fmt.Sprintf("an XML text node is longer than %d bytes", x.maxRun), i+int(x.maxRun-run))
			}
			run += int64(j)
			if i += j; i == n {
				break
			}
			state, run, prev = xmlLT, 1, [2]byte{0, '<'} // p[i] is the '<'
			continue
		}
		b := p[i]
		if run++; run > x.maxRun {
			return fail(fmt.Sprintf("an XML tag, comment or CDATA section is longer than %d bytes", x.maxRun), i)
		}
		switch state {
		case xmlLT:
			switch b {
			case '<':
			case '/':
				state = xmlEndTag
			case '!':
				state, x.bang = xmlBang, x.bang[:0]
			case '?':
				state = xmlPI
			default:
				state, quote = xmlStartTag, 0
			}
		case xmlStartTag:
			if !quoted(b, &quote) && b == '>' {
				state = xmlText
				if prev[1] != '/' { // not <empty/>
					if depth++; depth > x.maxDepth {
						return fail(fmt.Sprintf("XML elements nest deeper than %d levels", x.maxDepth), i)
					}
				}
			}
		case xmlEndTag:
			if b == '>' {
				state, depth = xmlText, max(depth-1, 0)
			}
		case xmlBang:
			x.bang = append(x.bang, b)
			switch s := string(x.bang); {
			case s == "--":
				state = xmlComment
				b = 0 // the dashes of "<!--" do not start "-->"
			case s == "[CDATA[":
				state = xmlCDATA
				b = 0
			case !isPrefix(s, "--") && !isPrefix(s, "[CDATA["):
				state, quote, x.brackets = xmlDecl, 0, 0
				i-- // read this byte again as part of the declaration
				run--
				continue
			}
		case xmlComment:
			if b == '>' && prev == [2]byte{'-', '-'} {
				state = xmlText
			}
		case xmlCDATA:
			if b == '>' && prev == [2]byte{']', ']'} {
				state = xmlText
			}
		case xmlPI:
			if b == '>' && prev[1] == '?' {
				state = xmlText
			}
		case xmlDecl:
			switch {
			case quoted(b, &quote):
			case b == '[':
				x.brackets++
			case b == ']':
				x.brackets = max(x.brackets-1, 0)
			case b == '>' && x.brackets == 0:
				state = xmlText
			}
		}
		prev = [2]byte{prev[1], b}
	}
	x.state, x.run, x.depth, x.quote, x.prev = state, run, depth, quote, prev
	x.off += int64(n)
	return n, err
}

// quoted follows the quotes of attribute values and literals: it reports
// whether b opens, closes or stands inside one.
func quoted(b byte, quote *byte) bool {
	switch {
	case *quote != 0:
		if b == *quote {
			*quote = 0
		}
		return true
	case b == '"' || b == '\'':
		*quote = b
		return true
	}
	return false
}

func isPrefix(s, of string) bool { return len(s) <= len(of) && of[:len(s)] == s }

// ReadAll reads r whole, failing once it holds more than max bytes; what
// names the input in the error.
func ReadAll(r io.Reader, max int64, what string) ([]byte, error) {
	return io.ReadAll(Total(r, max, what))
}

// ScanError turns a bufio.Scanner's "token too long" into the bound it
// broke; other errors pass unchanged.
func ScanError(err error, max int, what string) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return &Error{What: fmt.Sprintf("%s is longer than %d bytes", what, max)}
	}
	return err
}

// ScanLines calls fn with every line of r (without its line break) and its
// 1-based number; a line longer than max bytes ends the scan with the
// bound, what naming the lines ("a JSON line"). A read error (such as a
// bound broken underneath) is reported as itself, never as a complaint
// about the cut-off line it left behind.
func ScanLines(r io.Reader, max int, what string, fn func(b []byte, line int) error) error {
	er := &errorRecorder{r: r}
	sc := bufio.NewScanner(er)
	sc.Buffer(make([]byte, 0, min(max, 64<<10)), max)
	n := 0
	for sc.Scan() {
		n++
		if er.err != nil {
			return fmt.Errorf("line %d: %w", n, er.err)
		}
		if err := fn(sc.Bytes(), n); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, ScanError(err, max, what))
	}
	return nil
}

// errorRecorder keeps the first read error other than io.EOF.
type errorRecorder struct {
	r   io.Reader
	err error
}

func (e *errorRecorder) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

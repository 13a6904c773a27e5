package rules

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/vigilhq/vigil/internal/lists"
)

// A register file holds exemption decisions, one row per decision: CSV
// with a header, or JSON (an array of rows, or an object whose
// "exemptions" member is that array). A row may name several subjects; it
// becomes one Exemption per subject. The shipped register and the files
// users import share this format.

//go:embed exemptions.json
var defaultRegister []byte

// Register is a read-only set of exemptions, looked up by subject: the
// register of published decisions shipped with Vigil.
type Register struct {
	all       []Exemption
	bySubject map[lists.SubjectID][]Exemption
	sum       string
}

// DefaultRegister is the register embedded in the binary
// (internal/rules/exemptions.json), read once.
func DefaultRegister() *Register { return readDefaultRegister() }

var readDefaultRegister = sync.OnceValue(func() *Register {
	r, err := ReadRegister(bytes.NewReader(defaultRegister), "exemptions.json")
	if err != nil {
		panic("embedded exemptions.json: " + err.Error()) // a build defect, caught by tests
	}
	return r
})

// ReadRegister reads a register of published exemptions: every row must
// cite where the decision is published.
func ReadRegister(r io.Reader, name string) (*Register, error) {
	es, err := ReadExemptions(r, name, FromRegister)
	if err != nil {
		return nil, err
	}
	reg := &Register{all: es, bySubject: map[lists.SubjectID][]Exemption{}}
	h := sha256.New()
	json.NewEncoder(h).Encode(es) // exemptions encode without error
	reg.sum = hex.EncodeToString(h.Sum(nil)[:12])
	for _, e := range es {
		reg.bySubject[e.Subject] = append(reg.bySubject[e.Subject], e)
	}
	return reg, nil
}

// For returns the subject's exemptions.
func (r *Register) For(id lists.SubjectID) []Exemption {
	if r == nil {
		return nil
	}
	return r.bySubject[id]
}

// All returns every exemption of the register, in file order.
func (r *Register) All() []Exemption {
	if r == nil {
		return nil
	}
	return r.all
}

// Checksum names the register's content: it changes whenever a decision
// is added, removed or corrected (a new Vigil with another register), so
// verdicts judged under the old one can be judged again.
func (r *Register) Checksum() string {
	if r == nil {
		return "none"
	}
	return r.sum
}

// ExemptionRow is one decision as a register file (or an API request)
// writes it.
type ExemptionRow struct {
	Subjects     []string `json:"subjects"`
	Subject      string   `json:"subject"`
	Destinations []string `json:"destinations"`
	From         string   `json:"from"`
	To           string   `json:"to"`
	Reference    string   `json:"reference"`
	Committee    string   `json:"committee"`
	Purpose      string   `json:"purpose"`
	Source       string   `json:"source"`
	Note         string   `json:"note"`
}

// Limits of a register file: it is typed by people, so these are far above
// any real register and only stop a runaway input.
const (
	maxRegisterBytes = 16 << 20
	maxRegisterRows  = 100_000
	maxRowErrors     = 20
)

// registerColumns are the CSV header names (the JSON member names).
var registerColumns = []string{"subjects", "destinations", "from", "to", "reference", "committee", "purpose", "source", "note"}

// ReadExemptions reads a register file (CSV or JSON, told apart by the
// first character) and returns its exemptions with origin set. name labels
// errors, which give the row and line of every bad row; one bad row fails
// the whole file, so an import is all or nothing.
func ReadExemptions(r io.Reader, name string, origin Origin) ([]Exemption, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxRegisterBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxRegisterBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB; split the register", name, maxRegisterBytes>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var rows []numberedRow
	switch t := bytes.TrimLeft(b, " \t\r\n"); {
	case len(t) == 0:
		return nil, fmt.Errorf("%s: empty file", name)
	case t[0] == '[' || t[0] == '{':
		rows, err = jsonRows(b)
	default:
		rows, err = csvRows(b)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []Exemption
	var errs []error
	for _, nr := range rows {
		es, err := nr.row.Exemptions(origin)
		if err != nil {
			if len(errs) == maxRowErrors {
				errs = append(errs, fmt.Errorf("%s: more bad rows not shown", name))
				break
			}
			errs = append(errs, fmt.Errorf("%s: row %d (line %d): %w", name, nr.n, nr.line, err))
			continue
		}
		out = append(out, es...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

type numberedRow struct {
	n, line int
	row     ExemptionRow
}

// Exemptions validates the row and expands it to one exemption per
// subject.
func (r ExemptionRow) Exemptions(origin Origin) ([]Exemption, error) {
	subjects := r.Subjects
	if r.Subject != "" {
		subjects = append([]string{r.Subject}, subjects...)
	}
	if len(subjects) == 0 {
		return nil, errors.New("subjects: no subject (give un:… IDs)")
	}
	var out []Exemption
	for _, s := range subjects {
		id, err := lists.ParseSubjectID(s)
		if err != nil {
			return nil, fmt.Errorf("subjects: %w", err)
		}
		e := Exemption{Subject: id, Destinations: append([]string(nil), r.Destinations...), From: strings.TrimSpace(r.From), To: strings.TrimSpace(r.To),
			Reference: strings.TrimSpace(r.Reference), Committee: strings.TrimSpace(r.Committee), Purpose: strings.TrimSpace(r.Purpose),
			Source: strings.TrimSpace(r.Source), Note: strings.TrimSpace(r.Note), Origin: origin}
		if err := e.Validate(); err != nil {
			return nil, err
		}
		if origin == FromRegister && e.Source == "" {
			return nil, errors.New("source: a row of the register of published exemptions must cite where the decision is published")
		}
		out = append(out, e)
	}
	return out, nil
}

// jsonRows decodes the rows one at a time, remembering the line each
// starts on for error messages.
func jsonRows(b []byte) ([]numberedRow, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	lineAt := func(off int64) int { return bytes.Count(b[:off], []byte("\n")) + 1 }
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
	}
	if tok == json.Delim('{') {
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
			}
			if key == "exemptions" {
				found = true
				if tok, err = dec.Token(); err != nil {
					return nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
				}
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("line %d: %w", lineAt(dec.InputOffset()), err)
			}
		}
		if !found {
			return nil, errors.New(`no "exemptions" array in the JSON object`)
		}
	}
	if tok != json.Delim('[') {
		return nil, errors.New(`want a JSON array of exemptions (or {"exemptions": [...]})`)
	}
	dec.DisallowUnknownFields()
	var rows []numberedRow
	for dec.More() {
		if len(rows) == maxRegisterRows {
			return nil, fmt.Errorf("more than %d rows", maxRegisterRows)
		}
		start := dec.InputOffset()
		var r ExemptionRow
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("row %d (line %d): %w", len(rows)+1, lineAt(start)+leadingNewlines(b[start:]), err)
		}
		rows = append(rows, numberedRow{n: len(rows) + 1, line: lineAt(start) + leadingNewlines(b[start:]), row: r})
	}
	return rows, nil
}

// leadingNewlines counts the line breaks before the next value, which
// InputOffset puts before the separating comma and white space.
func leadingNewlines(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '\n':
			n++
		case ' ', '\t', '\r', ',':
		default:
			return n
		}
	}
	return n
}

func csvRows(b []byte) ([]numberedRow, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "subject" {
			h = "subjects"
		}
		if !slices.Contains(registerColumns, h) {
			return nil, fmt.Errorf("line 1: unknown column %q (known: %s)", header[i], strings.Join(registerColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("line 1: column %q twice", h)
		}
		col[h] = i
	}
	if _, ok := col["subjects"]; !ok {
		return nil, errors.New("line 1: no subjects column")
	}
	var rows []numberedRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err // csv errors name their line
		}
		line, _ := cr.FieldPos(0)
		if len(rows) == maxRegisterRows {
			return nil, fmt.Errorf("more than %d rows", maxRegisterRows)
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("row %d (line %d): %d fields, the header has %d", len(rows)+1, line, len(rec), len(header))
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		rows = append(rows, numberedRow{n: len(rows) + 1, line: line, row: ExemptionRow{
			Subjects: splitValues(get("subjects")), Destinations: splitValues(get("destinations")),
			From: get("from"), To: get("to"), Reference: get("reference"), Committee: get("committee"),
			Purpose: get("purpose"), Source: get("source"), Note: get("note"),
		}})
	}
}

// splitValues splits a CSV cell holding several values (a;b or a,b).
func splitValues(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

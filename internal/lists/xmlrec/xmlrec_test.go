package xmlrec

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/lists"
)

func TestDecoder(t *testing.T) {
	const doc = `<list date="2026-01-02T03:04:05Z"><head><Date> 01/02/2026 </Date></head>
<wrap><a><v>1</v></a><junk/><b><v>2</v></b></wrap><a><v>3</v></a></list>`
	d, root, err := Open(strings.NewReader(doc), "list")
	if err != nil {
		t.Fatal(err)
	}
	if tm, err := d.TimeAttr(root, "date"); err != nil || tm.Day() != 2 {
		t.Errorf("TimeAttr: %v %v", tm, err)
	}
	head, err := d.Prelude("a", "Date")
	if err != nil || head["Date"] != "01/02/2026" {
		t.Errorf("Prelude: %v %v", head, err)
	}
	var got []string
	for {
		var v struct {
			V string `xml:"v"`
		}
		name, _, err := d.Next(&v, "a", "b")
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, name+v.V)
	}
	if strings.Join(got, ",") != "a1,b2,a3" || d.Count() != 3 {
		t.Errorf("records %v (count %d), want a1,b2,a3", got, d.Count())
	}
	for _, tc := range []struct{ doc, want string }{
		{`<other/>`, "root element is <other>"},
		{`<list><a><v>1</v>`, "unexpected EOF"},
		{`<list date="soon"/>`, "attribute date"},
	} {
		d, root, err := Open(strings.NewReader(tc.doc), "list")
		if err == nil {
			if _, err = d.TimeAttr(root, "date"); err == nil {
				var v struct{}
				_, _, err = d.Next(&v, "a")
			}
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.doc, err, tc.want)
		}
	}
}

func TestSubjectsAndHeaderDate(t *testing.T) {
	const doc = "<list><head><Date> 02/01/2026 </Date></head>\n<a><v>x</v></a>\n<a><v></v></a></list>"
	d, _, err := Open(strings.NewReader(doc), "list")
	if err != nil {
		t.Fatal(err)
	}
	if tm, err := d.PreludeDate("a", "Date", "02/01/2006", "dd/mm/yyyy"); err != nil || tm.Month() != 1 || tm.Day() != 2 {
		t.Errorf("PreludeDate: %v %v", tm, err)
	}
	type rec struct {
		V string `xml:"v"`
	}
	convert := func(r *rec, element string) (*lists.Subject, error) {
		if r.V == "" {
			return nil, errors.New("no value")
		}
		return &lists.Subject{ID: lists.SubjectID(element + ":" + r.V)}, nil
	}
	if s, err := NextSubject(d, "entry", convert, "a"); err != nil || s.ID != "a:x" {
		t.Errorf("first: %v %v", s, err)
	}
	if _, err := NextSubject(d, "entry", convert, "a"); err == nil || err.Error() != "line 3: entry 2: no value" {
		t.Errorf("a bad record: %v, want it named by line and number", err)
	}
	if _, err := NextSubject(d, "entry", convert, "a"); err != io.EOF {
		t.Errorf("after the last record: %v, want io.EOF", err)
	}
	bad, _, _ := Open(strings.NewReader("<list><head><Date>2026-01-02</Date></head><a/></list>"), "list")
	if _, err := bad.PreludeDate("a", "Date", "02/01/2006", "dd/mm/yyyy"); err == nil || !strings.Contains(err.Error(), `Date "2026-01-02" is not a dd/mm/yyyy date`) {
		t.Errorf("a bad header date: %v", err)
	}
}

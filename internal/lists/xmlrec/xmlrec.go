// Package xmlrec walks an XML list file one record element at a time, so
// the list parsers stream: memory grows with one record, not the file.
// Errors name the line and the record, as an analyst needs to find them.
package xmlrec

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
)

// Decoder reads the records of one XML list.
type Decoder struct {
	dec     *xml.Decoder
	root    string
	count   int
	pending *xml.StartElement // the first record, met by Prelude
	done    bool              // the root element has closed
}

// Open reads up to the root element, which must be named root, and
// returns it so the caller can read its attributes. The input is bounded
// (limits.TextBytes per text node, limits.XMLDepth levels), so a
// gigabyte-long value or a nesting bomb fails instead of filling memory.
func Open(r io.Reader, root string) (*Decoder, xml.StartElement, error) {
	d := &Decoder{dec: xml.NewDecoder(limits.XML(r, limits.Default())), root: root}
	for {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, xml.StartElement{}, d.wrap(err, "reading the root element")
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != root {
				return nil, se, fmt.Errorf("line %d: root element is <%s>, want <%s>", d.Line(), se.Name.Local, root)
			}
			return d, se.Copy(), nil
		}
	}
}

// TimeAttr reads an RFC 3339 time from an attribute of the root element
// (the generation date UN and EU files carry); zero when it is absent.
func (d *Decoder) TimeAttr(root xml.StartElement, name string) (time.Time, error) {
	for _, a := range root.Attr {
		if v := strings.TrimSpace(a.Value); a.Name.Local == name && v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return time.Time{}, fmt.Errorf("line %d: attribute %s %q: %w", d.Line(), name, a.Value, err)
			}
			return t, nil
		}
	}
	return time.Time{}, nil
}

// Line is the decoder's current input line.
func (d *Decoder) Line() int {
	l, _ := d.dec.InputPos()
	return l
}

// Count is the number of records decoded so far.
func (d *Decoder) Count() int { return d.count }

func (d *Decoder) wrap(err error, what string) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("line %d: %s: %w", d.Line(), what, err)
}

// Prelude reads what comes before the first record element (such as a
// file's generation date) and returns the text of the elements named in
// want. The first record is kept for Next.
func (d *Decoder) Prelude(record string, want ...string) (map[string]string, error) {
	out := map[string]string{}
	for {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, d.wrap(err, "reading the file's header")
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == d.root {
				d.done = true
				return out, nil
			}
		case xml.StartElement:
			if t.Name.Local == record {
				se := t.Copy()
				d.pending = &se
				return out, nil
			}
			if slices.Contains(want, t.Name.Local) {
				var v string
				if err := d.dec.DecodeElement(&v, &t); err != nil {
					return nil, d.wrap(err, "<"+t.Name.Local+">")
				}
				out[t.Name.Local] = strings.TrimSpace(v)
			}
		}
	}
}

// Next decodes the next element named as one of records into v, skipping
// wrappers and unknown elements, and returns its name and starting line.
// It returns io.EOF after the closing root element.
func (d *Decoder) Next(v any, records ...string) (name string, line int, err error) {
	for {
		var start xml.StartElement
		if d.pending != nil {
			start, d.pending = *d.pending, nil
		} else {
			if d.done {
				return "", d.Line(), io.EOF
			}
			tok, err := d.dec.Token()
			if err != nil {
				return "", d.Line(), d.wrap(err, fmt.Sprintf("after record %d", d.count))
			}
			switch t := tok.(type) {
			case xml.EndElement:
				if t.Name.Local == d.root {
					d.done = true
					return "", d.Line(), io.EOF
				}
				continue
			case xml.StartElement:
				if !slices.Contains(records, t.Name.Local) {
					continue
				}
				start = t
			default:
				continue
			}
		}
		line := d.Line()
		if err := d.dec.DecodeElement(v, &start); err != nil {
			return "", line, d.wrap(err, fmt.Sprintf("record %d (<%s> starting on line %d)", d.count+1, start.Name.Local, line))
		}
		d.count++
		return start.Name.Local, line, nil
	}
}

// NextSubject decodes the next record (an element named as one of
// records) into a fresh R and makes a subject of it with convert, which is
// told the element's name. A conversion error names the record's line and
// number under label ("line 12: sdnEntry 4: …"). It returns io.EOF after
// the last record.
func NextSubject[R any](d *Decoder, label string, convert func(rec *R, element string) (*lists.Subject, error), records ...string) (*lists.Subject, error) {
	var rec R
	name, line, err := d.Next(&rec, records...)
	if err != nil {
		return nil, err
	}
	s, err := convert(&rec, name)
	if err != nil {
		return nil, fmt.Errorf("line %d: %s %d: %w", line, label, d.count, err)
	}
	return s, nil
}

// PreludeDate reads the header before the first record element and parses
// the date in its element field with layout (described as layoutText in
// errors); zero when the header has no such element.
func (d *Decoder) PreludeDate(record, field, layout, layoutText string) (time.Time, error) {
	head, err := d.Prelude(record, field)
	if err != nil {
		return time.Time{}, err
	}
	v := Clean(head[field])
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("line %d: %s %q is not a %s date", d.Line(), field, v, layoutText)
	}
	return t, nil
}

// Clean collapses runs of white space, which list files spread through
// values, and trims the ends.
func Clean(s string) string { return strings.Join(strings.Fields(s), " ") }

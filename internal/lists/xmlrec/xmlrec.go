// Package xmlrec walks an XML list file one record element at a time, so
// the list parsers stream: memory grows with one record, not the file.
// Errors name the line and the record, as an analyst needs to find them.
package xmlrec

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Decoder reads the records of one XML list.
type Decoder struct {
	dec   *xml.Decoder
	root  string
	count int
}

// Open reads up to the root element, which must be named root, and
// returns it so the caller can read its attributes.
func Open(r io.Reader, root string) (*Decoder, xml.StartElement, error) {
	d := &Decoder{dec: xml.NewDecoder(r), root: root}
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

// Next decodes the next element named record into v. Other elements met
// on the way are passed to other, when set, or skipped when they are
// wrappers. It returns io.EOF after the closing root element.
func (d *Decoder) Next(record string, v any, other func(d *xml.Decoder, se *xml.StartElement) error) (line int, err error) {
	for {
		tok, err := d.dec.Token()
		if err != nil {
			return d.Line(), d.wrap(err, fmt.Sprintf("after record %d", d.count))
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == d.root {
				return d.Line(), io.EOF
			}
		case xml.StartElement:
			if t.Name.Local != record {
				if other != nil {
					if err := other(d.dec, &t); err != nil {
						return d.Line(), d.wrap(err, "<"+t.Name.Local+">")
					}
				}
				continue
			}
			line := d.Line()
			if err := d.dec.DecodeElement(v, &t); err != nil {
				return line, d.wrap(err, fmt.Sprintf("record %d (<%s> starting on line %d)", d.count+1, record, line))
			}
			d.count++
			return line, nil
		}
	}
}

// Clean collapses runs of white space, which list files spread through
// values, and trims the ends.
func Clean(s string) string { return strings.Join(strings.Fields(s), " ") }

package realdata

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// XMLRecords reads every element named record with a plain token walk —
// independently of the parsers under test — and returns, per record, the
// text of each descendant element and attribute keyed by its path below
// the record: "nameAlias@wholeName", "Names/Name/Name6".
func XMLRecords(tb testing.TB, r io.Reader, record string) []map[string][]string {
	tb.Helper()
	dec := xml.NewDecoder(r)
	var out []map[string][]string
	var cur map[string][]string
	var path []string
	depth := -1
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatal(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if cur == nil && t.Name.Local == record {
				cur, path, depth = map[string][]string{}, nil, 0
				for _, a := range t.Attr {
					cur["@"+a.Name.Local] = append(cur["@"+a.Name.Local], a.Value)
				}
				continue
			}
			if cur == nil {
				continue
			}
			path = append(path, t.Name.Local)
			depth++
			text.Reset()
			key := strings.Join(path, "/")
			for _, a := range t.Attr {
				cur[key+"@"+a.Name.Local] = append(cur[key+"@"+a.Name.Local], a.Value)
			}
		case xml.CharData:
			if cur != nil {
				text.Write(t)
			}
		case xml.EndElement:
			if cur == nil {
				continue
			}
			if depth == 0 {
				out = append(out, cur)
				cur = nil
				continue
			}
			key := strings.Join(path, "/")
			if v := strings.TrimSpace(text.String()); v != "" {
				cur[key] = append(cur[key], v)
			}
			text.Reset()
			path = path[:len(path)-1]
			depth--
		}
	}
}

package uk

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
)

// workbook builds a minimal .xlsx (a zip archive, so compressed input by
// nature) whose one sheet holds rows of inline strings.
func workbook(rows [][]string) []byte {
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, row := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">`, i+1)
		for j, v := range row {
			var esc bytes.Buffer
			xmlEscape(&esc, v)
			fmt.Fprintf(&sheet, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, column(j), i+1, esc.String())
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheet.String(),
		"xl/styles.xml":              `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/styles.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, parts[name])
	}
	zw.Close()
	return buf.Bytes()
}

func xmlEscape(w *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '<':
			w.WriteString("&lt;")
		case '&':
			w.WriteString("&amp;")
		default:
			w.WriteRune(r)
		}
	}
}

// column is a spreadsheet column name: A … Z, AA, AB, …
func column(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return column(i/26-1) + string(rune('A'+i%26))
}

// conListRows is a ConList header and one row, as the CSV fixture has them.
func conListRows() [][]string {
	header := append([]string(nil), conListColumns...)
	row := make([]string, len(header))
	row[0], row[27], row[29], row[30], row[32] = "DOE", "Individual", "Primary name", "Iran", "1"
	return [][]string{{"Last Updated", "10/04/2025"}, header, row}
}

func TestXLSXWorkbookFixture(t *testing.T) {
	b := workbook(conListRows())
	rd, err := NewConListXLSX(bytes.NewReader(b), int64(len(b)), "w.xlsx", limits.Input{})
	if err != nil {
		t.Fatal(err)
	}
	var subs []*lists.Subject
	for s, err := range lists.All(rd) {
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, s)
	}
	if len(subs) != 1 || subs[0].Names[0].Full != "DOE" {
		t.Fatalf("subjects %+v", subs)
	}
}

// FuzzConListXLSX reads workbooks (zip archives: compressed input by
// nature) under small bounds: subjects or errors, never a panic.
func FuzzConListXLSX(f *testing.F) {
	f.Add(workbook(conListRows()))
	f.Add(workbook([][]string{{"a"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewConListXLSX(bytes.NewReader(data), int64(len(data)), "f.xlsx", limits.Input{XLSXBytes: 1 << 20, TextBytes: 64 << 10})
		if err != nil {
			return
		}
		for range 10000 {
			s, err := rd.Next()
			if err != nil {
				return
			}
			if s.ID == "" || len(s.Names) == 0 {
				t.Fatalf("subject without ID or name: %+v", s)
			}
		}
	})
}

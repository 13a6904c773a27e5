// Package limits names every bound Vigil puts on what it reads, fetches
// and accepts, in one place, so the documentation (docs/limits.md) has one
// source and a reviewer can see them all at once; and it holds the
// streaming guards that enforce the bounds on input (guard.go). Parsers
// apply the defaults themselves; an import may lower them (Input), as the
// tests do to show that each bomb stops at its bound.
package limits

import "time"

// List files and the other files Vigil reads (vigil lists import, lists
// update, serve --lists-dir, screen --batch, manifest, places import).
const (
	// ListBytes bounds a list file once decompressed (gzip), or a plain
	// one: a 46 MB gzip of 10 GiB of zeros stops here.
	ListBytes = 2 << 30
	// XLSXBytes bounds the parts of an .xlsx workbook once decompressed:
	// the workbook is read into memory (OFSI's ConList export is about
	// 30 MB unpacked).
	XLSXBytes = 256 << 20
	// TextBytes bounds one XML text node together with the tag before it
	// (or one comment, CDATA section or processing instruction), and one
	// CSV field. Official lists stay under a few KB per value.
	TextBytes = 1 << 20
	// XMLDepth bounds how deeply XML elements nest (the lists nest about
	// six levels).
	XMLDepth = 64
	// RecordBytes bounds one CSV record (a row, quoted line breaks
	// included) and one line of a text file (batch names, GeoNames).
	RecordBytes = 4 << 20
	// CSVFields bounds the fields of one CSV record: a record of empty
	// fields costs encoding/csv about 150 bytes a field (OFSI's ConList
	// has 36 columns, the widest list file).
	CSVFields = 1024
	// JSONLineBytes bounds one line of a JSON-lines file: an FtM entity
	// or delta operation (an entity with hundreds of names runs to a few
	// hundred KB).
	JSONLineBytes = 16 << 20
	// DocumentBytes bounds a JSON document read whole: a regime registry
	// (--regimes), an OpenSanctions delta index.
	DocumentBytes = 16 << 20
)

// Outbound fetches (internal/fetch): scanning a URL, list downloads, feeds.
const (
	// FetchPageBytes bounds a web page fetched for scanning (or a feed):
	// a page is held in memory, so this bounds one fetch's memory.
	FetchPageBytes = ArticleBytes
	// FetchDownloadBytes bounds a list download, streamed to a temporary
	// file (OpenSanctions' full sanctions export is the largest, a few
	// hundred MB).
	FetchDownloadBytes = ListBytes
	// FetchConcurrent is how many fetches run at once in one process;
	// others wait their turn, so parallel requests cannot multiply the
	// memory a page takes.
	FetchConcurrent = 4
	// FetchRedirects is how many redirects a fetch follows.
	FetchRedirects = 5
	// FetchConnectTimeout bounds DNS resolution plus the TCP connection;
	// FetchHeaderTimeout the TLS handshake and the wait for the response
	// header each.
	FetchConnectTimeout = 10 * time.Second
	FetchHeaderTimeout  = 20 * time.Second
	// FetchPageTimeout bounds a page fetch from start to last byte;
	// FetchDownloadTimeout a list download's attempt.
	FetchPageTimeout     = 30 * time.Second
	FetchDownloadTimeout = 10 * time.Minute
	// FetchHeaderBytes bounds the response header.
	FetchHeaderBytes = 64 << 10
)

// Article input (vigil scan, POST /api/v1/scan, the scan page) and the
// server's requests.
const (
	// ArticleBytes bounds one article, pasted, read from a file or fetched.
	ArticleBytes = 10 << 20
	// ServerScans is how many article scans a server runs at once (fetch,
	// extraction and scanning): a 10 MB article takes a few hundred MB
	// while it is scanned, so parallel requests queue instead of
	// multiplying that.
	ServerScans = 2
	// RequestBytes bounds a request body other than an article's.
	RequestBytes = 1 << 20
	// BatchQueries bounds the names of one batch screening request.
	BatchQueries = 1000
	// RequestTime bounds the time a request may take.
	RequestTime = 30 * time.Second
)

// Input is the set of input bounds one import applies; a zero field takes
// the default above. Tests lower them so that a bomb shows its bound in
// milliseconds.
type Input struct {
	ListBytes     int64
	XLSXBytes     int64
	TextBytes     int
	XMLDepth      int
	RecordBytes   int
	CSVFields     int
	JSONLineBytes int
}

// Default is the default bounds.
func Default() Input { return Input{}.WithDefaults() }

// WithDefaults fills the zero fields with the defaults.
func (in Input) WithDefaults() Input {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if in.ListBytes <= 0 {
		in.ListBytes = ListBytes
	}
	if in.XLSXBytes <= 0 {
		in.XLSXBytes = XLSXBytes
	}
	def(&in.TextBytes, TextBytes)
	def(&in.XMLDepth, XMLDepth)
	def(&in.RecordBytes, RecordBytes)
	def(&in.CSVFields, CSVFields)
	def(&in.JSONLineBytes, JSONLineBytes)
	return in
}

// Package limits names every bound Vigil puts on what it reads, fetches
// and accepts, in one place, so the documentation (docs/limits.md) has one
// source and a reviewer can see them all at once. Parsers and adapters
// take these values as defaults; tests pass smaller ones to show that a
// bomb stops at the bound instead of exhausting memory.
package limits

import "time"

// Outbound fetches (internal/fetch): scanning a URL, list downloads, feeds.
const (
	// FetchPageBytes bounds a web page fetched for scanning (or a feed):
	// a page is held in memory, so this bounds one fetch's memory.
	FetchPageBytes = ArticleBytes
	// FetchDownloadBytes bounds a list download, streamed to a temporary
	// file (OpenSanctions' full sanctions export is the largest, a few
	// hundred MB).
	FetchDownloadBytes = 2 << 30
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

// Article input (vigil scan, POST /api/v1/scan, the scan page).
const (
	// ArticleBytes bounds one article, pasted, read from a file or fetched.
	ArticleBytes = 10 << 20
	// ServerScans is how many article scans a server runs at once (fetch,
	// extraction and scanning): a 10 MB article takes a few hundred MB
	// while it is scanned, so parallel requests queue instead of
	// multiplying that.
	ServerScans = 2
)

package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/vigilhq/vigil/internal/limits"
)

// openMaybeGzip opens a file, decompressing it when it is gzipped, and
// bounds what comes out to limits.ListBytes.
func openMaybeGzip(path string) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	r, err := limits.Decompress(f, limits.ListBytes)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, func() { f.Close() }, nil
}

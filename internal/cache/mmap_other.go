//go:build !unix

package cache

import "os"

// mapFile reads the file into memory where mapping is not available.
func mapFile(path string) (data []byte, fi os.FileInfo, release func(), err error) {
	if fi, err = os.Stat(path); err != nil {
		return nil, nil, nil, err
	}
	data, err = os.ReadFile(path)
	return data, fi, func() {}, err
}

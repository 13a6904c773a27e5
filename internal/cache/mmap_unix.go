//go:build unix

package cache

import (
	"os"
	"syscall"
)

// mapFile maps a file read-only; release unmaps it (only for an entry
// found unreadable: a good entry stays mapped, see the package comment).
func mapFile(path string) (data []byte, fi os.FileInfo, release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close() // the mapping outlives the descriptor
	if fi, err = f.Stat(); err != nil {
		return nil, nil, nil, err
	}
	if fi.Size() == 0 {
		return []byte{}, fi, func() {}, nil
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, nil, err
	}
	return data, fi, func() { syscall.Munmap(data) }, nil
}

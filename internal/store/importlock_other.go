//go:build !unix

package store

import (
	"context"
	"errors"
	"os"
)

// lockFile takes a lock file created exclusively, waiting for it. Unlike
// flock on Unix, a crashed import leaves the file behind: remove it by
// hand.
func lockFile(ctx context.Context, path string) (func(), error) {
	err := pollLock(ctx, func() (bool, error) {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return false, nil
		}
		if err == nil {
			f.Close()
		}
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return func() { os.Remove(path) }, nil
}

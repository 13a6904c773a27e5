package lists

import (
	"context"
	"iter"
	"sync"
)

// Cache wraps a store for a burst of reads (a manifest, a batch of
// articles): Versions and SubjectRecords are remembered. Writes pass
// through and clear the cache.
func Cache(st Store) Store { return &cachedStore{Store: st} }

type cachedStore struct {
	Store
	mu       sync.Mutex
	versions map[Source][]Version
	records  map[SubjectID]map[int64]*Subject
}

func (c *cachedStore) Versions(ctx context.Context, src Source) ([]Version, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.versions[src]; ok {
		return v, nil
	}
	v, err := c.Store.Versions(ctx, src)
	if err != nil {
		return nil, err
	}
	if c.versions == nil {
		c.versions = map[Source][]Version{}
	}
	c.versions[src] = v
	return v, nil
}

func (c *cachedStore) SubjectRecords(ctx context.Context, id SubjectID) (map[int64]*Subject, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.records[id]; ok {
		return r, nil
	}
	r, err := c.Store.SubjectRecords(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.records == nil {
		c.records = map[SubjectID]map[int64]*Subject{}
	}
	c.records[id] = r
	return r, nil
}

func (c *cachedStore) ImportVersion(ctx context.Context, meta VersionMeta, subjects iter.Seq2[*Subject, error]) (ImportResult, error) {
	c.mu.Lock()
	c.versions, c.records = nil, nil
	c.mu.Unlock()
	return c.Store.ImportVersion(ctx, meta, subjects)
}

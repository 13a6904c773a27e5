package server

import (
	"net/http/httptest"
	"testing"

	"github.com/vigilhq/vigil/internal/auth"
)

// BenchmarkAuthorize measures what the access check costs a request: the
// token's lookup and hash, or nothing for an anonymous read.
func BenchmarkAuthorize(b *testing.B) {
	for _, tc := range []struct {
		name  string
		token bool
	}{{"anonymous-open-reads", false}, {"bearer", true}} {
		b.Run(tc.name, func(b *testing.B) {
			srv, _, tokens := accessServer(b, Config{OpenReads: true})
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest("GET", "/api/v1/lists/un/diff", nil)
					if tc.token {
						req.Header.Set("Authorization", "Bearer "+tokens[auth.Viewer])
					}
					rec := httptest.NewRecorder()
					if _, ok := srv.authorize(rec, req, "GET /api/v1/lists/{source}/diff"); !ok {
						b.Fatal(rec.Code)
					}
				}
			})
		})
	}
}

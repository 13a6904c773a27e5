package watch

import (
	"context"
	"errors"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/news"
)

// TestFetchRetryQueuesTheScan: a fetch job run again after its process
// was killed between claiming the article's text and queuing its scan
// (the rescued job finds the text claimed) queues the scan, and fetches
// nothing; once the article is scanned, it does nothing.
func TestFetchRetryQueuesTheScan(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	m, err := New(ctx, Config{BuildCatalog: func(context.Context) (*Catalog, error) { return nil, errors.New("not needed") }}, st, fetch.New(fetch.Config{}, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	// unreachable: fetching it would fail the job
	arts, err := st.AddArticles(ctx, []news.Article{{URL: "http://192.0.2.1/story", Outlet: "192.0.2.1"}})
	if err != nil {
		t.Fatal(err)
	}
	id := arts[0].ID
	if _, err := st.ClaimText(ctx, id, news.Extracted{Title: "T", Body: "the story"}); err != nil {
		t.Fatal(err)
	}
	scans := func() int {
		t.Helper()
		res, err := m.queue.JobList(ctx, river.NewJobListParams().Kinds(scanArgs{}.Kind()).States(rivertype.JobStateAvailable))
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Jobs)
	}
	w := &fetchWorker{m: m}
	job := &river.Job[fetchArgs]{JobRow: &rivertype.JobRow{Attempt: 2, MaxAttempts: 5}, Args: fetchArgs{ArticleID: id}}
	for range 2 {
		if err := w.Work(ctx, job); err != nil {
			t.Fatalf("the rescued fetch: %v", err)
		}
	}
	if n := scans(); n != 1 {
		t.Fatalf("%d scan jobs after the rescued fetch ran twice, want 1", n)
	}
	if err := st.RecordScanned(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Work(ctx, job); err != nil {
		t.Errorf("a fetch of a scanned article: %v", err)
	}
}

package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/server"
	"github.com/vigilhq/vigil/internal/watch"
)

func (a *app) serveCommand() *cobra.Command {
	var addr, listsDir string
	var refresh time.Duration
	var authReads bool
	var w watchFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--lists-dir DIR] [--refresh 6h]",
		Short: "Serve the JSON API and the web UI",
		Long: `Serve the JSON API (/api/v1, described at /api/openapi.json) and the web UI.

If the store holds no list, the lists are imported from --lists-dir (air-gapped
sites) or downloaded. They are refreshed every --refresh (0 disables); a failed
refresh keeps the last good version. Write endpoints require the token in
VIGIL_API_TOKEN when it is set; --auth-reads requires it for reads too.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			reg, err := a.registry()
			if err != nil {
				return err
			}
			status, err := lists.Status(ctx, st)
			if err != nil {
				return err
			}
			empty := true
			for _, s := range status {
				if s.Latest != nil {
					empty = false
				}
			}
			if empty && listsDir != "" {
				n, err := ingest.ImportDir(ctx, st, listsDir, a.log)
				if err != nil {
					return err
				}
				a.log.Info("imported lists", "files", n, "dir", listsDir)
			}
			srv := server.New(server.Config{Addr: addr, Token: os.Getenv("VIGIL_API_TOKEN"), AuthReads: authReads, Registry: reg, Fetcher: a.fetcher(), Cache: a.cacheDir()}, st, a.log)
			ref := server.NewRefresher(srv, refresh, filepath.Join(downloadDir()), a.log)
			if empty && listsDir == "" {
				ref.RefreshOnce(ctx)
			}
			if err := srv.Rebuild(ctx); err != nil {
				return err
			}
			if err := srv.Start(ctx); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "vigil serving on http://%s (store: %s)\n", srv.Addr(), st.Describe())
			if refresh > 0 {
				ref.Start(ctx)
			}
			// the news monitor's workers, in this process
			var mon *watch.Monitor
			if w.workers > 0 {
				if mon, err = a.monitor(ctx, st, w); err != nil {
					return err
				}
				if err := mon.Start(ctx); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "news monitor running with %d workers\n", w.workers)
			}
			<-ctx.Done()
			fmt.Fprintln(a.stderr, "shutting down")
			ref.Stop()
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if mon != nil {
				if err := mon.Stop(sctx); err != nil {
					a.log.Warn("stop the news monitor", "err", err)
				}
			}
			return srv.Stop(sctx)
		},
	}
	w.register(cmd, 0)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen address")
	cmd.Flags().StringVar(&listsDir, "lists-dir", "", "import lists from this folder when the store is empty")
	cmd.Flags().DurationVar(&refresh, "refresh", 6*time.Hour, "download the official lists this often (0: never)")
	cmd.Flags().BoolVar(&authReads, "auth-reads", false, "require the token for reads too")
	return cmd
}

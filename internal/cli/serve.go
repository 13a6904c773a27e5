package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/auth"
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
	var cfg server.Config
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--lists-dir DIR] [--refresh 6h] [--open-reads] [--public-url URL]",
		Short: "Serve the JSON API and the web UI",
		Long: `Serve the JSON API (/api/v1, described at /api/openapi.json) and the web UI.

If the store holds no list, the lists are imported from --lists-dir (air-gapped
sites) or downloaded. They are refreshed every --refresh (0 disables); a failed
refresh keeps the last good version.

Every request but sign-in and health checks needs a user (see vigil users):
viewers read, analysts scan and review, admins manage exemptions and users. The
API takes Authorization: Bearer TOKEN; the web UI signs in with the token to a
session. --open-reads lets anonymous callers read. Behind a TLS proxy, give the
address users see with --public-url https://… (cookies become Secure); or serve
TLS directly with --tls-cert and --tls-key.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if os.Getenv("VIGIL_API_TOKEN") != "" {
				return errors.New(`VIGIL_API_TOKEN is no longer read: one shared token cannot say who changed a verdict.
Create a user per person or client instead and give each their own token:
  vigil users add NAME --role admin|analyst|viewer
then unset VIGIL_API_TOKEN (see docs/server.md, "Users and roles")`)
			}
			if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
				return errors.New("--tls-cert and --tls-key go together")
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			users, err := st.Users(ctx)
			if err != nil {
				return err
			}
			fmt.Fprint(a.stderr, noUsersWarning(users, cfg.OpenReads, a.dbHint()))
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
			cfg.Addr, cfg.Registry, cfg.Fetcher, cfg.Cache = addr, reg, a.fetcher(), a.cacheDir()
			srv, err := server.New(cfg, st, a.log)
			if err != nil {
				return err
			}
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
			scheme := "http"
			if cfg.TLSCert != "" {
				scheme = "https"
			}
			fmt.Fprintf(a.stderr, "vigil serving on %s://%s (store: %s)\n", scheme, srv.Addr(), st.Describe())
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
	cmd.Flags().BoolVar(&cfg.OpenReads, "open-reads", false, "let anonymous callers read (screen, subjects, verdicts, lists, alerts)")
	cmd.Flags().StringVar(&cfg.PublicURL, "public-url", "", "the address users reach the server at, behind a proxy (https://… makes cookies Secure)")
	cmd.Flags().StringVar(&cfg.TLSCert, "tls-cert", "", "serve HTTPS with this certificate (PEM)")
	cmd.Flags().StringVar(&cfg.TLSKey, "tls-key", "", "the certificate's private key (PEM)")
	cmd.Flags().DurationVar(&cfg.SessionTTL, "session-ttl", 8*time.Hour, "how long a web UI sign-in lasts")
	cmd.Flags().BoolVar(&authReads, "auth-reads", false, "")
	cmd.Flags().MarkDeprecated("auth-reads", "reads need a user by default now; --open-reads opens them")
	return cmd
}

// noUsersWarning is what serve prints on a store without an active user
// (a fresh install): everything is refused, and how to make the first
// admin. Empty when there is a user.
func noUsersWarning(users []auth.User, openReads bool, dbHint string) string {
	if slices.ContainsFunc(users, auth.User.Active) {
		return ""
	}
	refused := "every request but sign-in is refused"
	if openReads {
		refused = "every change is refused (reads are open)"
	}
	return fmt.Sprintf("warning: the store has no users, so %s.\nCreate the first admin (it prints their API token, to sign in with):\n  vigil users add NAME --role admin%s\n", refused, dbHint)
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
)

func (a *app) listsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "lists", Short: "Import, update and inspect sanctions list versions"}
	cmd.AddCommand(a.listsImportCommand(), a.listsUpdateCommand(), a.listsStatusCommand(), a.listsDiffCommand())
	return cmd
}

func (a *app) progressWrapper() func(io.Reader, int64) io.Reader {
	if !isTerminal(a.stderr) {
		return nil
	}
	return func(r io.Reader, size int64) io.Reader {
		bar := progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(a.stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("importing"), progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
		pr := progressbar.NewReader(r, bar)
		return &pr
	}
}

func (a *app) listsImportCommand() *cobra.Command {
	var source, generated string
	var asJSON, partial bool
	cmd := &cobra.Command{
		Use:   "import --source SOURCE PATH...",
		Short: "Import list files as new versions (plain or .gz): UN, OFAC, EU and UK XML; OFAC and OFSI CSV; FtM JSON lines; OpenSanctions delta folders",
		Long: `Import list files as new versions of a source. The format follows from the
file and the source:

  un             UN consolidated XML
  ofac           SDN CSV set (a folder, or sdn.csv with alt/add/sdn_comments beside it), or sdn.xml
  ofac_cons      Consolidated (non-SDN) CSV set (cons_prim.csv …) or consolidated.xml
  eu             EU Financial Sanctions Files XML 1.1
  uk             FCDO UK Sanctions List XML
  ofsi           OFSI Consolidated List CSV (2022 format)
  opensanctions  FtM entities (*.json, one entity per line), or a delta folder holding delta.json

Any source also takes FtM JSON lines, such as a 'vigil export --format ftm' of
that source. An import is atomic: a file that fails leaves the store as it was.
An OFAC CSV set must be whole: sdn.csv without alt.csv, add.csv and
sdn_comments.csv is refused unless --partial (its subjects would lose their
aliases, addresses and remarks).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := lists.ParseSource(source)
			if err != nil {
				return err
			}
			opt := ingest.Options{Logger: a.log, Progress: a.progressWrapper(), Partial: partial}
			if opt.GeneratedAt, err = dateFlag("--generated", generated); err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			var results []lists.ImportResult
			for _, path := range args {
				res, err := ingest.Import(cmd.Context(), st, src, path, opt)
				if err != nil {
					return fmt.Errorf("import failed, store unchanged: %w", err)
				}
				results = append(results, res)
				if !asJSON {
					a.printImport(path, res)
				}
			}
			if asJSON {
				return a.printJSON(results)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "list source: un, ofac, ofac_cons, eu, uk, ofsi, opensanctions (required)")
	cmd.Flags().StringVar(&generated, "generated", "", "the list's publication date YYYY-MM-DD, for files that carry none")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&partial, "partial", false, "accept an OFAC CSV set without alt.csv, add.csv or sdn_comments.csv")
	cmd.MarkFlagRequired("source")
	return cmd
}

func (a *app) printImport(path string, res lists.ImportResult) {
	v := res.Version
	if res.Unchanged {
		fmt.Fprintf(a.stdout, "%s: identical to %s version %d (generated %s); nothing changed\n", path, v.Source, v.ID, v.GeneratedAt.Format(time.DateOnly))
		return
	}
	if res.Refreshed {
		fmt.Fprintf(a.stdout, "%s: %s version %d (generated %s) was stored by an older Vigil; read again: %d subjects, with their amendment dates\n",
			path, v.Source, v.ID, v.GeneratedAt.Format(time.DateOnly), v.Total)
		return
	}
	fmt.Fprintf(a.stdout, "%s: %s version %d, generated %s (%s): %d subjects; %d added, %d removed, %d changed\n",
		path, v.Source, v.ID, v.GeneratedAt.Format(time.DateOnly), v.GeneratedFrom, v.Total, res.Added, res.Removed, res.Changed)
}

func downloadDir() string {
	dir := os.Getenv("XDG_CACHE_HOME")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache")
	}
	return filepath.Join(dir, "vigil", "downloads")
}

func (a *app) listsUpdateCommand() *cobra.Command {
	var sources string
	cmd := &cobra.Command{
		Use:   "update [--source un,ofac,…]",
		Short: "Download the current official lists and import any new version",
		RunE: func(cmd *cobra.Command, _ []string) error {
			srcs, err := lists.ParseSources(sources)
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if len(srcs) == 0 {
				if srcs, err = ingest.UpdateSources(cmd.Context(), st); err != nil {
					return err
				}
			}
			var failed []string
			for _, src := range srcs {
				res, err := a.update(cmd.Context(), st, src)
				if err != nil {
					failed = append(failed, string(src))
					fmt.Fprintf(a.stderr, "%s: update failed, the last good version is kept: %v\n", src, err)
					continue
				}
				a.printImport(string(src), res)
			}
			if len(failed) > 0 {
				return fmt.Errorf("update failed for %s", strings.Join(failed, ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&sources, "source", "", "sources to update, comma-separated (default: every official list, and opensanctions once imported)")
	return cmd
}

func (a *app) update(ctx context.Context, st lists.Store, src lists.Source) (lists.ImportResult, error) {
	res, err := ingest.Update(ctx, st, a.fetcher(), src, downloadDir(), a.log)
	if errors.Is(err, fetch.ErrUnreachable) {
		return res, fmt.Errorf("%w (offline? import files with 'vigil lists import' instead)", err)
	}
	return res, err
}

func (a *app) listsStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show each source's versions, latest generation date and counts by kind",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openExistingStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			status, err := lists.Status(cmd.Context(), st)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(status)
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			for _, s := range status {
				if s.Latest == nil {
					fmt.Fprintf(tw, "%s\tno version imported\n", s.Source)
					continue
				}
				fmt.Fprintf(tw, "%s\t%d versions\tlatest generated %s\t%s\n", s.Source, len(s.Versions), s.Latest.GeneratedAt.Format(time.DateOnly), countsText(s.Counts))
				for _, v := range s.Versions {
					fmt.Fprintf(tw, "\tversion %d\t%s\t%d subjects\t%s\n", v.ID, v.GeneratedAt.Format(time.DateOnly), v.Total, v.FileName)
				}
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func countsText(c map[lists.Kind]int) string {
	var parts []string
	for _, k := range []lists.Kind{lists.KindPerson, lists.KindOrganization, lists.KindVessel, lists.KindAircraft} {
		if c[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[k], k))
		}
	}
	return strings.Join(parts, ", ")
}

func (a *app) listsDiffCommand() *cobra.Command {
	var source, from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff --source un [--from V] [--to V]",
		Short: "Subjects added, removed and changed between two versions (default: the two latest)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			src, err := lists.ParseSource(source)
			if err != nil {
				return err
			}
			st, err := a.openExistingStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			fromID, err := a.versionRef(cmd.Context(), st, src, from, "--from")
			if err != nil {
				return err
			}
			toID, err := a.versionRef(cmd.Context(), st, src, to, "--to")
			if err != nil {
				return err
			}
			d, err := lists.DiffVersions(cmd.Context(), st, src, fromID, toID)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(d)
			}
			fmt.Fprintf(a.stdout, "%s version %d (%s) → version %d (%s): %d added, %d removed, %d changed\n", src,
				d.From.ID, d.From.GeneratedAt.Format(time.DateOnly), d.To.ID, d.To.GeneratedAt.Format(time.DateOnly), len(d.Added), len(d.Removed), len(d.Changed))
			for _, s := range d.Added {
				fmt.Fprintf(a.stdout, "+ %s  %s\n", s.ID, s.Name)
			}
			for _, s := range d.Removed {
				fmt.Fprintf(a.stdout, "- %s  %s\n", s.ID, s.Name)
			}
			for _, c := range d.Changed {
				var fields []string
				for _, f := range c.Fields {
					fields = append(fields, f.Field)
				}
				fmt.Fprintf(a.stdout, "~ %s  %s  (%s)\n", c.ID, c.Name, strings.Join(fields, ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "list source: un, ofac, ofac_cons, eu, uk, ofsi, opensanctions (required)")
	cmd.Flags().StringVar(&from, "from", "", "older version: its ID or its generation date YYYY-MM-DD")
	cmd.Flags().StringVar(&to, "to", "", "newer version: its ID or its generation date YYYY-MM-DD")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.MarkFlagRequired("source")
	return cmd
}

// versionRef accepts a version ID or a generation date (the version in
// force on that date).
func (a *app) versionRef(ctx context.Context, st lists.Store, src lists.Source, ref, flag string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return id, nil
	}
	t, err := time.Parse(time.DateOnly, ref)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want a version ID or a date YYYY-MM-DD", flag, ref)
	}
	vs, err := st.Versions(ctx, src)
	if err != nil {
		return 0, err
	}
	v := lists.VersionOn(vs, t)
	if v == nil {
		return 0, fmt.Errorf("%s %s: no %s version generated on or before that date", flag, ref, src)
	}
	return v.ID, nil
}

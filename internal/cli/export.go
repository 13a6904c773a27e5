package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/ftm"
)

func (a *app) exportCommand() *cobra.Command {
	var format, sources, at, out string
	cmd := &cobra.Command{
		Use:   "export --format ftm [--source un,ofac,…] [--at YYYY-MM-DD] [--out FILE]",
		Short: "Write the lists as FollowTheMoney entities (JSON lines) for OpenSanctions tools",
		Long: `Write the subjects of the latest (or --at) version of each source as FtM
entities: one Person, Organization, Vessel or Airplane per subject, with its
Sanction, Identification/Passport, Address and UnknownLink entities. Entity
IDs are "<source>-<reference>", so 'vigil lists import --source SOURCE FILE'
reads an export back. What FtM cannot carry is listed in docs/lists.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "ftm" {
				return fmt.Errorf("--format %q: only ftm is supported", format)
			}
			srcs, err := lists.ParseSources(sources)
			if err != nil {
				return fmt.Errorf("--source: %w", err)
			}
			when, err := dateFlag("--at", at)
			if err != nil {
				return err
			}
			st, err := a.openExistingStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			subs, versions, err := lists.LatestSubjects(cmd.Context(), st, srcs, when)
			if err != nil {
				return err
			}
			if len(versions) == 0 {
				return fmt.Errorf("no list version to export: import one first")
			}
			w, closeOut, err := a.createOutput(out)
			if err != nil {
				return err
			}
			defer closeOut()
			fw := ftm.NewWriter(w)
			seen := map[lists.Source]time.Time{}
			for _, v := range versions {
				seen[v.Source] = v.GeneratedAt
			}
			for _, s := range subs {
				if err := fw.Write(s, seen[s.Source]); err != nil {
					return err
				}
			}
			for _, v := range versions {
				a.log.Info("exported list version", "source", v.Source, "version", v.ID, "generated", v.GeneratedAt.Format(time.DateOnly), "subjects", v.Total)
			}
			a.log.Info("FtM export written", "subjects", len(subs), "entities", fw.Count())
			return closeOut()
		},
	}
	cmd.Flags().StringVar(&format, "format", "ftm", "output format: ftm")
	cmd.Flags().StringVar(&sources, "source", "", "sources to export, comma-separated (default all)")
	cmd.Flags().StringVar(&at, "at", "", "export the lists as they stood on this date")
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of standard output")
	return cmd
}

package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/manifest"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/store"
)

// registry is the embedded regime registry, or the user's file named by
// --regimes or VIGIL_REGIMES.
func (a *app) registry() (*rules.Registry, error) {
	path := a.regimesFlag
	if path == "" {
		path = os.Getenv("VIGIL_REGIMES")
	}
	if path == "" {
		return rules.Default(), nil
	}
	return rules.Load(path)
}

// countryCode accepts a code or a country name.
func countryCode(flag, v string) (string, error) {
	cc, err := manifest.CountryCode(v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	return cc, nil
}

func (a *app) checker(st *store.Store) (*rules.Checker, error) {
	reg, err := a.registry()
	if err != nil {
		return nil, err
	}
	return &rules.Checker{Lists: lists.Cache(st), Exemptions: rules.CacheExemptions(st), Registry: reg}, nil
}

func (a *app) travelCheckCommand() *cobra.Command {
	var to, from, date string
	var judicial, asJSON bool
	cmd := &cobra.Command{
		Use:   "travel-check ID --to CC --date YYYY[-MM[-DD]] [--from CC]",
		Short: "Was a trip by a listed subject a breach of a travel ban? Verdict with cited reasons",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := lists.ParseSubjectID(args[0])
			if err != nil {
				return err
			}
			trip := rules.Trip{Subject: id, Judicial: judicial}
			if trip.To, err = countryCode("--to", to); err != nil {
				return err
			}
			if trip.To == "" {
				return errors.New("--to is required")
			}
			if trip.From, err = countryCode("--from", from); err != nil {
				return err
			}
			if date == "" {
				return errors.New("--date is required")
			}
			if trip.Date, err = rules.ParsePeriod(date); err != nil {
				return fmt.Errorf("--date: %w", err)
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ch, err := a.checker(st)
			if err != nil {
				return err
			}
			v, err := ch.Check(cmd.Context(), trip)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(v)
			}
			a.printVerdict(v)
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "destination country (ISO alpha-2)")
	cmd.Flags().StringVar(&from, "from", "", "origin country (ISO alpha-2)")
	cmd.Flags().StringVar(&date, "date", "", "date of the trip: YYYY-MM-DD, YYYY-MM or YYYY")
	cmd.Flags().BoolVar(&judicial, "judicial", false, "entry or transit for a judicial process")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) printVerdict(v *rules.TravelVerdict) {
	fmt.Fprintf(a.stdout, "%s  %s  → %s  %s\nverdict: %s\n", v.Subject, v.Name, v.To, v.Date, strings.ToUpper(string(v.Verdict)))
	if v.Binds != "" {
		fmt.Fprintf(a.stdout, "binds:   %s\n", v.Binds)
	}
	for _, r := range v.Reasons {
		fmt.Fprintf(a.stdout, "  - [%s] %s\n", r.Kind, r.Text)
	}
}

func (a *app) exemptionsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "exemptions", Short: "Record, list and remove committee-granted travel exemptions"}
	var to, from, until, ref, note string
	add := &cobra.Command{
		Use:   "add ID --reference REF [--to CC,CC] [--from D] [--until D] [--note TEXT]",
		Short: "Record a committee exemption for a subject",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := lists.ParseSubjectID(args[0])
			if err != nil {
				return err
			}
			if strings.TrimSpace(ref) == "" {
				return errors.New("--reference is required (the committee's reference for the exemption)")
			}
			e := rules.Exemption{Subject: id, Reference: ref, Note: note, CreatedBy: actor()}
			for _, c := range splitList(to) {
				cc, err := countryCode("--to", c)
				if err != nil {
					return err
				}
				e.Destinations = append(e.Destinations, cc)
			}
			for _, d := range []struct {
				flag, v string
				dst     *string
			}{{"--from", from, &e.From}, {"--until", until, &e.To}} {
				if d.v == "" {
					continue
				}
				if _, err := time.Parse(time.DateOnly, d.v); err != nil {
					return fmt.Errorf("%s %q: want YYYY-MM-DD", d.flag, d.v)
				}
				*d.dst = d.v
			}
			if e.From != "" && e.To != "" && e.To < e.From {
				return errors.New("--until is before --from")
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if recs, err := st.SubjectRecords(cmd.Context(), id); err != nil {
				return err
			} else if len(recs) == 0 {
				fmt.Fprintf(a.stderr, "warning: %s is not in any imported list version\n", id)
			}
			e, err = st.AddExemption(cmd.Context(), e)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "recorded exemption #%d for %s\n", e.ID, e.Subject)
			return nil
		},
	}
	add.Flags().StringVar(&to, "to", "", "destinations, comma-separated (default any)")
	add.Flags().StringVar(&from, "from", "", "first day YYYY-MM-DD")
	add.Flags().StringVar(&until, "until", "", "last day YYYY-MM-DD")
	add.Flags().StringVar(&ref, "reference", "", "the committee's reference")
	add.Flags().StringVar(&note, "note", "", "free text")
	var asJSON, withRemoved bool
	list := &cobra.Command{
		Use:   "list [ID] [--removed] [--json]",
		Short: "List recorded exemptions (--removed: removed ones too, with who removed them)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var id lists.SubjectID
			if len(args) == 1 {
				var err error
				if id, err = lists.ParseSubjectID(args[0]); err != nil {
					return err
				}
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			read := st.Exemptions
			if withRemoved {
				read = st.ExemptionHistory
			}
			es, err := read(cmd.Context(), id)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(es)
			}
			for _, e := range es {
				fmt.Fprintf(a.stdout, "#%d  %s  to %s  %s … %s  %s%s  (recorded by %s%s)\n", e.ID, e.Subject, strings.Join(orAny(e.Destinations), ","), orDash(e.From), orDash(e.To), e.Reference, noteSuffix(e.Note), orUnknown(e.CreatedBy), removal(e))
			}
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().BoolVar(&withRemoved, "removed", false, "list removed exemptions too")
	remove := &cobra.Command{
		Use:   "remove N",
		Short: "Remove a recorded exemption (it is kept, marked removed by you, for the audit trail)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil {
				return fmt.Errorf("exemption number %q: %w", args[0], err)
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RemoveExemption(cmd.Context(), n, actor()); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "removed exemption #%d\n", n)
			return nil
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}

func orAny(d []string) []string {
	if len(d) == 0 {
		return []string{"any"}
	}
	return d
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// removal says who removed an exemption and when, if anyone did.
func removal(e rules.Exemption) string {
	if e.RemovedAt == nil {
		return ""
	}
	return fmt.Sprintf("; removed %s by %s", e.RemovedAt.Format(time.DateOnly), orUnknown(e.RemovedBy))
}

func noteSuffix(n string) string {
	if n == "" {
		return ""
	}
	return "  (" + n + ")"
}

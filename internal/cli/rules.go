package cli

import (
	"context"
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
	return &rules.Checker{Lists: lists.Cache(st), Exemptions: rules.CacheExemptions(st), Register: rules.DefaultRegister(), Registry: reg}, nil
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
			st, err := a.openExistingStore(cmd.Context())
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
	cmd := &cobra.Command{Use: "exemptions", Short: "Your register of committee-granted travel exemptions: add, import, list, remove",
		Long: `Vigil ships a read-only register of the exemptions the sanctions committees
have published (with the document that publishes each). Decisions you learn
of otherwise go into your own register in the database: one at a time with
'add', or many with 'import FILE'. travel-check applies both and names the
exemption that applied and its source.`}
	var to, from, until, ref, committee, purpose, source, note string
	add := &cobra.Command{
		Use:   "add ID --reference REF [--to CC,CC] [--from D] [--until D] [--committee C] [--purpose TEXT] [--source DOC] [--note TEXT]",
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
			e := rules.Exemption{Subject: id, Destinations: splitList(to), From: from, To: until, Reference: ref,
				Committee: committee, Purpose: purpose, Source: source, Note: note, CreatedBy: actor()}
			if err := e.Validate(); err != nil {
				return fmt.Errorf("exemption: %w", err)
			}
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				if err := a.warnUnknownSubjects(cmd.Context(), st, []rules.Exemption{e}); err != nil {
					return err
				}
				e, err := st.AddExemption(cmd.Context(), e)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "recorded exemption #%d for %s\n", e.ID, e.Subject)
				return nil
			})
		},
	}
	add.Flags().StringVar(&to, "to", "", "destinations, comma-separated (default any)")
	add.Flags().StringVar(&from, "from", "", "first day YYYY-MM-DD")
	add.Flags().StringVar(&until, "until", "", "last day YYYY-MM-DD")
	add.Flags().StringVar(&ref, "reference", "", "the committee's reference")
	add.Flags().StringVar(&committee, "committee", "", "the committee that granted it (e.g. 1988)")
	add.Flags().StringVar(&purpose, "purpose", "", "purpose of the travel")
	add.Flags().StringVar(&source, "source", "", "where the decision is published (document symbol, URL)")
	add.Flags().StringVar(&note, "note", "", "free text")
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Add the decisions of a register file (CSV or JSON) to your register",
		Long: `FILE is CSV with a header naming the columns subjects, destinations, from,
to, reference, committee, purpose, source and note (subjects and destinations
may hold several values separated by ';'), or JSON: an array of objects with
those members (subjects and destinations as arrays), or {"exemptions": [...]}.
A row naming several subjects records one exemption per subject. The file is
checked first: one bad row rejects the whole file, with the row and line of
every bad row. Rows already in your register are not added twice.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			es, err := rules.ReadExemptions(f, args[0], rules.Recorded)
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				have, err := st.Exemptions(cmd.Context(), "")
				if err != nil {
					return err
				}
				fresh := rules.NewExemptions(have, es)
				for i := range fresh {
					fresh[i].CreatedBy = actor()
				}
				if err := a.warnUnknownSubjects(cmd.Context(), st, fresh); err != nil {
					return err
				}
				added, err := st.AddExemptions(cmd.Context(), fresh)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s: %d exemptions read, %d recorded, %d already in your register\n", args[0], len(es), len(added), len(es)-len(added))
				return nil
			})
		},
	}
	var asJSON, withRemoved, mine bool
	list := &cobra.Command{
		Use:   "list [ID] [--mine] [--removed] [--json]",
		Short: "List the exemptions of your register, then those of Vigil's register of published decisions",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var id lists.SubjectID
			if len(args) == 1 {
				var err error
				if id, err = lists.ParseSubjectID(args[0]); err != nil {
					return err
				}
			}
			var es []rules.Exemption
			err := a.withExistingStore(cmd.Context(), func(st *store.Store) (err error) {
				read := st.Exemptions
				if withRemoved {
					read = st.ExemptionHistory
				}
				es, err = read(cmd.Context(), id)
				return err
			})
			if err != nil {
				return err
			}
			if !mine {
				shipped := rules.DefaultRegister().All()
				if id != "" {
					shipped = rules.DefaultRegister().For(id)
				}
				es = append(es, shipped...)
			}
			if asJSON {
				return a.printJSON(es)
			}
			for _, e := range es {
				a.printExemption(e)
			}
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().BoolVar(&withRemoved, "removed", false, "list removed exemptions of your register too")
	list.Flags().BoolVar(&mine, "mine", false, "only your register")
	remove := &cobra.Command{
		Use:   "remove N",
		Short: "Remove a recorded exemption (it is kept, marked removed by you, for the audit trail)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil {
				return fmt.Errorf("exemption number %q is not a number", args[0])
			}
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				if err := st.RemoveExemption(cmd.Context(), n, actor()); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "removed exemption #%d\n", n)
				return nil
			})
		},
	}
	cmd.AddCommand(add, imp, list, remove)
	return cmd
}

// warnUnknownSubjects warns of exemptions for subjects no imported list
// version holds (a typo, or a list not imported yet); they are kept.
func (a *app) warnUnknownSubjects(ctx context.Context, st *store.Store, es []rules.Exemption) error {
	seen := map[lists.SubjectID]bool{}
	for _, e := range es {
		if seen[e.Subject] {
			continue
		}
		seen[e.Subject] = true
		recs, err := st.SubjectRecords(ctx, e.Subject)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			fmt.Fprintf(a.stderr, "warning: %s is not in any imported list version\n", e.Subject)
		}
	}
	return nil
}

func (a *app) printExemption(e rules.Exemption) {
	num := "register"
	if e.Origin == rules.Recorded {
		num = fmt.Sprintf("#%d", e.ID)
	}
	fmt.Fprintf(a.stdout, "%s  %s  to %s  %s … %s  %s", num, e.Subject, strings.Join(orAny(e.Destinations), ","), orDash(e.From), orDash(e.To), e.Reference)
	if e.Committee != "" {
		fmt.Fprintf(a.stdout, "  committee %s", e.Committee)
	}
	if e.Purpose != "" {
		fmt.Fprintf(a.stdout, "  purpose: %s", e.Purpose)
	}
	if e.Source != "" {
		fmt.Fprintf(a.stdout, "  source: %s", e.Source)
	}
	fmt.Fprintf(a.stdout, "%s", noteSuffix(e.Note))
	if e.Origin == rules.Recorded {
		fmt.Fprintf(a.stdout, "  (recorded by %s%s)", orUnknown(e.CreatedBy), removal(e))
	}
	fmt.Fprintln(a.stdout)
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

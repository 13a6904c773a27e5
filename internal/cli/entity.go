package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/screening"
)

func (a *app) entityCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "entity", Short: "Inspect listed subjects"}
	var at string
	var asJSON, noSameAs bool
	show := &cobra.Command{
		Use:   "show ID [--at YYYY-MM-DD]",
		Short: "Show a subject as of a date, with its names, listing history and the same subject on other lists",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := lists.ParseSubjectID(args[0])
			if err != nil {
				return err
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
			view, err := lists.ShowEntity(cmd.Context(), st, id, when)
			if err != nil {
				return err
			}
			out := entityOutput{EntityView: view, SameAs: []screening.Counterpart{}}
			if !noSameAs && view.Subject != nil {
				ix, err := a.loadIndex(cmd.Context(), at)
				if err != nil {
					return err
				}
				out.SameAs = ix.Counterparts(view.Subject)
			}
			if asJSON {
				return a.printJSON(out)
			}
			a.printEntity(view)
			if !noSameAs {
				a.printCounterparts(out.SameAs)
			}
			return nil
		},
	}
	show.Flags().StringVar(&at, "at", "", "show the list as it stood on this date")
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	show.Flags().BoolVar(&noSameAs, "no-same-as", false, "do not look for the same subject on other lists")
	cmd.AddCommand(show)
	return cmd
}

func (a *app) printEntity(v *lists.EntityView) {
	w := a.stdout
	s := v.Subject
	when := "latest version"
	if v.At != nil {
		when = v.At.Format(time.DateOnly)
	}
	status := "LISTED"
	if !v.Listed {
		status = "NOT LISTED"
	}
	fmt.Fprintf(w, "%s  %s  (%s)\n", v.ID, s.PrimaryName(), s.Kind)
	if v.Version != nil {
		fmt.Fprintf(w, "%s on %s (answered from %s version %d, generated %s)\n", status, when, v.Version.Source, v.Version.ID, v.Version.GeneratedAt.Format(time.DateOnly))
	} else {
		fmt.Fprintf(w, "%s on %s (no %s version had been generated yet)\n", status, when, strings.SplitN(string(v.ID), ":", 2)[0])
	}
	if v.RecordFrom != nil {
		fmt.Fprintf(w, "record shown from version %d (generated %s)\n", v.RecordFrom.ID, v.RecordFrom.GeneratedAt.Format(time.DateOnly))
	}
	fmt.Fprintln(w, "\nNames:")
	for _, n := range s.Names {
		fmt.Fprintf(w, "  %-16s %-9s %s\n", n.Role, n.Script, n.Full)
	}
	field := func(label string, vals ...string) {
		var nonEmpty []string
		for _, v := range vals {
			if v != "" {
				nonEmpty = append(nonEmpty, v)
			}
		}
		if len(nonEmpty) > 0 {
			fmt.Fprintf(w, "%-15s %s\n", label+":", strings.Join(nonEmpty, "; "))
		}
	}
	fmt.Fprintln(w)
	field("Programs", s.Programs...)
	field("Listed on", s.ListedOn)
	field("Titles", s.Titles...)
	field("Designations", s.Designations...)
	field("Gender", s.Gender)
	for _, d := range s.BirthDates {
		txt := d.Date
		switch {
		case d.Precision == lists.PrecisionRange:
			txt = fmt.Sprintf("between %d and %d", d.FromYear, d.ToYear)
		case d.Precision == lists.PrecisionUnkown:
			txt = d.Text
		}
		if d.Approximate {
			txt = "approximately " + txt
		}
		field("Born", txt+" ("+string(d.Precision)+")")
	}
	for _, p := range s.BirthPlaces {
		field("Birthplace", joinNonEmpty(p.City, p.Region, p.CountryName, p.Text))
	}
	field("Nationality", s.Nationalities...)
	field("Citizenship", s.Citizenships...)
	for _, d := range s.Documents {
		field("Document", strings.TrimSpace(fmt.Sprintf("%s %s %s %s", d.Type, d.Number, d.Country, d.Note)))
	}
	for _, ad := range s.Addresses {
		field("Address", joinNonEmpty(ad.Street, ad.City, ad.Region, ad.PostalCode, ad.CountryName, ad.Note))
	}
	var measures []string
	for _, m := range s.Measures {
		measures = append(measures, string(m))
	}
	field("Measures", measures...)
	for _, l := range s.Links {
		field("Link", strings.TrimSpace(l.Relation+" "+string(l.Target)+" "+l.Name))
	}
	field("Unmapped", s.UnmappedCountries...)
	field("Remarks", s.Remarks)
	fmt.Fprintln(w, "\nListing history:")
	for _, p := range v.Periods {
		end := "still listed"
		if p.RemovedIn != nil {
			end = fmt.Sprintf("absent from version %d (generated %s)", p.RemovedIn.ID, p.RemovedIn.GeneratedAt.Format(time.DateOnly))
		}
		fmt.Fprintf(w, "  listed in versions %d (%s) to %d (%s); %s\n", p.FirstSeen.ID, p.FirstSeen.GeneratedAt.Format(time.DateOnly),
			p.LastSeen.ID, p.LastSeen.GeneratedAt.Format(time.DateOnly), end)
	}
}

// entityOutput is the JSON of entity show: the view and its counterparts.
type entityOutput struct {
	*lists.EntityView
	SameAs []screening.Counterpart `json:"same_as"`
}

func (a *app) printCounterparts(cs []screening.Counterpart) {
	w := a.stdout
	fmt.Fprintln(w, "\nOn other lists (shown for review, never merged):")
	if len(cs) == 0 {
		fmt.Fprintln(w, "  none found (by stated references, shared documents, or date of birth with a strong name match)")
		return
	}
	for _, c := range cs {
		label := "probably the same (shared identifiers)"
		if c.Basis == "stated" {
			label = "probably the same (the lists cross-reference each other)"
		}
		fmt.Fprintf(w, "  %-18s %s  (%s) — %s\n", c.ID, c.Name, c.Kind, label)
		for _, e := range c.Evidence {
			fmt.Fprintf(w, "      %s\n", e)
		}
	}
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

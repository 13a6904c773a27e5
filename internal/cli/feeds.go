package cli

import (
	"cmp"
	"context"
	"fmt"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/hooks"
	"github.com/vigilhq/vigil/internal/store"
)

// operator names who ran a command that writes, for the records it
// writes ("cli:" and the login name).
func operator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s ID %q: want a positive number", what, s)
	}
	return id, nil
}

func (a *app) feedsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "feeds", Short: "The news feeds the monitor follows (RSS, Atom, JSON Feed, news sitemaps)"}
	var name, language string
	var every time.Duration
	add := &cobra.Command{
		Use:   "add URL [--name N] [--every 30m] [--language xx]",
		Short: "Follow a feed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := feeds.New(args[0], name, language, every)
			if err != nil {
				return err
			}
			f.AddedBy = operator()
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if f, err = st.AddFeed(cmd.Context(), f); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "feed %d: %s, polled every %s (first poll on the next 'vigil watch')\n", f.ID, f.URL, f.Every)
			return nil
		},
	}
	add.Flags().StringVar(&name, "name", "", "a name to show for the feed")
	add.Flags().DurationVar(&every, "every", feeds.DefaultEvery, "how often to poll it")
	add.Flags().StringVar(&language, "language", "", "the feed's language (ISO 639-1), when its articles do not say")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "The feeds followed, with their health",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openExistingStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			fs, err := st.Feeds(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(fs)
			}
			if len(fs) == 0 {
				fmt.Fprintln(a.stdout, "no feeds: add one with 'vigil feeds add URL'")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "id\tfeed\tevery\tstate\tlast fetch\tlast new item\titems seen\tlast error")
			for _, f := range fs {
				h := f.Health
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", f.ID, cmp.Or(f.Name, f.URL), f.Every, h.State(), when(h.LastFetch), when(h.LastNewItem), h.ItemsSeen, lastError(h))
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	remove := a.removeCommand("feed", "Stop following a feed (its articles and their evidence stay)", (*store.Store).RemoveFeed)
	poll := &cobra.Command{
		Use:   "poll [ID...]",
		Short: "Make feeds due now (all without IDs): the next 'vigil watch' polls them at once",
		RunE: func(cmd *cobra.Command, args []string) error {
			var ids []int64
			for _, a := range args {
				id, err := parseID("feed", a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.PollNow(cmd.Context(), ids)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%d feed(s) due now\n", n)
			return nil
		},
	}
	cmd.AddCommand(add, list, remove, poll)
	return cmd
}

// removeCommand is `remove ID` for a kind of record the store removes by
// ID.
func (a *app) removeCommand(what, short string, remove func(*store.Store, context.Context, int64) error) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(what, args[0])
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := remove(st, cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s %d removed\n", what, id)
			return nil
		},
	}
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// lastError is the health line's error column: the error, and when, if
// the feed is failing now or failed since its last good fetch.
func lastError(h feeds.Health) string {
	if h.LastError == "" {
		return "-"
	}
	if h.Failures == 0 {
		return "(recovered) " + h.LastError
	}
	return fmt.Sprintf("%s (%d in a row, last %s)", h.LastError, h.Failures, when(h.LastErrorAt))
}

func (a *app) hooksCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "hooks", Short: "Webhooks told of new alerts, new evidence and status changes (signed JSON)"}
	var secret string
	add := &cobra.Command{
		Use:   "add URL --secret S",
		Short: "Send alert events to URL, signed with HMAC-SHA256 under the secret",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := hooks.New(args[0], secret)
			if err != nil {
				return err
			}
			h.AddedBy = operator()
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if h, err = st.AddHook(cmd.Context(), h); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "hook %d: %s (events are signed in the %s header)\n", h.ID, h.URL, hooks.HeaderSignature)
			return nil
		},
	}
	add.Flags().StringVar(&secret, "secret", "", "shared secret the receiver verifies signatures with (at least 16 characters)")
	add.MarkFlagRequired("secret")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "The webhooks (secrets are never shown)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openExistingStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			hs, err := st.Hooks(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(hs)
			}
			counts, err := st.HookDeliveries(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "id\turl\tadded\tdelivered\tfailing")
			for _, h := range hs {
				c := counts[h.ID]
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\n", h.ID, h.URL, when(h.AddedAt), c[0], c[1])
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	remove := a.removeCommand("hook", "Stop sending events to a webhook", (*store.Store).RemoveHook)
	cmd.AddCommand(add, list, remove)
	return cmd
}

// alertJSON is the shape `vigil alerts list --json` prints.
type alertJSON struct {
	ID       int64          `json:"id"`
	Subject  string         `json:"subject"`
	Name     string         `json:"name"`
	Country  string         `json:"country"`
	Date     string         `json:"date"`
	Verdict  string         `json:"verdict"`
	Status   string         `json:"status"`
	Outlets  int            `json:"outlets"`
	Evidence []evidenceJSON `json:"evidence"`
}

type evidenceJSON struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Published string   `json:"published"`
	Quote     string   `json:"quote"`
	Outlet    string   `json:"outlet,omitempty"`
	Copies    []string `json:"copies,omitempty"`
}

func (a *app) alertsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "alerts", Short: "Alerts raised from reported trips"}
	var status string
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--status open|confirmed|dismissed] [--json]",
		Short: "List alerts, newest first, with their evidence",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var f alerts.Filter
			if status != "" {
				s, err := alerts.ParseStatus(status)
				if err != nil {
					return fmt.Errorf("--status: %w", err)
				}
				f.Status = s
			}
			f.Limit = 1000
			st, err := a.openExistingStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.Alerts(cmd.Context(), f)
			if err != nil {
				return err
			}
			out := []alertJSON{}
			for _, al := range list {
				full, err := st.Alert(cmd.Context(), al.ID)
				if err != nil {
					return err
				}
				j := alertJSON{ID: full.ID, Subject: string(full.Subject), Name: full.Name, Country: full.Country, Date: full.Date, Verdict: full.Verdict, Status: string(full.Status), Outlets: full.Outlets, Evidence: []evidenceJSON{}}
				for _, e := range full.Evidence {
					ej := evidenceJSON{URL: cmp.Or(e.URL, e.Source), Title: e.Title, Published: e.Published, Quote: e.Quote, Outlet: e.Outlet}
					for _, c := range e.Copies {
						ej.Copies = append(ej.Copies, c.URL)
					}
					j.Evidence = append(j.Evidence, ej)
				}
				out = append(out, j)
			}
			if asJSON {
				return a.printJSON(out)
			}
			if len(out) == 0 {
				fmt.Fprintln(a.stdout, "no alerts")
				return nil
			}
			for _, j := range out {
				fmt.Fprintf(a.stdout, "#%d %s %s %s in %s (%s): %s, %d outlet(s), %d report(s)\n", j.ID, strings.ToUpper(j.Status), j.Subject, j.Name, j.Country, orDash(j.Date), strings.ToUpper(j.Verdict), j.Outlets, len(j.Evidence))
				for _, e := range j.Evidence {
					fmt.Fprintf(a.stdout, "    %s  %s\n      %q\n", orDash(e.Published), e.URL, e.Quote)
					for _, c := range e.Copies {
						fmt.Fprintf(a.stdout, "      copy: %s\n", c)
					}
				}
			}
			return nil
		},
	}
	list.Flags().StringVar(&status, "status", "", "only alerts with this status")
	list.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.AddCommand(list)
	return cmd
}

package cli

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/store"
)

// actor names who runs a command that changes the store, for the audit
// trail: "cli:" and the operating-system account. Access to the store from
// the command line is the trust root, so the account is what there is to
// record.
func actor() string {
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	if name == "" {
		name = os.Getenv("USER")
	}
	if name == "" {
		name = "unknown"
	}
	return "cli:" + name
}

func (a *app) usersCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "users",
		Short: "Add, list and revoke the users of the server, and issue their API tokens",
		Long: `Users sign in to the web UI and call the API with a token. Each has a role:

  viewer    reads: screening, subjects, verdicts, lists, alerts
  analyst   also scans articles and reviews alerts
  admin     also manages exemptions, feeds, hooks, imports and users

A token is printed once, when it is issued; the store keeps only its SHA-256.
Users are never deleted: a revoked user stays in the audit trail and the name
is not given again. Whoever can open the store from the command line may
manage users (that is how the first admin is made).`,
	}
	var roleFlag string
	add := &cobra.Command{
		Use:   "add NAME --role viewer|analyst|admin",
		Short: "Add a user and print their API token (shown once)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if roleFlag == "" {
				return errors.New("--role is required: viewer, analyst or admin")
			}
			role, err := auth.ParseRole(roleFlag)
			if err != nil {
				return fmt.Errorf("--role: %w", err)
			}
			if err := auth.ValidName(args[0]); err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				token, cred := auth.IssueToken()
				u, err := st.AddUser(cmd.Context(), auth.User{Name: args[0], Role: role, CreatedBy: actor()}, cred)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "added %s (%s). Their API token, shown only now:\n", u.Name, u.Role)
				fmt.Fprintln(a.stdout, token)
				return nil
			})
		},
	}
	add.Flags().StringVar(&roleFlag, "role", "", "viewer, analyst or admin")
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List users, revoked ones too",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				us, err := st.Users(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return a.printJSON(us)
				}
				if len(us) == 0 {
					fmt.Fprintln(a.stdout, "no users; add one with: vigil users add NAME --role admin")
				}
				for _, u := range us {
					state := "active"
					if !u.Active() {
						state = fmt.Sprintf("revoked %s by %s", u.RevokedAt.Format(time.DateOnly), u.RevokedBy)
					}
					fmt.Fprintf(a.stdout, "%-24s %-8s added %s by %s; %s\n", u.Name, u.Role, u.CreatedAt.Format(time.DateOnly), u.CreatedBy, state)
				}
				return nil
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	revoke := &cobra.Command{
		Use:   "revoke NAME",
		Short: "Revoke a user: their token and sessions stop working at once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				u, err := st.RevokeUser(cmd.Context(), args[0], actor())
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "revoked %s (%s)\n", u.Name, u.Role)
				return nil
			})
		},
	}
	rotate := &cobra.Command{
		Use:   "rotate NAME",
		Short: "Issue a new API token for a user (the old one and their sessions stop working)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				token, cred := auth.IssueToken()
				u, err := st.SetCredential(cmd.Context(), args[0], cred, actor())
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "new token for %s (%s), shown only now:\n", u.Name, u.Role)
				fmt.Fprintln(a.stdout, token)
				return nil
			})
		},
	}
	var logJSON bool
	log := &cobra.Command{
		Use:   "log [--json]",
		Short: "Show every change to users: who added, revoked or issued a token, and when",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(st *store.Store) error {
				entries, err := st.UserAudit(cmd.Context())
				if err != nil {
					return err
				}
				if logJSON {
					return a.printJSON(entries)
				}
				for _, e := range entries {
					fmt.Fprintf(a.stdout, "%s  %-20s %s: %s\n", e.At.Format(time.RFC3339), e.Actor, e.User, e.Action)
				}
				return nil
			})
		},
	}
	log.Flags().BoolVar(&logJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list, revoke, rotate, log)
	return cmd
}

package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/vigilhq/vigil/internal/auth"
)

// apiMe says who the token belongs to.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := identityOf(r).user
	if u == nil {
		s.refuse(w, r, http.StatusUnauthorized, "no token: reads are open to anonymous callers, but there is nobody to describe")
		return nil
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	us, err := s.st.Users(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, us)
	return nil
}

type newUserBody struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// NewUserResponse carries a new user's token, shown this once.
type NewUserResponse struct {
	User  auth.User `json:"user"`
	Token string    `json:"token"`
}

func (s *Server) apiAddUser(w http.ResponseWriter, r *http.Request) error {
	var b newUserBody
	if err := s.decode(w, r, &b, s.cfg.MaxBody); err != nil {
		return err
	}
	if err := auth.ValidName(b.Name); err != nil {
		return badRequest("%v", err)
	}
	role, err := auth.ParseRole(b.Role)
	if err != nil {
		return badRequest("%v", err)
	}
	token, cred := auth.IssueToken()
	u, err := s.st.AddUser(r.Context(), auth.User{Name: b.Name, Role: role, CreatedBy: actor(r)}, cred)
	if errors.Is(err, auth.ErrUserExists) {
		writeError(w, http.StatusConflict, "conflict", err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	s.log.Info("user added", "user", u.Name, "role", u.Role.String(), "by", u.CreatedBy)
	writeJSON(w, http.StatusCreated, NewUserResponse{User: u, Token: token})
	return nil
}

func (s *Server) apiRevokeUser(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if name == actor(r) {
		return badRequest("you cannot revoke yourself (another admin, or the command line, can)")
	}
	u, err := s.st.RevokeUser(r.Context(), name, actor(r))
	switch {
	case errors.Is(err, auth.ErrNoSuchUser):
		return fmt.Errorf("%w: %v", errNotFound, err)
	case errors.Is(err, auth.ErrRevoked):
		writeError(w, http.StatusConflict, "conflict", err.Error())
		return nil
	case err != nil:
		return err
	}
	s.log.Info("user revoked", "user", u.Name, "by", u.RevokedBy)
	writeJSON(w, http.StatusOK, u)
	return nil
}

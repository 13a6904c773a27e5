package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/ftm"
	"github.com/vigilhq/vigil/internal/screening"
)

// POST /match/{dataset} answers as OpenSanctions' yente does, so that
// tools written for yente can point at Vigil: FollowTheMoney query
// entities in, scored FtM entities out. docs/screening.md lists where
// Vigil differs (its own score and threshold, Vigil's IDs and datasets,
// ignored weights and algorithms).

// yenteRequest is yente's EntityMatchQuery.
type yenteRequest struct {
	Queries map[string]yenteExample `json:"queries"`
	// Weights and Config tune yente's own algorithms; Vigil's model has
	// learned weights and takes none.
	Weights map[string]float64 `json:"weights,omitempty"`
	Config  map[string]any     `json:"config,omitempty"`
}

// yenteExample is a query entity: properties take one value or a list.
type yenteExample struct {
	ID         string                     `json:"id,omitempty"`
	Schema     string                     `json:"schema"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// yenteQuery is the query echoed back, properties as lists.
type yenteQuery struct {
	ID         *string             `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

type yenteTotal struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

type yenteMatches struct {
	Status  int           `json:"status"`
	Results []yenteResult `json:"results"`
	Total   yenteTotal    `json:"total"`
	Query   yenteQuery    `json:"query"`
}

type yenteResponse struct {
	Responses map[string]yenteMatches `json:"responses"`
	Limit     int                     `json:"limit"`
}

// yenteResult is yente's ScoredEntityResponse.
type yenteResult struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Referents  []string            `json:"referents"`
	Target     bool                `json:"target"`
	FirstSeen  *string             `json:"first_seen"`
	LastSeen   *string             `json:"last_seen"`
	LastChange *string             `json:"last_change"`
	Score      float64             `json:"score"`
	Match      bool                `json:"match"`
	// Features are the name model's inputs (yente sent each feature's
	// score here before version 5); Explanations say how each part of
	// the comparison came out.
	Features     map[string]float64          `json:"features"`
	Explanations map[string]yenteExplanation `json:"explanations"`
}

type yenteExplanation struct {
	Detail    *string `json:"detail"`
	Score     float64 `json:"score"`
	Query     *string `json:"query"`
	Candidate *string `json:"candidate"`
}

// yenteSchemata are the query schemata Vigil screens, by the kind they
// ask for ("" for any).
var yenteSchemata = map[string]lists.Kind{
	"Thing": "", "LegalEntity": "", "Person": lists.KindPerson, "Organization": lists.KindOrganization,
	"Company": lists.KindOrganization, "PublicBody": lists.KindOrganization, "Vessel": lists.KindVessel, "Airplane": lists.KindAircraft,
}

// yenteError answers as yente does: {"detail": "…"}.
func yenteError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, map[string]string{"detail": fmt.Sprintf(format, args...)})
}

func (s *Server) yenteMatch(w http.ResponseWriter, r *http.Request) error {
	sources, ok := yenteDataset(r.PathValue("dataset"))
	if !ok {
		yenteError(w, http.StatusNotFound, "Dataset not found: %s (Vigil serves default, sanctions, or one of its lists: %s)", r.PathValue("dataset"), knownSources())
		return nil
	}
	p := r.URL.Query()
	limit, threshold := 5, screening.DefaultThreshold
	if v := p.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			yenteError(w, http.StatusUnprocessableEntity, "limit %q: a number from 1 to 500", v)
			return nil
		}
		limit = n
	}
	if v := p.Get("threshold"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t < 0 || t > 1 {
			yenteError(w, http.StatusUnprocessableEntity, "threshold %q: a number from 0 to 1", v)
			return nil
		}
		threshold = t
	}
	// yente's cutoff (deprecated): results under it are not returned at all
	cutoff := threshold
	if v := p.Get("cutoff"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t < 0 || t > 1 {
			yenteError(w, http.StatusUnprocessableEntity, "cutoff %q: a number from 0 to 1", v)
			return nil
		}
		cutoff = t
	}
	if inc := p["include_dataset"]; len(inc) > 0 {
		sources = slices.DeleteFunc(yenteSources(inc), func(src lists.Source) bool { return len(sources) > 0 && !slices.Contains(sources, src) })
		if len(sources) == 0 {
			yenteError(w, http.StatusBadRequest, "include_dataset names no list of %s", r.PathValue("dataset"))
			return nil
		}
	}
	excluded := yenteSources(p["exclude_dataset"])
	excludeSchema, excludeIDs := p["exclude_schema"], p["exclude_entity_ids"]

	var req yenteRequest
	if !isJSON(r.Header.Get("Content-Type")) {
		yenteError(w, http.StatusUnsupportedMediaType, "the body must be JSON (Content-Type: application/json)")
		return nil
	}
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	if err := json.NewDecoder(body).Decode(&req); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		yenteError(w, http.StatusUnprocessableEntity, "malformed JSON body: %v", err)
		return nil
	}
	if len(req.Queries) == 0 {
		yenteError(w, http.StatusUnprocessableEntity, "queries: at least one query entity is required")
		return nil
	}
	if len(req.Queries) > s.cfg.MaxBatch {
		yenteError(w, http.StatusBadRequest, "%d queries; at most %d per request", len(req.Queries), s.cfg.MaxBatch)
		return nil
	}
	type parsed struct {
		q    screening.Query
		echo yenteQuery
	}
	queries := map[string]parsed{}
	for key, ex := range req.Queries {
		q, echo, err := yenteQueryOf(ex)
		if err != nil {
			status := http.StatusBadRequest
			if ex.Schema == "" {
				status = http.StatusUnprocessableEntity
			}
			yenteError(w, status, "query %q: %v", key, err)
			return nil
		}
		q.Sources, q.Threshold, q.Limit = sources, min(cutoff, threshold), limit+len(excludeIDs)
		if q.Threshold == 0 {
			q.Threshold = -1 // everything the candidates give
		}
		queries[key] = parsed{q, echo}
	}
	c, err := s.current()
	if err != nil {
		return err
	}
	out := yenteResponse{Responses: map[string]yenteMatches{}, Limit: limit}
	for key, pq := range queries {
		res := yenteMatches{Status: 200, Results: []yenteResult{}, Query: pq.echo}
		for _, m := range c.ix.Screen(pq.q) {
			if slices.Contains(excluded, m.Source) || slices.Contains(excludeSchema, yenteSchemaOf(m.Kind)) ||
				slices.Contains(excludeIDs, ftm.EntityID(m.ID)) || slices.Contains(excludeIDs, string(m.ID)) {
				continue
			}
			if len(res.Results) < limit {
				res.Results = append(res.Results, yenteResultOf(c.ix, m, threshold, pq.q.Name))
			}
			res.Total.Value++
		}
		res.Total.Relation = "eq"
		out.Responses[key] = res
		if r.Context().Err() != nil {
			return r.Context().Err()
		}
	}
	writeJSON(w, 200, out)
	return nil
}

// yenteDataset maps yente's dataset names to Vigil's lists: default,
// sanctions and all are every list; a list's own name is that list.
func yenteDataset(name string) ([]lists.Source, bool) {
	switch name {
	case "default", "sanctions", "all":
		return nil, true
	}
	src, ok := yenteSourceOf(name)
	if !ok {
		return nil, false
	}
	return []lists.Source{src}, true
}

// yenteSourceOf reads a list name as Vigil writes it ("un") or as its FtM
// export names it ("vigil_un").
func yenteSourceOf(name string) (lists.Source, bool) {
	src, err := lists.ParseSource(strings.TrimPrefix(name, "vigil_"))
	return src, err == nil
}

func yenteSources(names []string) []lists.Source {
	var out []lists.Source
	for _, n := range names {
		if src, ok := yenteSourceOf(n); ok {
			out = append(out, src)
		}
	}
	return out
}

func knownSources() string {
	var out []string
	for _, s := range lists.KnownSources {
		out = append(out, string(s))
	}
	return strings.Join(out, ", ")
}

func yenteSchemaOf(k lists.Kind) string {
	switch k {
	case lists.KindPerson:
		return "Person"
	case lists.KindOrganization:
		return "Organization"
	case lists.KindVessel:
		return "Vessel"
	case lists.KindAircraft:
		return "Airplane"
	}
	return "LegalEntity"
}

// yenteQueryOf reads a query entity: its names (name, alias, or the parts
// of a person's name), the first date of birth, nationality and
// identifier. It echoes the properties back as lists, countries as codes.
func yenteQueryOf(ex yenteExample) (screening.Query, yenteQuery, error) {
	echo := yenteQuery{Schema: ex.Schema, Properties: map[string][]string{}}
	if ex.ID != "" {
		echo.ID = &ex.ID
	}
	var q screening.Query
	if ex.Schema == "" {
		return q, echo, errors.New("schema is required")
	}
	kind, ok := yenteSchemata[ex.Schema]
	if !ok {
		return q, echo, fmt.Errorf("schema %q is not one Vigil screens (Person, Organization, Company, LegalEntity, Vessel, Airplane …)", ex.Schema)
	}
	q.Kind = kind
	for prop, raw := range ex.Properties {
		vs, err := propertyValues(raw)
		if err != nil {
			return q, echo, fmt.Errorf("property %q: %v", prop, err)
		}
		switch prop {
		case "country", "nationality", "citizenship", "jurisdiction":
			for i, v := range vs {
				if cc, ok := country.Code(v); ok {
					vs[i] = strings.ToLower(cc)
				}
			}
		}
		echo.Properties[prop] = vs
	}
	props := echo.Properties
	nameList := slices.Concat(props["name"], props["alias"])
	if len(nameList) == 0 {
		parts := slices.Concat(props["firstName"], props["secondName"], props["middleName"], props["fatherName"], props["lastName"])
		if len(parts) > 0 {
			nameList = []string{strings.Join(parts, " ")}
		}
	}
	for i, n := range nameList {
		nameList[i] = strings.ReplaceAll(n, ";", " ") // ";" separates alternatives below
	}
	q.Name = strings.Join(slices.Compact(nameList), "; ")
	if strings.TrimSpace(q.Name) == "" {
		return q, echo, errors.New("no name: give name, alias or the parts of a name")
	}
	if len(q.Name) > 2000 {
		return q, echo, errors.New("names longer than 2000 bytes")
	}
	for _, d := range props["birthDate"] {
		if len(d) >= 4 && screening.ValidateDate(d[:min(len(d), 10)]) == nil {
			q.DOB = d[:min(len(d), 10)]
			break
		}
	}
	for _, prop := range []string{"nationality", "citizenship", "country"} {
		if v := props[prop]; len(v) > 0 && q.Nationality == "" {
			if cc, ok := country.Code(v[0]); ok {
				q.Nationality = cc
			}
		}
	}
	for _, prop := range []string{"passportNumber", "idNumber", "taxNumber", "registrationNumber", "innCode", "imoNumber"} {
		if v := props[prop]; len(v) > 0 {
			q.Document = v[0]
			break
		}
	}
	return q, echo, nil
}

// propertyValues reads a property: a string, or a list of strings or
// numbers.
func propertyValues(raw json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []any
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, errors.New("a string or a list of strings")
	}
	out := make([]string, 0, len(many))
	for _, v := range many {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case float64:
			out = append(out, strconv.FormatFloat(x, 'f', -1, 64))
		default:
			return nil, errors.New("a string or a list of strings")
		}
	}
	return out, nil
}

// yenteResultOf writes a match as yente's scored entity: the subject's FtM
// entity as Vigil exports it, the records of other lists as referents.
func yenteResultOf(ix *screening.Index, m screening.Match, threshold float64, query string) yenteResult {
	res := yenteResult{ID: ftm.EntityID(m.ID), Caption: m.Name, Schema: yenteSchemaOf(m.Kind), Properties: map[string][]string{},
		Datasets: []string{"vigil_" + string(m.Source)}, Referents: []string{}, Target: true, Score: m.Score, Match: m.Score >= threshold,
		Features: map[string]float64{}, Explanations: map[string]yenteExplanation{}}
	if subj := ix.Subject(m.ID); subj != nil {
		if es := ftm.Entities(subj, time.Time{}); len(es) > 0 {
			res.Schema, res.Properties = es[0].Schema, es[0].Properties
		}
	}
	for _, r := range m.Records {
		res.Referents = append(res.Referents, ftm.EntityID(r.ID))
		if d := "vigil_" + string(r.Source); !slices.Contains(res.Datasets, d) {
			res.Datasets = append(res.Datasets, d)
		}
	}
	ex := m.Explanation
	for _, f := range ex.Features {
		res.Features[f.Name] = f.Value
	}
	detail := fmt.Sprintf("%s name %q, %s", ex.MatchedRole, ex.MatchedName, ex.Method)
	matched := ex.MatchedName
	res.Explanations["name"] = yenteExplanation{Detail: &detail, Score: ex.NameScore, Query: &query, Candidate: &matched}
	for _, a := range ex.Adjustments {
		d := fmt.Sprintf("%s: %s", a.Outcome, a.Detail)
		res.Explanations[a.Kind] = yenteExplanation{Detail: &d, Score: a.Effect}
	}
	return res
}

package screening

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
)

// model.json holds the weights learned by tools/trainscore on pairs of
// names the lists provide (see docs/screening.md, "Retraining"), with the
// checksum of the list files it learned from and its held-out figures.
//
//go:embed model.json
var modelFile []byte

// Model is a trained score: logistic weights over the alignment's
// features, and the threshold chosen for them.
type Model struct {
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
	// Threshold is the default alert threshold, chosen by the trainer on
	// held-out list data (docs/screening.md).
	Threshold float64 `json:"threshold"`
	// Data says what the model learned from.
	Data TrainingData `json:"data"`
	// Metrics are the trainer's held-out figures.
	Metrics map[string]float64 `json:"metrics,omitempty"`
	w       features
}

// TrainingData identifies the examples a model learned from.
type TrainingData struct {
	Files []DataFile `json:"files"`
	// SHA256 is the checksum of the files' checksums, in order: equal
	// data, equal checksum.
	SHA256    string `json:"sha256"`
	Examples  int    `json:"examples"`
	Positives int    `json:"positives"`
	Seed      int64  `json:"seed"`
	Command   string `json:"command"`
}

// DataFile is one list file a model learned from.
type DataFile struct {
	Source string `json:"source"`
	Path   string `json:"path"` // relative to the shared data folder
	SHA256 string `json:"sha256"`
}

// ParseModel reads a model file, checking that it scores the features
// this code computes, by name and in order.
func ParseModel(b []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if len(m.Features) != nFeatures || len(m.Weights) != nFeatures {
		return nil, fmt.Errorf("model: %d features and %d weights, the code computes %d", len(m.Features), len(m.Weights), nFeatures)
	}
	for i, name := range m.Features {
		if name != featureNames[i] {
			return nil, fmt.Errorf("model: feature %d is %q, the code computes %q there: retrain (go run ./tools/trainscore)", i, name, featureNames[i])
		}
		if math.IsNaN(m.Weights[i]) || math.IsInf(m.Weights[i], 0) {
			return nil, fmt.Errorf("model: weight of %q is %v", name, m.Weights[i])
		}
		m.w[i] = m.Weights[i]
	}
	if !(m.Threshold > 0 && m.Threshold < 1) {
		return nil, fmt.Errorf("model: threshold %v outside (0, 1)", m.Threshold)
	}
	return &m, nil
}

// NewModel makes a model of the given weights by feature number, for the
// trainer.
func NewModel(weights []float64, threshold float64) (*Model, error) {
	b, err := json.Marshal(Model{Features: FeatureNames(), Weights: weights, Threshold: threshold})
	if err != nil {
		return nil, err
	}
	return ParseModel(b)
}

// FeatureNames lists the features in model order.
func FeatureNames() []string { return featureNames[:] }

// defaultModel is the model built into the program.
var defaultModel = func() *Model {
	m, err := ParseModel(modelFile)
	if err != nil {
		panic("screening: the built-in " + err.Error())
	}
	return m
}()

// DefaultModel is the model built into the program.
func DefaultModel() *Model { return defaultModel }

// DefaultThreshold is the score at which a match becomes an alert: the
// built-in model's threshold.
var DefaultThreshold = defaultModel.Threshold

// logit is the model's log-odds for the features.
func (m *Model) logit(f *features) float64 {
	z := 0.0
	for i, v := range f {
		z += m.w[i] * v
	}
	return z
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func logit(p float64) float64 {
	p = min(max(p, 1e-9), 1-1e-9)
	return math.Log(p / (1 - p))
}

package lists

import (
	"io"
	"iter"
)

// Reader is what every list parser is: Next returns the next subject, and
// io.EOF after the last.
type Reader interface {
	Next() (*Subject, error)
}

// All yields a reader's subjects; an error is yielded once and ends it.
func All(r Reader) iter.Seq2[*Subject, error] {
	return func(yield func(*Subject, error) bool) {
		for {
			s, err := r.Next()
			if err == io.EOF { // the end, not an error wrapping it
				return
			}
			if !yield(s, err) || err != nil {
				return
			}
		}
	}
}

// ReadAll collects a reader's subjects, up to the first error.
func ReadAll(r Reader) ([]*Subject, error) {
	var out []*Subject
	for s, err := range All(r) {
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

package cli

import (
	"context"
	"fmt"
)

func (a *app) screenBatch(ctx context.Context, f screenFlags) error {
	return fmt.Errorf("batch screening: not yet available")
}

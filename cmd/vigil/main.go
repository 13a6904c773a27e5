// Command vigil watches people and organisations under international
// sanctions. All behaviour lives in internal packages; see internal/cli.
package main

import (
	"os"

	"github.com/vigilhq/vigil/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Command vocabgen regenerates the TSV vocabulary tables in schemas/vocab
// from the source files in schemas/vocab/src. Run it through
// "go generate ./schemas" after updating a source file.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/datenportal/datenportal/schemas/internal/vocabgen"
)

func main() {
	src := flag.String("src", "vocab/src", "directory of the vocabulary source files")
	out := flag.String("out", "vocab", "directory to write the TSV tables to")
	flag.Parse()
	files, err := vocabgen.Generate(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vocabgen:", err)
		os.Exit(1)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "vocabgen:", err)
			os.Exit(1)
		}
	}
}

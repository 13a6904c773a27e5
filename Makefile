.DEFAULT_GOAL := help
.PHONY: help build test ci bench report scale fuzz

help: ## list targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/vigil
	go build -o bin/vigil ./cmd/vigil

test: ## run the test suite (as in the README)
	go test ./...

ci: ## run what CI runs
	bash .ci/run

bench: ## run all Go benchmarks once
	go test -run '^$$' -bench . -benchmem ./...

report: ## regenerate docs/benchmarks.md from the benchmarks and the eval sets
	go run ./tools/benchreport

scale: ## regenerate docs/benchmarks.md with the 1,000,000-subject run too (10-20 min, 5 GB of memory)
	go run ./tools/benchreport -scale

fuzz: ## fuzz every fuzz target (every parser) for 20 s each
	@for f in $$(grep -rl '^func Fuzz' --include='*_test.go' internal); do \
		for n in $$(grep -o '^func Fuzz[A-Za-z]*' $$f | cut -d' ' -f2); do \
			echo "== $$(dirname $$f) $$n"; \
			go test ./$$(dirname $$f) -run '^$$' -fuzz "^$$n$$" -fuzztime 20s || exit 1; \
		done; \
	done

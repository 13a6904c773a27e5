.DEFAULT_GOAL := help
.PHONY: help build test ci bench report fuzz

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

fuzz: ## fuzz every parser for 20 s each
	go test ./internal/lists/un -run '^$$' -fuzz FuzzReader -fuzztime 20s
	go test ./internal/lists/ofac -run '^$$' -fuzz FuzzReader -fuzztime 20s
	go test ./internal/lists/ofac -run '^$$' -fuzz FuzzRemarks -fuzztime 20s

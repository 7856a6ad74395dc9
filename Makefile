# Marketplace: common tasks. `make help` lists them.
SHELL := /bin/bash
PNPM_VERSION := 10.34.9
export TURBO_TELEMETRY_DISABLED := 1
PNPM := pnpm
BIN := node_modules/.bin

.PHONY: help setup gen lint format test cover bench run-loms run-all dev

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

setup: node_modules/.modules.yaml ## Install pnpm (if missing) and all dependencies

node_modules/.modules.yaml: package.json pnpm-lock.yaml $(wildcard packages/*/package.json services/*/package.json)
	@command -v pnpm >/dev/null || npm install -g pnpm@$(PNPM_VERSION)
	$(PNPM) install --frozen-lockfile
	@touch $@

gen: setup ## Regenerate packages/proto from proto/ (buf + protoc-gen-es)
	PATH=$(BIN):$$PATH node scripts/gen-proto.mjs

lint: setup ## Lint and type-check everything; check generated code is fresh
	$(BIN)/biome check .
	PATH=$(BIN):$$PATH node scripts/gen-proto.mjs lint
	$(BIN)/turbo run typecheck
	@PATH=$(BIN):$$PATH node scripts/gen-proto.mjs && git diff --exit-code --stat -- packages/proto \
		|| (echo "packages/proto is stale: run 'make gen' and commit" && exit 1)

format: setup ## Format the code
	$(BIN)/biome check --write .

test: setup ## Run every test (real PostgreSQL; started if none is found)
	$(BIN)/turbo run test --concurrency=2

cover: setup ## Tests with coverage reports (domain and app code must reach 80% of lines)
	$(BIN)/turbo run cover --concurrency=1

bench: setup ## Benchmarks: print tables, write JSON to bench-results/
	$(BIN)/turbo run bench --concurrency=1

run-loms: setup ## Run LOMS on :8083 (gRPC) and :8084 (REST, /docs), migrated and seeded
	cd services/loms && $(PNPM) run seed && exec $(PNPM) run start

run-all: setup ## Run the whole stack built so far (LOMS today)
	$(MAKE) run-loms

dev: setup ## LOMS in watch mode
	cd services/loms && $(PNPM) run seed && exec $(PNPM) run dev

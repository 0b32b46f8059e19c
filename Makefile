# Everything a fresh machine needs: `make site` builds the site from the bundled sample data,
# `make test` runs every test. Both create .venv and install what they need.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data/sample
OUT ?= site
# Debian packages: CJK fonts for chart images, Chromium for browser tests, rsync for the deploy
# tests (and for deploying to a web server, docs/deploy.md).
SITE_APT := fonts-noto-cjk
TEST_APT := fonts-noto-cjk chromium rsync

# The Zensical experiment (docs/zensical.md): its own venv, never part of `make test`.
ZENSICAL_VENV := .venv-zensical
ZENSICAL_OUT ?= site-zensical

.PHONY: site site-zensical test check serve bench lighthouse-deps system-deps-node sample lint lock lock-zensical clean system-deps-site system-deps-test

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# apt-get only as root on Debian, and only for what is missing.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install these system packages:$$missing (not root, skipping)"; fi; \
	fi
endef

system-deps-site:
	$(call apt_install,$(SITE_APT))

system-deps-test:
	$(call apt_install,$(TEST_APT))

site: $(BIN)/.installed system-deps-site
	$(BIN)/python -m generator build --data $(DATA) --out $(OUT)

$(ZENSICAL_VENV)/bin/.installed: requirements-zensical.lock
	$(PY) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-zensical.lock
	touch $@

# The same assembled trees and configurations as `make site`, built by Zensical into
# $(ZENSICAL_OUT): the Chinese edition (build/docs, build/mkdocs.yml) at the root, then, when the
# site has one ([site] languages), the English edition (build/en/docs, build/en/mkdocs.yml) into
# en/, each configuration as it is. Zensical wants its output inside the configuration's folder, so
# each edition builds into its build folder and is moved; the pages' CSP is filled in as for
# MkDocs. Strict: a warning stops it (CI's zensical job runs this, reported but not blocking).
site-zensical: site $(ZENSICAL_VENV)/bin/.installed
	printf 'INHERIT: mkdocs.yml\nsite_dir: site-zensical\n' > build/zensical.yml
	rm -rf build/site-zensical build/en/site-zensical
	time $(ZENSICAL_VENV)/bin/zensical build --clean --strict --config-file build/zensical.yml
	if [ -d $(OUT)/en ]; then \
	  printf 'INHERIT: mkdocs.yml\nsite_dir: site-zensical\n' > build/en/zensical.yml && \
	  time $(ZENSICAL_VENV)/bin/zensical build --clean --strict --config-file build/en/zensical.yml && \
	  mv build/en/site-zensical build/site-zensical/en; \
	fi
	$(BIN)/python -m generator.site.csp build/site-zensical
	rm -rf $(ZENSICAL_OUT) && mv build/site-zensical $(ZENSICAL_OUT)

# Every test, on every core (pytest-xdist): each built site is built once per run and shared by
# the workers (tests/conftest.py); tests of a module that builds its own site share a worker
# (loadgroup), in the order conftest gives (builds first). The 15 slowest tests are listed at the end.
TEST_WORKERS ?= auto
test: lint system-deps-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=15 $(PYTEST_ARGS)

# The inner loop (under 2 minutes): lint, then the tests that need no built site, no browser, no
# real data and are not slow. `make test` runs everything.
check: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not site and not browser and not slow and not shared_data" \
	  --durations=5 -q $(PYTEST_ARGS)

serve: site
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(OUT) 8000

bench: $(BIN)/.installed system-deps-site lighthouse-deps
	$(BIN)/python -m generator.bench

# Lighthouse for the bench's page-weight section (generator/bench/lighthouse.py): the version in
# tools/lighthouse/package-lock.json, installed there; Debian's Chromium, never a downloaded browser.
LIGHTHOUSE := tools/lighthouse
lighthouse-deps: system-deps-test
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-deps-node
	@$(MAKE) --no-print-directory $(LIGHTHOUSE)/node_modules/.installed
system-deps-node:
	$(call apt_install,nodejs npm)
$(LIGHTHOUSE)/node_modules/.installed: $(LIGHTHOUSE)/package.json $(LIGHTHOUSE)/package-lock.json
	cd $(LIGHTHOUSE) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

sample: $(BIN)/.installed
	$(BIN)/python -m generator sample --out data/sample

# Regenerates requirements.lock (every package pinned with its hashes) from pyproject.toml.
lock: $(BIN)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" -o requirements.lock

lock-zensical: $(BIN)/.installed
	$(BIN)/uv pip compile requirements-zensical.in --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock-zensical" -o requirements-zensical.lock

# ruff's rules and its formatter, both enforced, and the architecture contracts ([tool.importlinter]
# in pyproject.toml, docs/architecture.md): `make test` runs this first.
lint: $(BIN)/.installed
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/lint-imports

clean:
	rm -rf build $(OUT) $(ZENSICAL_OUT)

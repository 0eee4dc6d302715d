# claimcheck: `make demo` builds everything and shows a report; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# torch is pinned to the 2.13.0 CPU build through constraints.txt; a bare `torch` would pull CUDA.
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt
DRAFT  ?= sample_drafts/netflix_genai_story.md
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lint typecheck bench browser screenshots clean

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e '.[test,scale]'
	$(BIN)/python -m claimcheck.models.base install
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/claimcheck index build sample_sources --index indexes/sample
	$(BIN)/claimcheck verify $(DRAFT) --index indexes/sample -o report.json -o report.md -o report.html
	@echo "Wrote report.json, report.md and report.html (open it in a browser)."
	@echo "Review the flags: $(BIN)/claimcheck review report.json"

lint: install
	$(BIN)/ruff check claimcheck tests bench training docs
	$(BIN)/ruff format --check claimcheck tests bench training docs

typecheck: install
	$(BIN)/mypy claimcheck

# The browser tests drive Debian's Chromium (never a downloaded one); install it when missing.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -qq chromium >/dev/null 2>&1 || \
	  { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; } || \
	  echo "warning: could not install chromium; the browser tests will be skipped"; }

test: lint typecheck browser
	$(BIN)/pytest

screenshots: install browser
	$(BIN)/python docs/make_screenshots.py

bench: install
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(VENV) indexes/sample report.json report.md report.html .pytest_cache .mypy_cache .ruff_cache

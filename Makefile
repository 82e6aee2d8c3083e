# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
AS_OF  := 2026-11-05
OUT    := out

.PHONY: demo test lint bench clean fuzz system-deps-demo system-deps-test

# System packages (Pango, HarfBuzz subsetting, fonts, PDF tools for the tests) come from system-packages.txt, the one list;
# scripts/system-deps installs what is missing, or stops with one line naming it. Listed first so it runs first.
system-deps-demo:
	@scripts/system-deps demo

system-deps-test:
	@scripts/system-deps test

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: system-deps-demo $(VENV)/.installed
	@mkdir -p $(OUT)
	$(BIN)/auditkit assess --as-of $(AS_OF)
	$(BIN)/auditkit assess --as-of $(AS_OF) --format json -o $(OUT)/assessment.json
	$(BIN)/auditkit assess --as-of $(AS_OF) --format markdown -o $(OUT)/gap-analysis.md
	$(BIN)/auditkit assess --as-of $(AS_OF) --format csv -o $(OUT)/gap-analysis.csv
	$(BIN)/auditkit report --as-of $(AS_OF) --lang en -o $(OUT)/report-en.pdf
	$(BIN)/auditkit report --as-of $(AS_OF) --lang zh -o $(OUT)/report-zh.pdf
	$(BIN)/auditkit history
	$(BIN)/auditkit verify
	$(BIN)/auditkit actions list --overdue --as-of $(AS_OF)
	@echo
	@echo "Gap analysis: $(OUT)/gap-analysis.md, $(OUT)/gap-analysis.csv, $(OUT)/assessment.json"
	@echo "Audit report: $(OUT)/report-en.pdf, $(OUT)/report-zh.pdf"

test: system-deps-test $(VENV)/.installed-test lint
	$(BIN)/python -m pytest

# ruff (pyproject.toml [tool.ruff]) over the code and tests; mypy strict on the public API and the model layer.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check auditkit tests benchmarks
	$(BIN)/mypy auditkit/api.py auditkit/model

# Benchmarks on synthetic organisations (benchmarks/README.md); `make bench SIZES="1 10"` skips the 100x one.
SIZES ?= 1 10 100
bench: system-deps-demo $(VENV)/.installed
	$(BIN)/python benchmarks/run.py --sizes $(SIZES) --output benchmarks/RESULTS.md

# Hostile inputs (docs/security.md): FUZZ_INPUTS mutated projects through validate, assess, verify, history,
# actions and check, then CRASH_ROUNDS kill -9s of every writer. Counts go to $(OUT)/fuzz.md.
FUZZ_INPUTS ?= 10000
CRASH_ROUNDS ?= 240
fuzz: $(VENV)/.installed-test
	@mkdir -p $(OUT)
	FUZZ_INPUTS=$(FUZZ_INPUTS) FUZZ_RANDOM=1 FUZZ_EVERY_COMMAND=1 FUZZ_REPORT=$(OUT)/fuzz.md \
		$(BIN)/python -m pytest -q -s -p no:cacheprovider tests/security/test_fuzz.py
	$(BIN)/python -m tests.security.crashloop $(CRASH_ROUNDS)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

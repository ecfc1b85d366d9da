# Two commands matter: `make demo` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo install lock test test-pg test-browser lint checks messages bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed as python3"; exit 1; }
	@python3 -c 'import ctypes.util, sys; sys.exit(ctypes.util.find_library("magic") is None)' || \
		{ echo "libmagic is missing: sudo apt-get install libmagic1"; exit 1; }
	test -d $(VENV) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	# Exactly the locked versions, each checked against its hash; then the project.
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

# Re-pin after changing pyproject.toml: the versions installed in the venv, with the
# hashes PyPI publishes for them (needs uv: pipx install uv). See docs/security.md.
lock:
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	mkdir -p var
	$(VENV)/bin/pip freeze --exclude-editable > var/installed.txt
	uv pip compile pyproject.toml --extra dev --constraint var/installed.txt \
		--generate-hashes --python-version 3.11.7 \
		--python-platform x86_64-manylinux_2_28 --no-header --quiet \
		--output-file requirements.lock
	sed -i '/#   -c var\/installed.txt/d' requirements.lock

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PYTEST) -m "not browser" -n 2

test-pg: install
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser" -n 2

test-browser: install
	$(PYTEST) -m browser -p no:xdist

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

checks: install
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=indisputable.settings.production \
		DJANGO_SECRET_KEY=check-deploy-$$(python3 -c 'import secrets; print(secrets.token_hex(32))') \
		DJANGO_ALLOWED_HOSTS=archive.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

# The public interface's catalogues (findings/ and tips/, in fr, es and ar): refresh
# them after marking strings, translate what is new, then compile. The .mo files are
# committed, so a machine without GNU gettext still serves the translations.
messages: install
	for app in findings tips; do \
		(cd $$app && $(abspath $(PY)) ../manage.py makemessages -l fr -l es -l ar && \
		 $(abspath $(PY)) ../manage.py compilemessages) || exit 1; \
	done

bench: install
	$(PY) bench/intake_large.py
	$(PY) bench/intake_bulk.py
	$(PY) bench/evidence_list.py
	$(PY) bench/custody.py
	$(PY) bench/storage_s3.py
	$(PY) bench/case_matrix.py
	$(PY) bench/search.py
	$(PY) bench/public_pages.py
	$(PY) bench/export.py

clean:
	rm -rf $(VENV) var

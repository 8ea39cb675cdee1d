# The README's two commands: `make run` and `make test`.
SWIFT ?= swift
PORT ?= 8080
DATABASE ?= ./circles.sqlite
# The browser tests' Python: a virtual environment of their own, made with PYTHON.
PYTHON ?= python3
VENV ?= .venv
BROWSER_PACKAGES = selenium pytest axe-playwright-python

.PHONY: deps build run test test-swift lint-js lint-swift test-browser test-contract test-crash browser-deps clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release

## Build in release mode and start Circles with demo data at http://localhost:$(PORT)
run: build
	.build/release/circles serve --demo --port $(PORT) --database $(DATABASE)

## Run every test: the JavaScript linter, the Swift tests, the browser tests, the feeds checked by others' parsers, the crash test
test: deps lint-js lint-swift test-swift test-browser test-contract test-crash

# The https webhook tests run a TLS receiver in Python and load libcurl as the server does.
test-swift:
	@command -v $(PYTHON) >/dev/null 2>&1 || scripts/install-deps python3
	@scripts/install-deps libcurl4
	$(SWIFT) test

## The JavaScript in Public/ checked by Debian's ESLint (offline; the rules are in .eslintrc.json): any finding fails.
# Debian's ESLint loads its libraries from /usr/share/nodejs, where only Debian's own Node.js looks by
# itself; the unix format needs none of the optional packages (the default one needs chalk).
lint-js:
	@scripts/install-deps eslint
	NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs eslint --max-warnings 0 --format unix Public

## The Swift sources in the toolchain's swift-format (rules in .swift-format): any finding fails.
## `swift-format format -i -r -p Sources Tests Benchmarks/peers` fixes what it can.
lint-swift:
	swift-format lint --strict -r -p Sources Tests Benchmarks/peers

## Headless Chromium through Selenium against a real server: the referral pages and the console
test-browser: browser-deps
	$(SWIFT) build
	CIRCLES_BIN=.build/debug/circles $(VENV)/bin/python -m pytest -q -p no:cacheprovider Tests/Browser

# Debian's chromium and chromedriver, and a virtual environment with Selenium, pytest and axe-core
# (axe.min.js ships inside axe-playwright-python), each installed only when missing.
browser-deps:
	@command -v $(PYTHON) >/dev/null 2>&1 || scripts/install-deps python3 python3-venv
	@scripts/install-deps chromium chromium-driver
	@test -x $(VENV)/bin/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) 2>/dev/null; } || \
		{ rm -rf $(VENV); scripts/install-deps python3-venv && $(PYTHON) -m venv $(VENV); }
	@$(VENV)/bin/python -c "import selenium, pytest, axe_playwright_python" 2>/dev/null || \
		$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(BROWSER_PACKAGES)

## iCalendar, Meeting Guide and Atom output read by Python's icalendar, recurring-ical-events and jsonschema;
## the HSDS API and export validated against the official HSDS 3 JSON schemas
test-contract: browser-deps
	$(SWIFT) build
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" Tests/contract/run.sh .build/debug/circles

## SIGKILL the server 20 times during concurrent writes; every acknowledged write must survive
test-crash:
	$(SWIFT) build
	$(PYTHON) Tests/crash/crash-test --binary .build/debug/circles --kills 20 --clients 8

clean:
	rm -rf .build

# The README's two commands: `make run` and `make test`.
SWIFT ?= swift
PORT ?= 8080
DATABASE ?= ./circles.sqlite

.PHONY: deps build run test test-swift clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build -c release

## Build in release mode and start Circles with demo data at http://localhost:$(PORT)
run: build
	.build/release/circles serve --demo --port $(PORT) --database $(DATABASE)

## Run every test
test: deps test-swift

test-swift:
	$(SWIFT) test

clean:
	rm -rf .build

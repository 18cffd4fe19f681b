# panet: build, run and test on Debian/Ubuntu.
#   make run    install the system libraries, build release, report on and classify the bundled PaNET
#   make test   install the system libraries, run the whole test suite

APT_PACKAGES = libraptor2-dev libserd-dev libsqlite3-dev zlib1g-dev pkg-config
PREFIX ?= /usr/local
SWIFT_BUILD_FLAGS ?=

.PHONY: deps build release run test install bench clean

deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && $$SUDO apt-get install -y $(APT_PACKAGES); \
	fi

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

release: deps
	swift build -c release --static-swift-stdlib $(SWIFT_BUILD_FLAGS)

run: release
	.build/release/panet stats

test: deps
	swift test $(SWIFT_BUILD_FLAGS)

install: release
	install -d $(PREFIX)/bin $(PREFIX)/share/panet
	install -m 755 .build/release/panet $(PREFIX)/bin/panet
	install -m 644 ontology/PaNET.owl ontology/LICENSE ontology/README.md $(PREFIX)/share/panet/

bench: release
	bench/run.sh

clean:
	rm -rf .build

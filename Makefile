# Two set-up commands (see README): `make demo` and `make test`.
JOBS ?= 2
BUILD ?= build

.PHONY: deps build build-asan test test-asan demo tour bench format clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGT_SANITIZE=ON >/dev/null
	cmake --build build-asan -j$(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-asan: build-asan
	ctest --test-dir build-asan --output-on-failure -j$(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD)

tour: build
	@bash scripts/tour.sh $(BUILD)/bd

bench: build
	@bash bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

clean:
	rm -rf build build-asan

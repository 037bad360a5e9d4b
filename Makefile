# nastavnik — plain Makefile.
# Knobs: BUILDDIR, CC, CXX, OPT, CFLAGS, SAN (set by the asan target),
# NUMRUNS and BENCHFLAGS (benchmarks: BENCHFLAGS=--large adds the region
# scale), SHARED (the shared reference folder).
BUILDDIR ?= build
ASANDIR  ?= build/asan
CC       ?= cc
CXX      ?= c++
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
SAN      ?=
SHARED   ?= ../shared
NUMRUNS  ?= 5
BENCHFLAGS ?=

WARN     := -std=c11 -Wall -Wextra -pedantic -Wstrict-prototypes -Werror
CPPFLAGS += -D_GNU_SOURCE -Ibase -Idata -Isolver -Iengine -MMD -MP
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN)
LDLIBS   := -lglpk -lopenblas -lcsv -linih -lxlsxwriter -lm -lpthread

BASE_SRC   := $(wildcard base/*.c)
DATA_SRC   := $(wildcard data/*.c)
SOLVER_SRC := $(wildcard solver/*.c)
CLI_SRC    := engine/main.c $(wildcard engine/cmd_*.c) $(wildcard engine/cli_*.c)
ENGINE_SRC := $(filter-out $(CLI_SRC),$(wildcard engine/*.c))
TEST_SRC   := $(wildcard tests/test_*.c)
BENCH_SRC  := $(wildcard bench/*.c)
BENCH_CXX  := $(wildcard bench/*.cpp)

obj = $(patsubst %.c,$(BUILDDIR)/%.o,$(1))
BASE_OBJ   := $(call obj,$(BASE_SRC))
DATA_OBJ   := $(call obj,$(DATA_SRC))
SOLVER_OBJ := $(call obj,$(SOLVER_SRC))
ENGINE_OBJ := $(call obj,$(ENGINE_SRC))
CLI_OBJ    := $(call obj,$(CLI_SRC))
LIB_OBJ    := $(ENGINE_OBJ) $(SOLVER_OBJ) $(DATA_OBJ) $(BASE_OBJ)
TESTS      := $(patsubst tests/%.c,$(BUILDDIR)/tests/%,$(TEST_SRC))
BENCHES    := $(patsubst bench/%.c,$(BUILDDIR)/bench/%,$(BENCH_SRC)) \
              $(patsubst bench/%.cpp,$(BUILDDIR)/bench/%,$(BENCH_CXX))
BIN        := $(BUILDDIR)/nastavnik

.SECONDARY:
.PHONY: all deps deps-bench test test-fast asan check-asan demo bench clean \
        leakcheck format debug ubsan

all: $(BIN)

deps:
	@sh scripts/deps.sh

deps-bench:
	@sh scripts/deps.sh --bench

$(BUILDDIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BIN): $(CLI_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# Tests link only what they test: test_data* the data layer, test_solver*
# the solver, the rest everything. (The shortest stem wins among patterns.)
$(BUILDDIR)/tests/test_data%: $(BUILDDIR)/tests/test_data%.o $(DATA_OBJ) $(BASE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lcmocka $(LDLIBS)
$(BUILDDIR)/tests/test_solver%: $(BUILDDIR)/tests/test_solver%.o $(SOLVER_OBJ) $(BASE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lcmocka $(LDLIBS)
$(BUILDDIR)/tests/test_%: $(BUILDDIR)/tests/test_%.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lcmocka $(LDLIBS)

# the workbook test reads the zip back with zlib
$(BUILDDIR)/tests/test_workbook: LDLIBS += -lz

$(BUILDDIR)/bench/%: $(BUILDDIR)/bench/%.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
$(BUILDDIR)/bench/%: bench/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) -O2 -std=c++17 -o $@ $< -llemon

# Every test binary, run from the top folder with the binary it may call.
test-fast: $(BIN) $(TESTS)
	@sh scripts/run-tests.sh $(BUILDDIR) $(SHARED)

# The same tests built with AddressSanitizer and UBSan.
asan:
	@$(MAKE) --no-print-directory BUILDDIR=$(ASANDIR) OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -DNV_CHECKS" \
	  $(ASANDIR)/nastavnik $(patsubst $(BUILDDIR)/%,$(ASANDIR)/%,$(TESTS))

check-asan: asan
	@NV_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1 sh scripts/run-tests.sh $(ASANDIR) $(SHARED)

test: deps
	@$(MAKE) --no-print-directory test-fast
	@$(MAKE) --no-print-directory check-asan

ubsan: asan

debug:
	@$(MAKE) --no-print-directory BUILDDIR=build/debug OPT=-O0 all

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BIN)

bench: deps deps-bench
	@$(MAKE) --no-print-directory all $(BENCHES)
	@sh bench/run.sh $(BUILDDIR) $(SHARED) $(NUMRUNS) $(BENCHFLAGS)

leakcheck: deps
	@$(MAKE) --no-print-directory all
	@NV_VALGRIND=1 sh scripts/demo.sh $(BIN)

format:
	clang-format -i base/*.[ch] data/*.[ch] solver/*.[ch] engine/*.[ch] tests/*.c bench/*.c

clean:
	rm -rf $(BUILDDIR) $(ASANDIR) build/debug

-include $(shell find $(BUILDDIR) -name '*.d' 2>/dev/null)

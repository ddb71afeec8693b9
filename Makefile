# xsw - an XDP virtual switch.
#
#   make            build build/xswd, build/xsw (installs missing Debian deps)
#   make test       unit, BPF_PROG_RUN and namespace system tests (as root)
#   make demo       three namespaces talking through xsw, then cleaned up
#   make bench      benchmarks (see docs/benchmarks.md)
#   make install    into $(DESTDIR)$(PREFIX)/bin
#
# Layout: include/xsw (shared BPF/userspace ABI), bpf/ (XDP programs),
# src/lib (shared userspace), src/daemon (xswd), src/cli (xsw), tests/.
# Pieces that build their own tools add a fragment under mk/.

PREFIX ?= /usr/local
BUILD ?= build
CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool
MULTIARCH := $(shell $(CC) -dumpmachine)

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
XSW_CFLAGS := -std=gnu11 $(WARN) -Iinclude -Isrc -I$(BUILD)/gen -MMD -MP \
	-D_GNU_SOURCE -fno-strict-aliasing
LDLIBS := -lbpf -lelf -lz -ljansson -lmnl -lpthread

BPF_CFLAGS := -O2 -g -target bpf -std=gnu11 -Wall -Wextra -Werror \
	-Wno-unused-parameter -Iinclude -Ibpf -I/usr/include/$(MULTIARCH) -MMD -MP

SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

LIB_SRCS := $(wildcard src/lib/*.c)
DAEMON_SRCS := $(filter-out src/daemon/main.c,$(wildcard src/daemon/*.c))
CLI_SRCS := $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(BPF_SRCS:bpf/%.bpf.c=$(BUILD)/bpf/%.bpf.o)
SKELS := $(BPF_SRCS:bpf/%.bpf.c=$(BUILD)/gen/%.skel.h)

# obj_of(dir, sources)
obj_of = $(patsubst %.c,$(1)/obj/%.o,$(2))

LIB_OBJS := $(call obj_of,$(BUILD),$(LIB_SRCS))
DAEMON_OBJS := $(call obj_of,$(BUILD),$(DAEMON_SRCS))
CLI_OBJS := $(call obj_of,$(BUILD),$(CLI_SRCS))

ALL_TARGETS := $(BUILD)/xswd $(BUILD)/xsw
# Test programs: each prints TAP and exits non-zero on failure; tests/run.sh
# runs them in this order, then the system tests.
UNIT_TESTS :=
BPF_TESTS :=
BENCH_TARGETS :=

.PHONY: all deps install uninstall test check-unit demo bench clean
all: deps $(ALL_TARGETS)

DEPS_STAMP := $(BUILD)/.deps-stamp
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh
	@mkdir -p $(@D)
	@bash scripts/deps.sh
	@touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP) $(SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(XSW_CFLAGS) -c $< -o $@

$(BUILD)/asan/obj/%.o: %.c | $(DEPS_STAMP) $(SKELS)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN_FLAGS) $(XSW_CFLAGS) -c $< -o $@

$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/gen/%.skel.h: $(BUILD)/bpf/%.bpf.o
	@mkdir -p $(@D)
	$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@.tmp && mv $@.tmp $@

$(BUILD)/libxsw.a: $(LIB_OBJS)
	$(AR) rcs $@ $^
$(BUILD)/libxswd.a: $(DAEMON_OBJS)
	$(AR) rcs $@ $^
$(BUILD)/libxswcli.a: $(CLI_OBJS)
	$(AR) rcs $@ $^

$(BUILD)/xswd: $(BUILD)/obj/src/daemon/main.o $(BUILD)/libxswd.a $(BUILD)/libxsw.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/xsw: $(BUILD)/obj/src/cli/main.o $(BUILD)/libxswcli.a $(BUILD)/libxsw.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Sanitizer builds of the same code, for the unit tests.
$(BUILD)/asan/libxsw.a: $(call obj_of,$(BUILD)/asan,$(LIB_SRCS))
	$(AR) rcs $@ $^
$(BUILD)/asan/libxswd.a: $(call obj_of,$(BUILD)/asan,$(DAEMON_SRCS))
	$(AR) rcs $@ $^
$(BUILD)/asan/libxswcli.a: $(call obj_of,$(BUILD)/asan,$(CLI_SRCS))
	$(AR) rcs $@ $^

# Test programs built from a list of items: a .c file stands for its object
# (built normal or ASan/UBSan, as the program is), anything else for a file
# under the build directory (an archive: libxsw.a).
# test_deps(build dir, items)
test_deps = $(call obj_of,$(1),$(filter %.c,$(2))) \
	$(addprefix $(1)/,$(filter-out %.c,$(2)))

# unit_test(name, items, libraries): $(BUILD)/tests/unit/NAME and NAME-asan
# from tests/unit/NAME.c and ITEMS, linked with LIBRARIES and cmocka; both
# join UNIT_TESTS.
define unit_test
$(BUILD)/tests/unit/$(1): $(call test_deps,$(BUILD),tests/unit/$(1).c $(2))
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) -o $$@ $$^ $(3) -lcmocka
$(BUILD)/tests/unit/$(1)-asan: $(call test_deps,$(BUILD)/asan,tests/unit/$(1).c $(2))
	@mkdir -p $$(@D)
	$$(CC) -O1 -g $$(SAN_FLAGS) -o $$@ $$^ $(3) -lcmocka
UNIT_TESTS += $(BUILD)/tests/unit/$(1) $(BUILD)/tests/unit/$(1)-asan
endef

# fuzzer(name, sources): $(BUILD)/fuzz/fuzz_NAME from tests/fuzz/fuzz_NAME.c
# and SOURCES, built by clang with libFuzzer, ASan and UBSan.  Its objects
# live in $(BUILD)/fuzz/NAME/ so no other pattern rule can claim them.
# `make test` builds it and runs tests/fuzz/run_NAME.sh as a unit test (the
# script finds the fuzzer under $XSW_BUILD, set by tests/run.sh).
FUZZ_FLAGS := -g -O1 $(SAN_FLAGS)
define fuzzer
$(call obj_of,$(BUILD)/fuzz/$(1),tests/fuzz/fuzz_$(1).c $(2)): \
		$(BUILD)/fuzz/$(1)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	$$(CLANG) $$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $$(XSW_CFLAGS) \
		-c $$< -o $$@
$(BUILD)/fuzz/fuzz_$(1): $(call obj_of,$(BUILD)/fuzz/$(1),tests/fuzz/fuzz_$(1).c $(2))
	@mkdir -p $$(@D)
	$$(CLANG) $$(FUZZ_FLAGS) -fsanitize=fuzzer -o $$@ $$^
test: $(BUILD)/fuzz/fuzz_$(1)
UNIT_TESTS += tests/fuzz/run_$(1).sh
endef

-include mk/*.mk

# Generated objects and skeletons are kept, not deleted as intermediates.
.SECONDARY:

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BUILD)/xswd $(BUILD)/xsw $(DESTDIR)$(PREFIX)/bin/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/xswd $(DESTDIR)$(PREFIX)/bin/xsw

test: all $(UNIT_TESTS) $(BPF_TESTS)
	@BUILD=$(BUILD) UNIT_TESTS="$(UNIT_TESTS)" BPF_TESTS="$(BPF_TESTS)" \
		bash tests/run.sh $(TESTS)

demo: all
	@bash scripts/demo.sh

bench: all $(BENCH_TARGETS)
	@bash scripts/deps.sh bench
	@BUILD=$(BUILD) bash bench/run.sh $(BENCH)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The flow-rule syntax (src/daemon/flow_{syntax,format,vocab}.c): unit tests, normal and
# ASan/UBSan, and a libFuzzer target that `make test` runs for a bounded
# number of inputs (tests/fuzz/run_flow_syntax.sh).  Everything links only
# FLOW_SYNTAX_SRCS, not libxswd.a, so a half-finished daemon module
# cannot break these tests.

FLOW_SYNTAX_SRCS := src/daemon/flow_syntax.c src/daemon/flow_format.c \
	src/daemon/flow_vocab.c src/lib/err.c src/lib/strbuf.c src/lib/util.c
FLOW_SYNTAX_TEST := $(BUILD)/tests/unit/test_flow_syntax
FLOW_SYNTAX_TEST_ASAN := $(BUILD)/tests/unit/test_flow_syntax-asan
FLOW_SYNTAX_FUZZ := $(BUILD)/fuzz/fuzz_flow_syntax

$(FLOW_SYNTAX_TEST): $(call obj_of,$(BUILD),tests/unit/test_flow_syntax.c \
		$(FLOW_SYNTAX_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -lcmocka

$(FLOW_SYNTAX_TEST_ASAN): $(call obj_of,$(BUILD)/asan, \
		tests/unit/test_flow_syntax.c $(FLOW_SYNTAX_SRCS))
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN_FLAGS) -o $@ $^ -lcmocka

# The fuzzer: clang, libFuzzer + ASan + UBSan.  Its objects live in their own
# directory so no other fragment's pattern rule can claim them.
FLOW_SYNTAX_FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FLOW_SYNTAX_FUZZ_OBJS := $(call obj_of,$(BUILD)/fuzz/flow_syntax, \
	tests/fuzz/fuzz_flow_syntax.c $(FLOW_SYNTAX_SRCS))

$(FLOW_SYNTAX_FUZZ_OBJS): $(BUILD)/fuzz/flow_syntax/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CLANG) $(FLOW_SYNTAX_FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
		$(XSW_CFLAGS) -c $< -o $@

$(FLOW_SYNTAX_FUZZ): $(FLOW_SYNTAX_FUZZ_OBJS)
	@mkdir -p $(@D)
	$(CLANG) $(FLOW_SYNTAX_FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^

# The runner finds the fuzzer under $XSW_BUILD (set by tests/run.sh).
test: $(FLOW_SYNTAX_FUZZ)
UNIT_TESTS += $(FLOW_SYNTAX_TEST) $(FLOW_SYNTAX_TEST_ASAN) \
	tests/fuzz/run_flow_syntax.sh

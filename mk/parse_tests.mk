# Flow key extraction: the XDP parser (bpf/xsw_flow_key.h) and its userspace
# reference model (src/lib/flow_extract.c).
#  - test_flow_extract: unit tests of the model, normal and ASan/UBSan;
#  - test_parse_diff: the differential BPF_PROG_RUN test of the two (root),
#    through a test-only XDP program, tests/bpf/parse_probe.bpf.c;
#  - fuzz_flow_extract: a libFuzzer target that `make test` runs for a
#    bounded time (tests/fuzz/run_flow_extract.sh).
# Everything links only the objects it needs, not libxsw.a, so a
# half-finished module elsewhere cannot break these tests.  The rules are
# written out here rather than taken from xsw_tests.mk's unit_test macro,
# which is defined after this fragment is read.

PARSE_REF_SRCS := src/lib/flow_extract.c

# The probe is built like bpf/*.bpf.c (the top-level rules only look there).
PARSE_PROBE_OBJ := $(BUILD)/tests/bpf/parse_probe.bpf.o
PARSE_PROBE_SKEL := $(BUILD)/gen/parse_probe.skel.h

$(PARSE_PROBE_OBJ): tests/bpf/parse_probe.bpf.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(PARSE_PROBE_SKEL): $(PARSE_PROBE_OBJ)
	@mkdir -p $(@D)
	$(BPFTOOL) gen skeleton $< name parse_probe > $@.tmp && mv $@.tmp $@

PARSE_DIFF_TEST := $(BUILD)/tests/bpf/test_parse_diff

$(BUILD)/obj/tests/bpf/test_parse_diff.o: $(PARSE_PROBE_SKEL)

$(PARSE_DIFF_TEST): $(call obj_of,$(BUILD),tests/bpf/test_parse_diff.c \
		tests/bpf/pktbuild.c $(PARSE_REF_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -lbpf -lelf -lz -lcmocka

BPF_TESTS += $(PARSE_DIFF_TEST)

# Unit tests of the reference model.
FLOW_EXTRACT_TEST := $(BUILD)/tests/unit/test_flow_extract
FLOW_EXTRACT_TEST_ASAN := $(BUILD)/tests/unit/test_flow_extract-asan

$(FLOW_EXTRACT_TEST): $(call obj_of,$(BUILD), \
		tests/unit/test_flow_extract.c $(PARSE_REF_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -lcmocka

$(FLOW_EXTRACT_TEST_ASAN): $(call obj_of,$(BUILD)/asan, \
		tests/unit/test_flow_extract.c $(PARSE_REF_SRCS))
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN_FLAGS) -o $@ $^ -lcmocka

# The fuzzer: clang, libFuzzer + ASan + UBSan, objects in a directory of
# their own so no other fragment's pattern rule can claim them.
FLOW_EXTRACT_FUZZ := $(BUILD)/fuzz/fuzz_flow_extract
FLOW_EXTRACT_FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FLOW_EXTRACT_FUZZ_OBJS := $(call obj_of,$(BUILD)/fuzz/flow_extract, \
	tests/fuzz/fuzz_flow_extract.c $(PARSE_REF_SRCS))

$(FLOW_EXTRACT_FUZZ_OBJS): $(BUILD)/fuzz/flow_extract/obj/%.o: %.c \
		| $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CLANG) $(FLOW_EXTRACT_FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
		$(XSW_CFLAGS) -c $< -o $@

$(FLOW_EXTRACT_FUZZ): $(FLOW_EXTRACT_FUZZ_OBJS)
	@mkdir -p $(@D)
	$(CLANG) $(FLOW_EXTRACT_FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^

# The runner finds the fuzzer under $XSW_BUILD (set by tests/run.sh).
test: $(FLOW_EXTRACT_FUZZ)
UNIT_TESTS += $(FLOW_EXTRACT_TEST) $(FLOW_EXTRACT_TEST_ASAN) \
	tests/fuzz/run_flow_extract.sh

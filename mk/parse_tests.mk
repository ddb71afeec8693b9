# Flow key extraction: the XDP parser (bpf/xsw_flow_key.h) and its userspace
# reference model (src/lib/flow_extract.c).
#  - test_flow_extract: unit tests of the model, normal and ASan/UBSan;
#  - test_parse_diff: the differential BPF_PROG_RUN test of the two (root),
#    through a test-only XDP program, tests/bpf/parse_probe.bpf.c;
#  - fuzz_flow_extract: a libFuzzer target that `make test` runs for a
#    bounded time (tests/fuzz/run_flow_extract.sh).
# Everything links only the objects it needs, not libxsw.a, so a
# half-finished module elsewhere cannot break these tests.

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
		tests/bpf/pktbuild.c tests/lib/rng.c $(PARSE_REF_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -lbpf -lelf -lz -lcmocka

BPF_TESTS += $(PARSE_DIFF_TEST)

$(eval $(call unit_test,test_flow_extract,$(PARSE_REF_SRCS)))
$(eval $(call fuzzer,flow_extract,$(PARSE_REF_SRCS)))

# Bench tools (see bench/run.sh): the live-frames generator, the sink and
# the reference forwarders.  Sources in src/pktgen, BPF in bpf/pktgen.bpf.c
# and bpf/sink.bpf.c.
BENCH_TOOL_COMMON := $(BUILD)/obj/src/pktgen/common.o $(BUILD)/obj/src/lib/err.o \
	$(BUILD)/obj/src/lib/util.o

BENCH_TARGETS += $(BUILD)/xsw-pktgen $(BUILD)/xsw-sink $(BUILD)/xsw-fwd

$(BUILD)/xsw-pktgen: $(BUILD)/obj/src/pktgen/pktgen.o $(BENCH_TOOL_COMMON)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lm

$(BUILD)/xsw-sink: $(BUILD)/obj/src/pktgen/sink.o $(BENCH_TOOL_COMMON)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lm

$(BUILD)/xsw-fwd: $(BUILD)/obj/src/pktgen/fwd.o $(BENCH_TOOL_COMMON)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lm

.PHONY: bench-tools
bench-tools: $(BENCH_TARGETS)

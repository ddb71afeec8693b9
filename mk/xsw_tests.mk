# Tests of the foundation: unit tests (normal and ASan/UBSan builds) of the
# config store, the control protocol and the CLI's argument handling, and
# the BPF_PROG_RUN tests of the XDP learning bridge.

# unit_test(name, libs): $(BUILD)/tests/unit/NAME and NAME-asan from
# tests/unit/NAME.c, linked with the given archives (names under $(BUILD)).
define unit_test
$(BUILD)/tests/unit/$(1): $(BUILD)/obj/tests/unit/$(1).o $(addprefix $(BUILD)/,$(2))
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) -o $$@ $$^ $$(LDLIBS) -lcmocka
$(BUILD)/tests/unit/$(1)-asan: $(BUILD)/asan/obj/tests/unit/$(1).o $(addprefix $(BUILD)/asan/,$(2))
	@mkdir -p $$(@D)
	$$(CC) -O1 -g $$(SAN_FLAGS) -o $$@ $$^ $$(LDLIBS) -lcmocka
UNIT_TESTS += $(BUILD)/tests/unit/$(1) $(BUILD)/tests/unit/$(1)-asan
endef

$(eval $(call unit_test,test_config_store,libxswd.a libxsw.a))
$(eval $(call unit_test,test_rpc,libxsw.a))
$(eval $(call unit_test,test_cli_args,libxswcli.a libxsw.a))

# BPF_PROG_RUN tests: root, each in a network namespace of its own.
$(BUILD)/tests/bpf/test_bridge: $(BUILD)/obj/tests/bpf/test_bridge.o \
		$(BUILD)/obj/tests/bpf/dp_fixture.o \
		$(BUILD)/obj/tests/bpf/pktbuild.o $(BUILD)/libxswd.a $(BUILD)/libxsw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka
BPF_TESTS += $(BUILD)/tests/bpf/test_bridge

$(BUILD)/tests/bpf/test_flows: $(BUILD)/obj/tests/bpf/test_flows.o \
		$(BUILD)/obj/tests/bpf/dp_fixture.o \
		$(BUILD)/obj/tests/bpf/pktbuild.o $(BUILD)/libxswd.a $(BUILD)/libxsw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka
BPF_TESTS += $(BUILD)/tests/bpf/test_flows

# The rule table (src/daemon/flow_table.c): unit tests, normal and
# ASan/UBSan.  They link only the objects the table is built from
# (classifier, the flow syntax's), not libxswd.a, so a half-finished daemon
# module cannot break them.

FLOW_TABLE_SRCS := src/daemon/flow_table.c src/daemon/classifier.c \
	$(FLOW_SYNTAX_SRCS)
FLOW_TABLE_TEST := $(BUILD)/tests/unit/test_flow_table
FLOW_TABLE_TEST_ASAN := $(BUILD)/tests/unit/test_flow_table-asan

$(FLOW_TABLE_TEST): $(call obj_of,$(BUILD),tests/unit/test_flow_table.c \
		$(FLOW_TABLE_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -ljansson -lcmocka

$(FLOW_TABLE_TEST_ASAN): $(call obj_of,$(BUILD)/asan, \
		tests/unit/test_flow_table.c $(FLOW_TABLE_SRCS))
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN_FLAGS) -o $@ $^ -ljansson -lcmocka

UNIT_TESTS += $(FLOW_TABLE_TEST) $(FLOW_TABLE_TEST_ASAN)

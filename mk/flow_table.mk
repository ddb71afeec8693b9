# The rule table (src/daemon/flow_table.c): unit tests, normal and
# ASan/UBSan.  They link only the objects the table is built from
# (classifier, the flow syntax's), not libxswd.a, so a half-finished daemon
# module cannot break them.

FLOW_TABLE_SRCS := src/daemon/flow_table.c src/daemon/classifier.c \
	$(FLOW_SYNTAX_SRCS)

$(eval $(call unit_test,test_flow_table,$(FLOW_TABLE_SRCS) tests/lib/rng.c, \
	-ljansson))

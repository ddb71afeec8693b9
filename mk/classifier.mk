# The rule classifier (src/daemon/classifier.c): unit tests, normal and
# ASan/UBSan, and a benchmark.  The test and bench link only classifier.o,
# not all of libxswd.a, so a half-finished daemon module cannot break them.

CLS_TEST := $(BUILD)/tests/unit/test_classifier
CLS_TEST_ASAN := $(BUILD)/tests/unit/test_classifier-asan
CLS_BENCH := $(BUILD)/bench/classifier_bench

$(CLS_TEST): $(BUILD)/obj/tests/unit/test_classifier.o \
		$(BUILD)/obj/src/daemon/classifier.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -lcmocka

$(CLS_TEST_ASAN): $(BUILD)/asan/obj/tests/unit/test_classifier.o \
		$(BUILD)/asan/obj/src/daemon/classifier.o
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN_FLAGS) -o $@ $^ -lcmocka

$(CLS_BENCH): $(BUILD)/obj/bench/classifier_bench.o \
		$(BUILD)/obj/src/daemon/classifier.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^

UNIT_TESTS += $(CLS_TEST) $(CLS_TEST_ASAN)
BENCH_TARGETS += $(CLS_BENCH)

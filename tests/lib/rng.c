// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The tests' random number generator (rng.h). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rng.h"

static uint64_t rng_state;

void rng_seed(uint64_t seed)
{
	rng_state = seed;
}

uint64_t rng_clock_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) ^
	       (uint64_t)getpid() << 40;
}

uint64_t rng_seed_from_env(const char *env_var, const char *what,
			   uint64_t fallback)
{
	const char *env = getenv(env_var);
	uint64_t seed = env && *env ? strtoull(env, NULL, 0) : fallback;

	rng_seed(seed);
	printf("# %s%sseed %llu (%s=%llu replays it)\n", what ? what : "",
	       what ? ": " : "", (unsigned long long)seed, env_var,
	       (unsigned long long)seed);
	fflush(stdout);
	return seed;
}

uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

bool chance(unsigned int percent)
{
	return rnd_below(100) < percent;
}

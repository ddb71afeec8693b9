#!/usr/bin/env bash
# Install the Debian packages xsw needs. Idempotent: installs only what is
# missing, so it is cheap to call from every `make`.
#
#   scripts/deps.sh            build + test packages
#   scripts/deps.sh bench      also what `make bench` measures against
set -euo pipefail

build_pkgs=(make gcc clang llvm pkg-config libbpf-dev libxdp-dev bpftool
	    libelf-dev zlib1g-dev libjansson-dev libmnl-dev libcmocka-dev)
test_pkgs=(iproute2 iputils-ping iperf3 ethtool procps util-linux)
bench_pkgs=(gnuplot-nox openvswitch-switch dpdk bridge-utils dpdk-dev librte-net-af-xdp23 librte-net-af-packet23 librte-mempool-ring23)

want=("${build_pkgs[@]}" "${test_pkgs[@]}")
[ "${1:-}" = bench ] && want+=("${bench_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]} (run as root to install)" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# openvswitch-switch starts its services on install; keep policy-rc.d from
# starting anything so installing never changes the host's networking.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
fi
trap '[ $own_policy = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

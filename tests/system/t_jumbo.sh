#!/usr/bin/env bash
# Jumbo frames: the xsw program is multi-buffer (xdp.frags), so ports with
# MTU 9000 forward 8000-byte packets instead of dropping them silently.
. "$(dirname "$0")/lib.sh"
need iperf3

for n in 1 2; do
	container $n || { not_ok "create container $n"; exit 1; }
	ip link set "${P}h$n" mtu 9000
	ip -n "${P}n$n" link set eth0 mtu 9000
done
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2; do check "add-port ${P}h$n with MTU 9000" "$XSW" add-port br0 "${P}h$n"; done
rx_before=$(port_counter "${P}h1" rx_bytes)
check "8000-byte IPv4 packets, not fragmented" in_ns 1 ping -c 3 -i 0.2 -W 2 -M do -s 8000 10.99.0.2
check "8000-byte IPv6 packets" in_ns 1 ping -6 -c 3 -i 0.2 -W 2 -M do -s 8000 fd99::2
rx_after=$(port_counter "${P}h1" rx_bytes)
# Six echo requests of over 8000 bytes each came in on n1's port: counting
# only a frame's first buffer would come to far less.
check "rx bytes count whole frames, all fragments ($rx_before -> $rx_after)" \
	test -n "$rx_before" -a "${rx_after:-0}" -ge $((${rx_before:-0} + 6 * 8000))
bg 2 iperf3 -s -1
wait_port 2 tcp 5201
check "TCP with a 9000-byte MTU" bash -c "ip netns exec ${P}n1 iperf3 -c 10.99.0.2 -t 2 --json > $T_DIR/tcp.json"
echo "# iperf3 TCP, MTU 9000: $(json_get "$T_DIR/tcp.json" 'int(d["end"]["sum_received"]["bits_per_second"] / 1e6)') Mbit/s"

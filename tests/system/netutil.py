#!/usr/bin/env python3
"""Small traffic tools for the system tests (standard library only).

  netutil.py tcp-serve PORT                    accept and close, forever
  netutil.py tcp-connect HOST PORT N           N new connections; prints JSON
                                               {"ok", "failed", "max_ms"}
  netutil.py udp-recv PORT SECONDS             prints JSON {"received", "from"}
  netutil.py udp-send HOST PORT N [SPORT]      N datagrams ("seq N")
  netutil.py storm HOST SECONDS                UDP to random ports from random
                                               source ports: a new flow each
  netutil.py vlan-sniff IFACE PORT SECONDS     VLAN IDs of UDP frames to PORT
                                               seen on IFACE; prints JSON
  netutil.py vlan-send IFACE DST_MAC VID SRC DST PORT
                                               one 802.1Q-tagged UDP datagram
                                               sent raw on IFACE
"""
import json
import random
import socket
import struct
import sys
import time

ETH_P_ALL = 3
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4


def tcp_serve(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(128)
    while True:
        c, _ = s.accept()
        c.close()


def tcp_connect(host, port, n):
    ok = failed = 0
    worst = 0.0
    for _ in range(n):
        t0 = time.monotonic()
        try:
            c = socket.create_connection((host, port), timeout=3)
            c.close()
            ok += 1
        except OSError:
            failed += 1
        worst = max(worst, (time.monotonic() - t0) * 1000)
    print(json.dumps({"ok": ok, "failed": failed, "max_ms": round(worst, 3)}))


def udp_recv(port, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    s.settimeout(0.2)
    end = time.monotonic() + seconds
    got, sources = 0, set()
    while time.monotonic() < end:
        try:
            _, addr = s.recvfrom(2048)
            got += 1
            sources.add("%s:%d" % addr)
        except socket.timeout:
            pass
    print(json.dumps({"received": got, "from": sorted(sources)}))


def udp_send(host, port, n, sport=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if sport:
        s.bind(("0.0.0.0", sport))
    for i in range(n):
        s.sendto(b"seq %d" % i, (host, port))
        time.sleep(0.001)


def storm(host, seconds):
    socks = []
    for _ in range(64):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", 0))
        s.setblocking(False)
        socks.append(s)
    end = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < end:
        for s in socks:
            try:
                s.sendto(b"x", (host, random.randint(1024, 65535)))
                sent += 1
            except OSError:
                pass
    print(json.dumps({"sent": sent}))


def vlan_sniff(iface, port, seconds):
    """The kernel moves a received tag into packet metadata; read it back
    from PACKET_AUXDATA (tp_vlan_tci), or from the frame if still there."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.settimeout(0.2)
    end = time.monotonic() + seconds
    vids = []
    while time.monotonic() < end:
        try:
            data, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(64))
        except socket.timeout:
            continue
        vid = None
        for level, kind, val in anc:
            if level == SOL_PACKET and kind == PACKET_AUXDATA and len(val) >= 20:
                status, _, _, _, _, tci, _ = struct.unpack("IIIHHHH", val[:20])
                if status & TP_STATUS_VLAN_VALID:
                    vid = tci & 0xfff
        off = 12
        etype = struct.unpack("!H", data[off:off + 2])[0]
        if etype in (0x8100, 0x88a8):
            vid = struct.unpack("!H", data[off + 2:off + 4])[0] & 0xfff
            off += 4
            etype = struct.unpack("!H", data[off:off + 2])[0]
        if etype != 0x0800 or len(data) < off + 2 + 28:
            continue
        ip = off + 2
        ihl = (data[ip] & 0xf) * 4
        if data[ip + 9] != 17:
            continue
        if struct.unpack("!H", data[ip + ihl + 2:ip + ihl + 4])[0] == port:
            vids.append(vid)
    print(json.dumps({"vids": vids}))


def ip_csum(hdr):
    s = sum(struct.unpack("!%dH" % (len(hdr) // 2), hdr))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def vlan_send(iface, dst_mac, vid, src, dst, port):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    src_mac = open("/sys/class/net/%s/address" % iface).read().strip()
    payload = b"tagged"
    udp = struct.pack("!HHHH", 40000, port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", ip_csum(ip)) + ip[12:]
    eth = (bytes.fromhex(dst_mac.replace(":", "")) +
           bytes.fromhex(src_mac.replace(":", "")) +
           struct.pack("!HHH", 0x8100, vid, 0x0800))
    s.send(eth + ip + udp)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "tcp-serve":
        tcp_serve(int(args[0]))
    elif cmd == "tcp-connect":
        tcp_connect(args[0], int(args[1]), int(args[2]))
    elif cmd == "udp-recv":
        udp_recv(int(args[0]), float(args[1]))
    elif cmd == "udp-send":
        udp_send(args[0], int(args[1]), int(args[2]),
                 int(args[3]) if len(args) > 3 else 0)
    elif cmd == "storm":
        storm(args[0], float(args[1]))
    elif cmd == "vlan-sniff":
        vlan_sniff(args[0], int(args[1]), float(args[2]))
    elif cmd == "vlan-send":
        vlan_send(args[0], args[1], int(args[2]), args[3], args[4], int(args[5]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()

# Kernel-side TCP sink for the interop tests: accepts one connection on the given port, reads it to EOF
# and prints the kernel's TCP_INFO (linux/tcp.h struct tcp_info) taken after the first MiB, as key=value.
import socket
import struct
import sys

port = int(sys.argv[1])
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("0.0.0.0", port))
ls.listen(1)
print("listening", flush=True)
s, _ = ls.accept()
total = 0
info = None
while True:
    b = s.recv(65536)
    if not b:
        break
    total += len(b)
    if info is None and total >= 1 << 20:
        info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
if info is None:
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
(state, ca_state, retransmits, probes, backoff, options, wscale, _flags,
 rto, ato, snd_mss, rcv_mss, unacked, sacked, lost, retrans, fackets,
 last_data_sent, last_ack_sent, last_data_recv, last_ack_recv,
 pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd, advmss, reordering,
 rcv_rtt, rcv_space, total_retrans) = struct.unpack("8B24I", info[:104])
print("bytes=%d options=%d snd_wscale=%d rcv_wscale=%d snd_mss=%d rcv_mss=%d advmss=%d total_retrans=%d"
      % (total, options, wscale & 0xf, wscale >> 4, snd_mss, rcv_mss, advmss, total_retrans), flush=True)
s.close()

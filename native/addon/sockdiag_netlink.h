// AF_UNIX socket enumeration through NETLINK_SOCK_DIAG (unix_diag), the same kernel
// interface `ss -x` uses. Plain C++ with no Node-API: it runs on a worker thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace swdebug {

// One AF_UNIX socket as the kernel describes it.
struct UnixSocket {
  uint32_t inode = 0;
  uint8_t type = 0;      // SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET
  uint8_t state = 0;     // sk_state in TCP_* numbering: 1 established, 7 close, 10 listen
  bool hasName = false;  // false: unnamed (unbound) socket
  std::string name;      // bound path; an abstract name starts with '@' (kernel: '\0')
  uint32_t peer = 0;     // peer's inode; 0 when there is none or it is gone
  bool hasQueues = false;
  uint32_t rq = 0;       // bytes unread (stream), next datagram's size (dgram), pending connections (listener)
  uint32_t wq = 0;       // memory charged for sent, unread data (skb truesize), backlog (listener)
  uint8_t shutdown = 0;  // SHUT_RD/SHUT_WR bits as a mask (1 = receive side, 2 = send side)
  // Listeners: the inodes of the client sockets whose connections wait in the accept queue.
  // (The queued server-side sockets have no inode yet, so the kernel names their peers.)
  std::vector<uint32_t> pending;
};

// Why a dump failed: the errno and the call that set it, for a typed JS error.
struct SysError {
  int err = 0;
  std::string syscall;
  std::string detail;
};

// Parses one recv()'d batch of netlink messages answering the dump with sequence number
// `seq` into `out`; sets `interrupted` when the kernel flagged the dump as inconsistent.
// Public so that a fuzz test can feed it damaged input (test/integration/sockets).
enum class Batch { kMore, kDone, kFailed };
Batch ParseDiagBatch(const uint8_t* buffer, size_t length, uint32_t seq, std::vector<UnixSocket>& out, bool& interrupted, SysError& error);

// Dumps every AF_UNIX socket of this network namespace. Returns false and fills `error` on
// failure (socket/sendto/recvmsg errno, or EPROTO for a malformed answer).
bool DumpUnixSockets(std::vector<UnixSocket>& out, SysError& error);

}  // namespace swdebug

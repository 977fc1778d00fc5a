// NETLINK_SOCK_DIAG dump of AF_UNIX sockets (see sockdiag_netlink.h).
//
// The answer is parsed by hand rather than with the NLMSG_OK/RTA_OK macros: every length
// read from the kernel is checked against what is left of the buffer before it is used, and
// every field is copied out with memcpy, so a short or odd answer can never read past the
// buffer or through a misaligned pointer.
#include "sockdiag_netlink.h"

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace swdebug {
namespace {

// The kernel fills at most one page-sized skb per recv in a dump; 64 KiB leaves room for
// any page size and for future attribute growth. MSG_TRUNC is still checked.
constexpr size_t kRecvBufferSize = 64 * 1024;
// A dump that raced with socket creation or removal is flagged NLM_F_DUMP_INTR; it is
// repeated, since a snapshot is cheap and an inconsistent one is misleading.
constexpr int kMaxAttempts = 3;

// Closes the descriptor on every path without clobbering the errno being reported.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) {
      const int saved = errno;
      close(fd_);
      errno = saved;
    }
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

bool Fail(SysError& error, int err, const char* syscall, const std::string& detail) {
  error.err = err;
  error.syscall = syscall;
  error.detail = detail;
  return false;
}

bool SendDumpRequest(int fd, uint32_t seq, SysError& error) {
  struct {
    nlmsghdr header;
    unix_diag_req request;
  } message;
  std::memset(&message, 0, sizeof(message));
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.header.nlmsg_seq = seq;
  message.request.sdiag_family = AF_UNIX;
  message.request.udiag_states = ~0u;  // every state: listeners, connected, unconnected
  message.request.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_ICONS | UDIAG_SHOW_RQLEN;

  sockaddr_nl kernel;
  std::memset(&kernel, 0, sizeof(kernel));
  kernel.nl_family = AF_NETLINK;
  for (;;) {
    const ssize_t sent = sendto(fd, &message, sizeof(message), 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof(kernel));
    if (sent == static_cast<ssize_t>(sizeof(message))) {
      return true;
    }
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    return Fail(error, sent < 0 ? errno : EIO, "sendto", "cannot send the unix_diag request to the kernel");
  }
}

// Turns the kernel's name bytes into a string: a path stops at its NUL; an abstract name
// (leading NUL) is shown as ss shows it, with '@' for every NUL.
std::string DecodeName(const uint8_t* bytes, size_t length) {
  if (length == 0) {
    return std::string();
  }
  if (bytes[0] != 0) {
    const void* nul = std::memchr(bytes, 0, length);
    const size_t used = nul ? static_cast<size_t>(static_cast<const uint8_t*>(nul) - bytes) : length;
    return std::string(reinterpret_cast<const char*>(bytes), used);
  }
  std::string name(reinterpret_cast<const char*>(bytes), length);
  for (char& c : name) {
    if (c == '\0') {
      c = '@';
    }
  }
  return name;
}

uint32_t ReadU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Reads the attributes that follow a unix_diag_msg. Returns false on a malformed attribute.
bool ParseAttributes(const uint8_t* attrs, size_t length, UnixSocket& socket) {
  size_t offset = 0;
  while (length - offset >= sizeof(nlattr)) {
    nlattr attr;
    std::memcpy(&attr, attrs + offset, sizeof(attr));
    if (attr.nla_len < NLA_HDRLEN || attr.nla_len > length - offset) {
      return false;
    }
    const uint8_t* payload = attrs + offset + NLA_HDRLEN;
    const size_t size = attr.nla_len - NLA_HDRLEN;
    switch (attr.nla_type & NLA_TYPE_MASK) {
      case UNIX_DIAG_NAME:
        socket.hasName = true;
        socket.name = DecodeName(payload, size);
        break;
      case UNIX_DIAG_PEER:
        if (size >= sizeof(uint32_t)) {
          socket.peer = ReadU32(payload);
        }
        break;
      case UNIX_DIAG_RQLEN:
        if (size >= sizeof(unix_diag_rqlen)) {
          unix_diag_rqlen q;
          std::memcpy(&q, payload, sizeof(q));
          socket.hasQueues = true;
          socket.rq = q.udiag_rqueue;
          socket.wq = q.udiag_wqueue;
        }
        break;
      case UNIX_DIAG_ICONS:
        for (size_t i = 0; i + sizeof(uint32_t) <= size; i += sizeof(uint32_t)) {
          socket.pending.push_back(ReadU32(payload + i));
        }
        break;
      case UNIX_DIAG_SHUTDOWN:
        if (size >= 1) {
          socket.shutdown = payload[0];
        }
        break;
      default:
        break;  // VFS, MEMINFO, UID and future attributes: not asked for or not needed
    }
    const size_t step = NLA_ALIGN(attr.nla_len);
    if (step > length - offset) {
      break;  // the last attribute's padding may be cut off; nothing follows it
    }
    offset += step;
  }
  return true;
}

}  // namespace

Batch ParseDiagBatch(const uint8_t* buffer, size_t length, uint32_t seq, std::vector<UnixSocket>& out, bool& interrupted, SysError& error) {
  size_t offset = 0;
  while (length - offset >= sizeof(nlmsghdr)) {
    nlmsghdr header;
    std::memcpy(&header, buffer + offset, sizeof(header));
    if (header.nlmsg_len < NLMSG_HDRLEN || header.nlmsg_len > length - offset) {
      Fail(error, EPROTO, "recvmsg", "malformed netlink message from the kernel");
      return Batch::kFailed;
    }
    const uint8_t* body = buffer + offset + NLMSG_HDRLEN;
    const size_t bodyLength = header.nlmsg_len - NLMSG_HDRLEN;
    if (header.nlmsg_seq == seq) {
      if (header.nlmsg_flags & NLM_F_DUMP_INTR) {
        interrupted = true;
      }
      if (header.nlmsg_type == NLMSG_DONE) {
        return Batch::kDone;
      }
      if (header.nlmsg_type == NLMSG_ERROR) {
        nlmsgerr answer;
        if (bodyLength < sizeof(answer)) {
          Fail(error, EPROTO, "recvmsg", "truncated netlink error message");
          return Batch::kFailed;
        }
        std::memcpy(&answer, body, sizeof(answer));
        if (answer.error != 0) {
          // The kernel refused the request: EPERM, EINVAL (no unix_diag), ENOENT...
          Fail(error, -answer.error, "sock_diag", "the kernel refused the unix_diag dump");
          return Batch::kFailed;
        }
      } else if (header.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
        if (bodyLength < sizeof(unix_diag_msg)) {
          Fail(error, EPROTO, "recvmsg", "truncated unix_diag message");
          return Batch::kFailed;
        }
        unix_diag_msg message;
        std::memcpy(&message, body, sizeof(message));
        UnixSocket socket;
        socket.inode = message.udiag_ino;
        socket.type = message.udiag_type;
        socket.state = message.udiag_state;
        const size_t attrsAt = NLMSG_ALIGN(sizeof(unix_diag_msg));
        if (attrsAt < bodyLength && !ParseAttributes(body + attrsAt, bodyLength - attrsAt, socket)) {
          Fail(error, EPROTO, "recvmsg", "malformed unix_diag attribute");
          return Batch::kFailed;
        }
        out.push_back(std::move(socket));
      }
    }
    const size_t step = NLMSG_ALIGN(header.nlmsg_len);
    if (step > length - offset) {
      break;
    }
    offset += step;
  }
  return Batch::kMore;
}

namespace {

enum class Attempt { kOk, kRetry, kFailed };

Attempt DumpOnce(uint32_t seq, std::vector<UnixSocket>& out, SysError& error) {
  ScopedFd fd(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (fd.get() < 0) {
    Fail(error, errno, "socket", "cannot open a NETLINK_SOCK_DIAG socket");
    return Attempt::kFailed;
  }
  if (!SendDumpRequest(fd.get(), seq, error)) {
    return Attempt::kFailed;
  }
  std::vector<uint8_t> buffer(kRecvBufferSize);
  bool interrupted = false;
  for (;;) {
    iovec iov{buffer.data(), buffer.size()};
    msghdr msg;
    std::memset(&msg, 0, sizeof(msg));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    const ssize_t got = recvmsg(fd.get(), &msg, 0);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      Fail(error, errno, "recvmsg", "cannot read the unix_diag answer");
      return Attempt::kFailed;
    }
    if (got == 0) {
      Fail(error, EPROTO, "recvmsg", "the kernel closed the dump before its end");
      return Attempt::kFailed;
    }
    if (msg.msg_flags & MSG_TRUNC) {
      Fail(error, EMSGSIZE, "recvmsg", "a unix_diag answer did not fit the receive buffer");
      return Attempt::kFailed;
    }
    switch (ParseDiagBatch(buffer.data(), static_cast<size_t>(got), seq, out, interrupted, error)) {
      case Batch::kFailed:
        return Attempt::kFailed;
      case Batch::kDone:
        return interrupted ? Attempt::kRetry : Attempt::kOk;
      case Batch::kMore:
        break;
    }
  }
}

}  // namespace

bool DumpUnixSockets(std::vector<UnixSocket>& out, SysError& error) {
  for (int attempt = 1;; ++attempt) {
    out.clear();
    switch (DumpOnce(static_cast<uint32_t>(attempt), out, error)) {
      case Attempt::kOk:
        return true;
      case Attempt::kFailed:
        return false;
      case Attempt::kRetry:
        if (attempt >= kMaxAttempts) {
          return true;  // still racing after retries: a slightly stale snapshot beats none
        }
        break;
    }
  }
}

}  // namespace swdebug

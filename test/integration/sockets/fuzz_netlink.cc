// Feeds the addon's unix_diag parser (ParseDiagBatch, native/addon/sockdiag_netlink.cc)
// well-formed answers, then many damaged ones: cut short, bytes flipped, length fields
// rewritten. Built with AddressSanitizer and UBSan (no recovery) by parser.test.ts, so any
// read outside the buffer or misaligned access aborts the run instead of passing quietly.
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "sockdiag_netlink.h"

using swdebug::Batch;
using swdebug::ParseDiagBatch;
using swdebug::SysError;
using swdebug::UnixSocket;

namespace {

int failures = 0;

void Expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s\n", what);
    ++failures;
  }
}

void Append(std::vector<uint8_t>& out, const void* data, size_t size) {
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

void PadTo4(std::vector<uint8_t>& out) {
  while (out.size() % 4 != 0) {
    out.push_back(0);
  }
}

void Attr(std::vector<uint8_t>& out, uint16_t type, const void* data, size_t size) {
  nlattr header{static_cast<uint16_t>(NLA_HDRLEN + size), type};
  Append(out, &header, sizeof(header));
  Append(out, data, size);
  PadTo4(out);
}

struct Spec {
  uint32_t inode;
  uint8_t type;
  uint8_t state;
  std::vector<uint8_t> name;  // as the kernel sends it (with the NUL for paths)
  uint32_t peer;
  std::vector<uint32_t> icons;
  uint32_t rq, wq;
};

void Message(std::vector<uint8_t>& out, uint32_t seq, const Spec& spec) {
  std::vector<uint8_t> body;
  unix_diag_msg msg;
  std::memset(&msg, 0, sizeof(msg));
  msg.udiag_family = AF_UNIX;
  msg.udiag_type = spec.type;
  msg.udiag_state = spec.state;
  msg.udiag_ino = spec.inode;
  Append(body, &msg, sizeof(msg));
  Attr(body, UNIX_DIAG_NAME, spec.name.data(), spec.name.size());
  Attr(body, UNIX_DIAG_PEER, &spec.peer, sizeof(spec.peer));
  Attr(body, UNIX_DIAG_ICONS, spec.icons.data(), spec.icons.size() * sizeof(uint32_t));
  unix_diag_rqlen rql{spec.rq, spec.wq};
  Attr(body, UNIX_DIAG_RQLEN, &rql, sizeof(rql));
  const uint8_t shutdown = 3;
  Attr(body, UNIX_DIAG_SHUTDOWN, &shutdown, 1);
  nlmsghdr header;
  std::memset(&header, 0, sizeof(header));
  header.nlmsg_len = static_cast<uint32_t>(NLMSG_HDRLEN + body.size());
  header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  header.nlmsg_flags = NLM_F_MULTI;
  header.nlmsg_seq = seq;
  Append(out, &header, sizeof(header));
  Append(out, body.data(), body.size());
  PadTo4(out);
}

void Done(std::vector<uint8_t>& out, uint32_t seq) {
  nlmsghdr header;
  std::memset(&header, 0, sizeof(header));
  header.nlmsg_len = NLMSG_HDRLEN + sizeof(int);
  header.nlmsg_type = NLMSG_DONE;
  header.nlmsg_flags = NLM_F_MULTI;
  header.nlmsg_seq = seq;
  Append(out, &header, sizeof(header));
  const int zero = 0;
  Append(out, &zero, sizeof(zero));
}

std::vector<uint8_t> Path(const char* p) {
  return std::vector<uint8_t>(p, p + std::strlen(p) + 1);
}

std::vector<uint8_t> WellFormed(uint32_t seq) {
  std::vector<uint8_t> batch;
  Message(batch, seq, Spec{101, SOCK_STREAM, 10, Path("/tmp/sw/T0A1E61"), 0, {202, 203}, 2, 5});
  Message(batch, seq, Spec{102, SOCK_STREAM, 1, Path("/tmp/sw/T0A1E61"), 202, {}, 3, 0});
  Message(batch, seq, Spec{103, SOCK_DGRAM, 7, {0, 'a', 'b', 0, 'c'}, 0, {}, 7, 0});
  Message(batch, seq + 1, Spec{999, SOCK_STREAM, 1, Path("/other/seq"), 0, {}, 0, 0});  // not ours
  Done(batch, seq);
  return batch;
}

void CheckWellFormed() {
  const std::vector<uint8_t> batch = WellFormed(7);
  std::vector<UnixSocket> out;
  bool interrupted = false;
  SysError error;
  Expect(ParseDiagBatch(batch.data(), batch.size(), 7, out, interrupted, error) == Batch::kDone, "a well-formed dump ends with NLMSG_DONE");
  Expect(out.size() == 3, "three sockets of our sequence, the foreign one skipped");
  if (out.size() == 3) {
    Expect(out[0].inode == 101 && out[0].state == 10 && out[0].name == "/tmp/sw/T0A1E61", "listener fields");
    Expect(out[0].pending.size() == 2 && out[0].pending[1] == 203, "pending inodes");
    Expect(out[0].hasQueues && out[0].rq == 2 && out[0].wq == 5, "listener queues");
    Expect(out[1].peer == 202 && out[1].rq == 3 && out[1].shutdown == 3, "connected socket fields");
    Expect(out[2].hasName && out[2].name == std::string("@ab@c"), "abstract name shown with @ for NULs");
  }
  Expect(!interrupted, "not interrupted");
}

void CheckKernelError() {
  std::vector<uint8_t> batch;
  nlmsghdr header;
  std::memset(&header, 0, sizeof(header));
  header.nlmsg_len = NLMSG_HDRLEN + sizeof(nlmsgerr);
  header.nlmsg_type = NLMSG_ERROR;
  header.nlmsg_seq = 1;
  Append(batch, &header, sizeof(header));
  nlmsgerr answer;
  std::memset(&answer, 0, sizeof(answer));
  answer.error = -EPERM;
  Append(batch, &answer, sizeof(answer));
  std::vector<UnixSocket> out;
  bool interrupted = false;
  SysError error;
  Expect(ParseDiagBatch(batch.data(), batch.size(), 1, out, interrupted, error) == Batch::kFailed, "a kernel error fails the dump");
  Expect(error.err == EPERM, "with the kernel's errno");
}

// Damages a copy of `good` at random and parses it; the parser may refuse the answer but
// must not read outside the buffer (the sanitizers watch).
size_t Mutate(const std::vector<uint8_t>& good, int rounds) {
  std::mt19937 random(12345);
  size_t parsed = 0;
  for (int i = 0; i < rounds; ++i) {
    std::vector<uint8_t> bad = good;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      switch (random() % 4) {
        case 0:
          bad.resize(random() % (bad.size() + 1));
          break;
        case 1:
          if (!bad.empty()) {
            bad[random() % bad.size()] ^= static_cast<uint8_t>(1u << (random() % 8));
          }
          break;
        case 2:
          if (bad.size() >= 2) {
            // Rewrite what may be a length field with a random value.
            const size_t at = (random() % (bad.size() - 1)) & ~static_cast<size_t>(1);
            const uint16_t v = static_cast<uint16_t>(random());
            std::memcpy(&bad[at], &v, sizeof(v));
          }
          break;
        default:
          if (bad.size() >= 4) {
            const size_t at = (random() % (bad.size() - 3)) & ~static_cast<size_t>(3);
            const uint32_t v = static_cast<uint32_t>(random());
            std::memcpy(&bad[at], &v, sizeof(v));
          }
          break;
      }
    }
    // An exact-size heap copy, so ASan sees the end of the data as the end of the buffer.
    std::vector<uint8_t> exact(bad.begin(), bad.end());
    std::vector<UnixSocket> out;
    bool interrupted = false;
    SysError error;
    if (ParseDiagBatch(exact.data(), exact.size(), 7, out, interrupted, error) != Batch::kFailed) {
      ++parsed;
    }
  }
  return parsed;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 100000;
  CheckWellFormed();
  CheckKernelError();
  const size_t parsed = Mutate(WellFormed(7), rounds);
  std::printf("%d damaged answers parsed without a memory error (%zu accepted, %zu refused)\n", rounds, parsed, static_cast<size_t>(rounds) - parsed);
  return failures == 0 ? 0 : 1;
}

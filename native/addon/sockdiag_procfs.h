// Which processes hold which sockets: the /proc/PID/fd scan that turns socket inodes into
// (pid, fd) pairs, plus each holder's name and command line. Plain C++, worker-thread safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace swdebug {

struct SocketHolder {
  uint32_t inode = 0;
  int pid = 0;
  int fd = 0;
};

struct ProcessInfo {
  int pid = 0;
  std::string comm;                  // /proc/PID/comm without its newline
  std::vector<std::string> cmdline;  // /proc/PID/cmdline split at NULs (capped)
};

struct HolderScan {
  std::vector<SocketHolder> holders;
  std::vector<ProcessInfo> processes;  // only the processes that hold one of the inodes
  uint32_t unreadable = 0;             // processes whose fd table we may not read (EACCES)
};

// Scans every /proc/PID/fd under `procRoot` for links "socket:[INODE]" with INODE in
// `inodes`. Processes that vanish during the scan are skipped silently.
void ScanSocketHolders(const std::unordered_set<uint32_t>& inodes, HolderScan& out, const std::string& procRoot = "/proc");

}  // namespace swdebug

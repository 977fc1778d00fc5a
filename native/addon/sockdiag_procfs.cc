// The /proc/PID/fd scan behind the Sockets view's pid and fd columns (see sockdiag_procfs.h).
// Uses openat/readlinkat relative to each directory's fd, so no path is ever built by
// concatenation into a fixed buffer, and every read is limited to its buffer's size.
#include "sockdiag_procfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace swdebug {
namespace {

// Bounds what one process can contribute: a runaway command line is cut, not copied whole.
constexpr size_t kCmdlineMax = 4096;
constexpr size_t kCmdlineArgsMax = 64;
constexpr size_t kCommMax = 64;  // TASK_COMM_LEN is 16; leave room

class ScopedDir {
 public:
  explicit ScopedDir(DIR* dir) : dir_(dir) {}
  ScopedDir(const ScopedDir&) = delete;
  ScopedDir& operator=(const ScopedDir&) = delete;
  ~ScopedDir() {
    if (dir_ != nullptr) {
      closedir(dir_);
    }
  }
  DIR* get() const { return dir_; }

 private:
  DIR* dir_;
};

class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) {
      close(fd_);
    }
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Parses a decimal that fills the whole string and fits in `max`; false otherwise.
bool ParseDecimal(const char* text, size_t length, unsigned long max, unsigned long& value) {
  if (length == 0 || length > 10) {
    return false;
  }
  unsigned long v = 0;
  for (size_t i = 0; i < length; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    v = v * 10 + static_cast<unsigned long>(text[i] - '0');
  }
  if (v > max) {
    return false;
  }
  value = v;
  return true;
}

// "socket:[12345]" -> 12345. Anything else (files, pipes, anon inodes) -> false.
bool SocketInode(const char* link, size_t length, uint32_t& inode) {
  static const char kPrefix[] = "socket:[";
  const size_t prefix = sizeof(kPrefix) - 1;
  if (length <= prefix + 1 || std::memcmp(link, kPrefix, prefix) != 0 || link[length - 1] != ']') {
    return false;
  }
  unsigned long value = 0;
  if (!ParseDecimal(link + prefix, length - prefix - 1, 0xFFFFFFFFul, value)) {
    return false;
  }
  inode = static_cast<uint32_t>(value);
  return true;
}

// Reads up to `max` bytes of a small /proc file relative to `dirFd`.
std::string ReadSmallFile(int dirFd, const char* name, size_t max) {
  ScopedFd fd(openat(dirFd, name, O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return std::string();
  }
  std::string text(max, '\0');
  size_t used = 0;
  while (used < max) {
    const ssize_t got = read(fd.get(), &text[used], max - used);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    used += static_cast<size_t>(got);
  }
  text.resize(used);
  return text;
}

ProcessInfo DescribeProcess(int pid, int pidDirFd) {
  ProcessInfo info;
  info.pid = pid;
  info.comm = ReadSmallFile(pidDirFd, "comm", kCommMax);
  if (!info.comm.empty() && info.comm.back() == '\n') {
    info.comm.pop_back();
  }
  const std::string cmdline = ReadSmallFile(pidDirFd, "cmdline", kCmdlineMax);
  size_t start = 0;
  while (start < cmdline.size() && info.cmdline.size() < kCmdlineArgsMax) {
    size_t end = cmdline.find('\0', start);
    if (end == std::string::npos) {
      end = cmdline.size();
    }
    info.cmdline.push_back(cmdline.substr(start, end - start));
    start = end + 1;
  }
  return info;
}

// Scans one process's fd table; records holders and the process when it holds a match.
void ScanProcess(int procFd, const char* pidName, int pid, const std::unordered_set<uint32_t>& inodes, HolderScan& out) {
  ScopedFd pidDir(openat(procFd, pidName, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (pidDir.get() < 0) {
    return;  // gone already
  }
  const int fdDirFd = openat(pidDir.get(), "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fdDirFd < 0) {
    if (errno == EACCES || errno == EPERM) {
      out.unreadable += 1;
    }
    return;
  }
  ScopedDir fdDir(fdopendir(fdDirFd));
  if (fdDir.get() == nullptr) {
    close(fdDirFd);
    return;
  }
  bool holds = false;
  while (dirent* entry = readdir(fdDir.get())) {
    unsigned long fd = 0;
    if (!ParseDecimal(entry->d_name, std::strlen(entry->d_name), 0x7FFFFFFFul, fd)) {
      continue;  // "." and ".."
    }
    char link[64];
    const ssize_t length = readlinkat(dirfd(fdDir.get()), entry->d_name, link, sizeof(link));
    if (length <= 0 || static_cast<size_t>(length) >= sizeof(link)) {
      continue;  // closed meanwhile, or a long path: not a socket link
    }
    uint32_t inode = 0;
    if (SocketInode(link, static_cast<size_t>(length), inode) && inodes.count(inode) != 0) {
      out.holders.push_back(SocketHolder{inode, pid, static_cast<int>(fd)});
      holds = true;
    }
  }
  if (holds) {
    out.processes.push_back(DescribeProcess(pid, pidDir.get()));
  }
}

}  // namespace

void ScanSocketHolders(const std::unordered_set<uint32_t>& inodes, HolderScan& out, const std::string& procRoot) {
  if (inodes.empty()) {
    return;  // nothing to look for: skip reading every process's fd table
  }
  const int procFd = open(procRoot.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (procFd < 0) {
    return;
  }
  ScopedDir proc(fdopendir(procFd));
  if (proc.get() == nullptr) {
    close(procFd);
    return;
  }
  while (dirent* entry = readdir(proc.get())) {
    unsigned long pid = 0;
    if (ParseDecimal(entry->d_name, std::strlen(entry->d_name), 0x7FFFFFFFul, pid)) {
      ScanProcess(dirfd(proc.get()), entry->d_name, static_cast<int>(pid), inodes, out);
    }
  }
}

}  // namespace swdebug

// listUnixSockets(dirs): the emulated sockets of socket_wrapper sessions, for the Sockets view.
//
//   listUnixSockets(dirs: string | string[]): Promise<{
//     sockets: { inode, type: 'stream'|'dgram'|'seqpacket'|'unknown', state (kernel sk_state),
//                name: string|null, peer (inode, 0 = none), rq: number|null, wq: number|null,
//                shutdown (mask), pending: number[], holders: { pid, fd }[] }[],
//     processes: { pid, comm, cmdline: string[] }[],
//     unreadableProcesses: number }>
//
// A socket is reported when its bound name lies directly in one of `dirs` (socket_wrapper
// binds every emulated socket there as `%c%02X%04X`), when its peer does (an unnamed socket
// connected to an emulated one), or when it waits in the accept queue of a listener there.
// Accepted server-side sockets carry their listener's name in the kernel, so they match too.
//
// The work (netlink dump, /proc scan) runs on a libuv worker thread (Napi::AsyncWorker); the
// promise rejects with an Error whose `code` is the errno name ('EPERM', 'ENOENT', ...), with
// `errno`, `syscall` and, for a bad directory, `path`, like Node's own system errors.
#include "sockdiag.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sockdiag_netlink.h"
#include "sockdiag_procfs.h"

namespace swdebug {
namespace {

constexpr uint8_t kStateListen = 10;  // TCP_LISTEN in the kernel's sk_state numbering

// "/tmp/sw/" and "/tmp/sw" name the same directory; names are compared without the slash.
std::string NormalizeDir(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') {
    dir.pop_back();
  }
  return dir;
}

// Whether `name` is an entry directly inside `dir` (not in a subdirectory).
bool DirectlyIn(const std::string& name, const std::string& dir) {
  const std::string prefix = dir == "/" ? dir : dir + "/";
  return name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 && name.find('/', prefix.size()) == std::string::npos;
}

std::vector<UnixSocket> SelectInDirs(std::vector<UnixSocket>& all, const std::vector<std::string>& dirs) {
  std::unordered_set<uint32_t> named;
  for (const UnixSocket& s : all) {
    if (s.inode == 0 || !s.hasName) {
      continue;
    }
    for (const std::string& dir : dirs) {
      if (DirectlyIn(s.name, dir)) {
        named.insert(s.inode);
        break;
      }
    }
  }
  std::unordered_set<uint32_t> selected = named;
  for (const UnixSocket& s : all) {
    if (s.peer != 0 && named.count(s.peer) != 0) {
      selected.insert(s.inode);
    }
    if (s.state == kStateListen && named.count(s.inode) != 0) {
      selected.insert(s.pending.begin(), s.pending.end());
    }
  }
  std::vector<UnixSocket> out;
  for (UnixSocket& s : all) {
    if (s.inode != 0 && selected.count(s.inode) != 0) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

const char* TypeName(uint8_t type) {
  switch (type) {
    case SOCK_STREAM:
      return "stream";
    case SOCK_DGRAM:
      return "dgram";
    case SOCK_SEQPACKET:
      return "seqpacket";
    default:
      return "unknown";
  }
}

// 'EPERM' for EPERM; glibc knows the names since 2.32, older libcs get "E<number>".
std::string ErrnoName(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (const char* name = strerrorname_np(err)) {
    return name;
  }
#endif
  return "E" + std::to_string(err);
}

std::string ErrnoText(int err) {
  char buffer[256];
  // GNU strerror_r: returns the text, which may or may not live in `buffer`.
  return strerror_r(err, buffer, sizeof(buffer));
}

class ListUnixSocketsWorker : public Napi::AsyncWorker {
 public:
  ListUnixSocketsWorker(Napi::Env env, std::vector<std::string> dirs)
      : Napi::AsyncWorker(env, "swdebug.listUnixSockets"), deferred_(Napi::Promise::Deferred::New(env)), dirs_(std::move(dirs)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  // Worker thread: no Node-API calls here.
  void Execute() override {
    for (const std::string& dir : dirs_) {
      struct stat st;
      if (stat(dir.c_str(), &st) != 0) {
        Fail(SysError{errno, "stat", "cannot use socket directory " + dir}, dir);
        return;
      }
      if (!S_ISDIR(st.st_mode)) {
        Fail(SysError{ENOTDIR, "stat", "the socket directory " + dir + " is not a directory"}, dir);
        return;
      }
    }
    std::vector<UnixSocket> all;
    SysError error;
    if (!DumpUnixSockets(all, error)) {
      Fail(error, std::string());
      return;
    }
    sockets_ = SelectInDirs(all, dirs_);
    std::unordered_set<uint32_t> inodes;
    for (const UnixSocket& s : sockets_) {
      inodes.insert(s.inode);
    }
    ScanSocketHolders(inodes, scan_);
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    deferred_.Resolve(Result(env));
  }

  void OnError(const Napi::Error& generic) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    Napi::Error error = Napi::Error::New(env, generic.Message());
    Napi::Object object = error.Value();
    object.Set("code", Napi::String::New(env, ErrnoName(error_.err)));
    object.Set("errno", Napi::Number::New(env, error_.err));
    object.Set("syscall", Napi::String::New(env, error_.syscall));
    if (!path_.empty()) {
      object.Set("path", Napi::String::New(env, path_));
    }
    deferred_.Reject(object);
  }

 private:
  void Fail(const SysError& error, const std::string& path) {
    error_ = error;
    path_ = path;
    SetError(error.detail + ": " + ErrnoText(error.err) + " (" + ErrnoName(error.err) + ")");
  }

  Napi::Object Result(Napi::Env env) const {
    std::unordered_map<uint32_t, std::vector<const SocketHolder*>> holders;
    for (const SocketHolder& h : scan_.holders) {
      holders[h.inode].push_back(&h);
    }
    Napi::Array sockets = Napi::Array::New(env, sockets_.size());
    for (size_t i = 0; i < sockets_.size(); ++i) {
      const UnixSocket& s = sockets_[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("inode", Napi::Number::New(env, s.inode));
      o.Set("type", Napi::String::New(env, TypeName(s.type)));
      o.Set("state", Napi::Number::New(env, s.state));
      o.Set("name", s.hasName ? Napi::Value(Napi::String::New(env, s.name)) : env.Null());
      o.Set("peer", Napi::Number::New(env, s.peer));
      o.Set("rq", s.hasQueues ? Napi::Value(Napi::Number::New(env, s.rq)) : env.Null());
      o.Set("wq", s.hasQueues ? Napi::Value(Napi::Number::New(env, s.wq)) : env.Null());
      o.Set("shutdown", Napi::Number::New(env, s.shutdown));
      Napi::Array pending = Napi::Array::New(env, s.pending.size());
      for (size_t j = 0; j < s.pending.size(); ++j) {
        pending.Set(static_cast<uint32_t>(j), Napi::Number::New(env, s.pending[j]));
      }
      o.Set("pending", pending);
      const auto found = holders.find(s.inode);
      const size_t count = found == holders.end() ? 0 : found->second.size();
      Napi::Array list = Napi::Array::New(env, count);
      for (size_t j = 0; j < count; ++j) {
        Napi::Object h = Napi::Object::New(env);
        h.Set("pid", Napi::Number::New(env, found->second[j]->pid));
        h.Set("fd", Napi::Number::New(env, found->second[j]->fd));
        list.Set(static_cast<uint32_t>(j), h);
      }
      o.Set("holders", list);
      sockets.Set(static_cast<uint32_t>(i), o);
    }
    Napi::Array processes = Napi::Array::New(env, scan_.processes.size());
    for (size_t i = 0; i < scan_.processes.size(); ++i) {
      const ProcessInfo& p = scan_.processes[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("pid", Napi::Number::New(env, p.pid));
      o.Set("comm", Napi::String::New(env, p.comm));
      Napi::Array args = Napi::Array::New(env, p.cmdline.size());
      for (size_t j = 0; j < p.cmdline.size(); ++j) {
        args.Set(static_cast<uint32_t>(j), Napi::String::New(env, p.cmdline[j]));
      }
      o.Set("cmdline", args);
      processes.Set(static_cast<uint32_t>(i), o);
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("sockets", sockets);
    result.Set("processes", processes);
    result.Set("unreadableProcesses", Napi::Number::New(env, scan_.unreadable));
    return result;
  }

  Napi::Promise::Deferred deferred_;
  std::vector<std::string> dirs_;
  std::vector<UnixSocket> sockets_;
  HolderScan scan_;
  SysError error_;
  std::string path_;
};

// Argument errors are the caller's bug and throw synchronously; system errors reject.
Napi::Value ListUnixSockets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<std::string> dirs;
  if (info.Length() >= 1 && info[0].IsString()) {
    dirs.push_back(NormalizeDir(info[0].As<Napi::String>().Utf8Value()));
  } else if (info.Length() >= 1 && info[0].IsArray()) {
    Napi::Array list = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) {
      Napi::Value item = list.Get(i);
      if (!item.IsString()) {
        Napi::TypeError::New(env, "listUnixSockets: every directory must be a string").ThrowAsJavaScriptException();
        return env.Undefined();
      }
      dirs.push_back(NormalizeDir(item.As<Napi::String>().Utf8Value()));
    }
  }
  if (dirs.empty()) {
    Napi::TypeError::New(env, "listUnixSockets: expected a directory or a non-empty array of directories").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  for (const std::string& dir : dirs) {
    if (dir.empty() || dir[0] != '/' || dir.find('\0') != std::string::npos) {
      Napi::TypeError::New(env, "listUnixSockets: directories must be absolute paths").ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }
  auto* worker = new ListUnixSocketsWorker(env, std::move(dirs));
  Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK/OnError
  return promise;
}

}  // namespace

void RegisterSockDiag(Napi::Env env, Napi::Object exports) {
  exports.Set("listUnixSockets", Napi::Function::New(env, ListUnixSockets, "listUnixSockets"));
}

}  // namespace swdebug

// The Node-API addon of socket-wrapper-debug.
//
// Built with node-addon-api against N-API version 8, so the same binary loads in plain
// Node (the swdebug CLI, tests) and in any VS Code extension host (Electron): N-API is
// ABI-stable across both. Keep this file the entry point only: each capability (sock_diag
// enumeration for the Sockets view, ...) gets its own source file and registers here.
#include <napi.h>

#include "pcap_counter_napi.h"
#include "sockdiag.h"

#include <sys/un.h>
#include <sys/utsname.h>

namespace {

// sizeof(sockaddr_un::sun_path) on this platform: the hard limit for the socket_wrapper
// directory plus the 7-character socket name. Asked of the C headers, not hard-coded in JS.
Napi::Value SunPathMax(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(sizeof(((struct sockaddr_un*)nullptr)->sun_path)));
}

// The kernel the addon runs on; a cheap end-to-end proof that real native code executed.
Napi::Value KernelRelease(const Napi::CallbackInfo& info) {
  struct utsname u;
  if (uname(&u) != 0) {
    return info.Env().Null();
  }
  return Napi::String::New(info.Env(), u.release);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  exports.Set("napiVersion", Napi::Number::New(env, NAPI_VERSION));
  exports.Set("sunPathMax", Napi::Function::New(env, SunPathMax, "sunPathMax"));
  exports.Set("kernelRelease", Napi::Function::New(env, KernelRelease, "kernelRelease"));
  swdebug::RegisterSockDiag(env, exports);  // listUnixSockets: the Sockets view
  swdebug::RegisterPcapCounter(env, exports);  // PcapCounter: `swdebug stats` on big captures
  return exports;
}

}  // namespace

NODE_API_MODULE(swdebug_addon, Init)

// The Sockets view's native entry point: registers `listUnixSockets(dirs)` on the addon's
// exports. See sockdiag.cc for what it returns and how it fails.
#pragma once

#include <napi.h>

namespace swdebug {

void RegisterSockDiag(Napi::Env env, Napi::Object exports);

}  // namespace swdebug

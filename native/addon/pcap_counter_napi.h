// The `swdebug stats` counter's native entry point: registers the `PcapCounter` class on the
// addon's exports. See pcap_counter_napi.cc for its methods and pcap_counter.h for what it counts.
#pragma once

#include <napi.h>

namespace swdebug {

void RegisterPcapCounter(Napi::Env env, Napi::Object exports);

}  // namespace swdebug

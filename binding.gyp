# node-gyp build of everything native. `npm ci` runs it (the "install" script).
# Targets:
#   swdebug_addon - the Node-API addon (node-addon-api), loaded by the extension host and the CLI.
#   swdebug_fdtrace - the LD_PRELOAD fd tracer (plain C, no Node), build/Release/libswdebug_fdtrace.so,
#                     preloaded before libsocket_wrapper.so by launches with fdTrace (native/tracer/FORMAT.md).
{
  "targets": [
    {
      "target_name": "swdebug_addon",
      "sources": [
        "native/addon/addon.cc",
        "native/addon/pcap_counter.cc",
        "native/addon/pcap_counter_napi.cc",
        "native/addon/sockdiag.cc",
        "native/addon/sockdiag_netlink.cc",
        "native/addon/sockdiag_procfs.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags": ["-Wall", "-Wextra", "-Werror"],
      "cflags_cc": ["-Wall", "-Wextra", "-Werror", "-std=c++17"]
    },
    {
      "target_name": "swdebug_fdtrace",
      "type": "shared_library",
      "product_prefix": "lib",
      "product_name": "swdebug_fdtrace",
      "product_extension": "so",
      "sources": [
        "native/tracer/fdtrace_channel.c",
        "native/tracer/fdtrace_core.c",
        "native/tracer/fdtrace_describe.c",
        "native/tracer/fdtrace_exit.c",
        "native/tracer/fdtrace_ids.c",
        "native/tracer/fdtrace_life.c",
        "native/tracer/fdtrace_msg.c",
        "native/tracer/fdtrace_next.c",
        "native/tracer/fdtrace_objcache.c",
        "native/tracer/fdtrace_peer.c",
        "native/tracer/fdtrace_proc.c",
        "native/tracer/fdtrace_record.c",
        "native/tracer/fdtrace_sockbits.c"
      ],
      "cflags": ["-Wall", "-Wextra", "-Werror", "-std=gnu11", "-fvisibility=hidden"],
      "libraries": ["-ldl", "-lpthread"]
    }
  ]
}

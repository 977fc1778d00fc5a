# node-gyp build of everything native. `npm ci` runs it (the "install" script).
# Targets:
#   swdebug_addon - the Node-API addon (node-addon-api), loaded by the extension host and the CLI.
#   (the LD_PRELOAD fd tracer, native/tracer, will be a second target here)
{
  "targets": [
    {
      "target_name": "swdebug_addon",
      "sources": [
        "native/addon/addon.cc",
        "native/addon/sockdiag.cc",
        "native/addon/sockdiag_netlink.cc",
        "native/addon/sockdiag_procfs.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags": ["-Wall", "-Wextra", "-Werror"],
      "cflags_cc": ["-Wall", "-Wextra", "-Werror", "-std=c++17"]
    }
  ]
}

# Shared helpers for scripts/run and scripts/test (sourced, not executed).

# configure_and_build DIR [cmake args…]: configure with Ninja once, then build everything.
configure_and_build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc)"
}

# start_xvfb: starts Xvfb on a free display number unless one is running already; exports
# DISPLAY and registers a trap that stops it.
start_xvfb() {
  local n
  for n in $(seq 90 140); do
    if [ ! -e "/tmp/.X${n}-lock" ] && [ ! -e "/tmp/.X11-unix/X${n}" ]; then
      Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
      XVFB_PID=$!
      export DISPLAY=":$n"
      trap 'kill $XVFB_PID 2>/dev/null || true' EXIT
      for _ in $(seq 1 50); do
        [ -e "/tmp/.X11-unix/X${n}" ] && return 0
        sleep 0.1
      done
      echo "Xvfb did not start on :$n / 虚拟显示启动失败" >&2
      return 1
    fi
  done
  echo "no free X display number / 没有可用的显示编号" >&2
  return 1
}

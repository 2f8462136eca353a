# shellcheck shell=bash
# Sourced by .ci/run: makes sure Debian's Chromium and the CJK fonts are present for
# the real-browser tests (test/browser/). playwright-core drives /usr/bin/chromium; the
# machine cannot download Playwright's own browsers. Chinese text needs fonts-noto-cjk.

browser_ci_ensure() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -qi 'Noto Sans CJK'; }; then
    missing+=(fonts-noto-cjk)
  fi
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "chromium and fonts-noto-cjk already installed: $(/usr/bin/chromium --version 2>/dev/null)"
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "need apt-get to install: ${missing[*]}" >&2; return 1; }
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "installing with apt-get: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" fontconfig >&2
  /usr/bin/chromium --version
}

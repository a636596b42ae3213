#!/usr/bin/env bash
# Installs the Debian packages the tests drive, when their command is missing.
#
#   scripts/ensure-test-tools.sh python3-zeep openssl xmlsec1 chromium
#
# For each package it checks the command the tests use (see command_check below: python3-X is checked
# by importing X in /usr/bin/python3; a package not listed there is checked as a command of its own name;
# "package:command" names the command explicitly).
# Missing ones are installed with one `apt-get update` and `apt-get install -y --no-install-recommends`,
# only when running as root with apt-get. Present tools never make it fail; when it may not install
# (not root, no apt-get) it says what to run and exits 0; a failed install exits 1.
set -euo pipefail

log() { printf 'ensure-test-tools: %s\n' "$*"; }

# Prints the shell test that tells whether a package's tool is there.
command_check() {
  local package=$1
  case "$package" in
    *:*) printf 'command -v %q' "${package#*:}" ;;
    chromium) printf 'command -v chromium || command -v chromium-browser' ;;
    libxml2-utils) printf 'command -v xmllint' ;;
    poppler-utils) printf 'command -v pdftoppm' ;;
    python3-*)
      # Debian's python3-X modules are seen by Debian's python3, not by a pyenv python3 earlier on PATH.
      local module=${package#python3-} python=python3
      [ -x /usr/bin/python3 ] && python=/usr/bin/python3
      printf '%s -c %q' "$python" "import ${module//-/_}" ;;
    *) printf 'command -v %q' "$package" ;;
  esac
}

present() { bash -c "$(command_check "$1")" >/dev/null 2>&1; }

if [ "$#" -eq 0 ]; then
  log "usage: $0 PACKAGE... (e.g. python3-zeep openssl xmlsec1 chromium)"
  exit 2
fi

missing=()
for package in "$@"; do
  if present "$package"; then
    log "$package: present"
  else
    log "$package: missing"
    missing+=("${package%%:*}")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  log "all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "not root: not installing ${missing[*]}; run: sudo apt-get install --no-install-recommends ${missing[*]} (the tests that drive them cannot run)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  log "no apt-get on this machine: not installing ${missing[*]} (the tests that drive them cannot run)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
if ! apt-get update -qq; then
  log "apt-get update failed"
  exit 1
fi
log "apt-get install -y --no-install-recommends ${missing[*]}"
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  log "apt-get install failed for ${missing[*]}"
  exit 1
fi

status=0
for package in "$@"; do
  if present "$package"; then
    log "$package: ok"
  else
    log "$package: still missing after the install"
    status=1
  fi
done
exit "$status"

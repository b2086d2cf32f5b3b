#!/usr/bin/env bash
# Check the system programs a make target needs before it starts; with --install, install the
# missing ones from Debian's packages (sudo only when not root).
#
#   scripts/prerequisites.sh [--install] TARGET...     e.g. scripts/prerequisites.sh test
#
# Without --install it stops at once (exit 1) with one message naming every missing program and
# the one command that installs them all. Each line of the table below is one prerequisite:
#   targets (comma-separated) ^ what it is for ^ check (a shell test) ^ Debian package
# A new target (e.g. pdf) adds its name to the lines it needs, or adds lines of its own.
set -uo pipefail

TABLE='
book,test,bench,pdf^Python 3.11 with venv^command -v python3.11 >/dev/null || python3 -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))"^python3.11
book,test,bench,pdf^Python venv module^{ command -v python3.11 >/dev/null && python3.11 -c "import ensurepip" || python3 -c "import ensurepip"; } 2>/dev/null^python3.11-venv
book,test,bench,pdf^make^command -v make >/dev/null^make
test,bench,pdf^Chromium (browser tests, Lighthouse, axe-core)^command -v chromium >/dev/null || test -x "${CHROME_PATH:-/usr/bin/chromium}"^chromium
test,bench^Node.js (Lighthouse, axe-core, the Nu Html Checker launcher)^command -v node >/dev/null^nodejs
test,bench^npm (installs the pinned Node tools)^command -v npm >/dev/null^npm
test^Java (the Nu Html Checker)^command -v java >/dev/null^default-jre-headless
test,pdf^DejaVu fonts (screenshots and printed pages)^fc-list 2>/dev/null | grep -qi dejavu^fonts-dejavu-core
'

install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi
if [ $# -eq 0 ]; then echo "usage: $0 [--install] TARGET..." >&2; exit 2; fi

missing=() packages=()
while IFS='^' read -r targets what check package; do
  [ -n "$targets" ] || continue
  wanted=0
  for target in "$@"; do
    case ",$targets," in *",$target,"*) wanted=1 ;; esac
  done
  [ $wanted -eq 1 ] || continue
  if ! bash -c "$check" >/dev/null 2>&1; then
    missing+=("  - $what (Debian package: $package)")
    case " ${packages[*]-} " in *" $package "*) ;; *) packages+=("$package") ;; esac
  fi
done <<< "$TABLE"

[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo "
command="${SUDO}apt-get update && ${SUDO}apt-get install -y ${packages[*]}"
if [ $install -eq 1 ]; then
  echo "Installing: ${packages[*]}"
  ${SUDO}apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive ${SUDO}apt-get install -y -qq "${packages[@]}" && exit 0
  echo "Installing ${packages[*]} failed." >&2
  exit 1
fi
{
  echo "make $*: missing prerequisites:"
  printf '%s\n' "${missing[@]}"
  echo "Install them all (Debian/Ubuntu) with:"
  echo "  $command"
  echo "or run: scripts/prerequisites.sh --install $*"
} >&2
exit 1
